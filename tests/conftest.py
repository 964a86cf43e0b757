from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SAMPLE = ROOT / "sample_interviews"
MINI = DATA / "mini_codebook.yaml"


@pytest.fixture
def mini_codebook():
    from odskcode.codebook import load_codebook

    return load_codebook(MINI)


def write_interview(folder: Path, name: str, informant: str, turns: list[str], **meta: str) -> Path:
    """Write a small Markdown interview: each item of ``turns`` is one informant answer."""
    front = {"informant": informant, "role": "Staf", "group": "pemerintah", "source": "wawancara", **meta}
    lines = ["---", *(f"{k}: {v}" for k, v in front.items()), "---"]
    for i, answer in enumerate(turns, start=1):
        lines.append(f"P: Pertanyaan {i}?")
        lines.append(f"{informant}: {answer}")
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
