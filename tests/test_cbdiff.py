"""codebook diff: codes added, removed, renamed, moved and changed, from the library and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from odskcode.cbdiff import DiffRow, diff_codebooks
from odskcode.cli import app
from odskcode.codebook import load_codebook
from odskcode.codes import rename_code
from odskcode.project import init_project

from .conftest import MINI

runner = CliRunner()

OLD = """\
odskcode_codebook: 1
id: lama
languages: [id, en]
valence:
  positive: [baik, cepat]
  negative: [lambat]
codes:
  - id: pelayanan
    role: dimension
    label: {id: Pelayanan, en: Service}
    definition: {id: Mutu pelayanan., en: Service quality.}
    children:
      - id: waktu
        label: {id: Waktu pelayanan, en: Service time}
        definition: {id: Lama layanan., en: How long a service takes.}
        rules: {words: [cepat, lambat]}
      - id: antrean
        label: {id: Antrean, en: Queue}
        definition: {id: Pengaturan antrean., en: How the queue is run.}
        rules: {words: [antrean], not_with: [pelayanan.waktu]}
  - id: kendala
    role: obstacle
    label: {id: Kendala, en: Obstacles}
    definition: {id: Hambatan., en: Obstacles.}
    children:
      - id: jaringan
        label: {id: Gangguan jaringan, en: Network problems}
        definition: {id: Jaringan terputus., en: The network is down.}
        rules: {words: [jaringan putus]}
      - id: biaya
        label: {id: Biaya, en: Costs}
        definition: {id: Pungutan biaya., en: Fees charged.}
        rules: {words: [bayar]}
"""

NEW = """\
odskcode_codebook: 1
id: lama
languages: [id, en]
valence:
  positive: [baik, ramah]
  negative: [lambat]
codes:
  - id: pelayanan
    role: dimension
    label: {id: Pelayanan, en: Public service}
    definition: {id: Mutu pelayanan., en: Service quality.}
    children:
      - id: durasi
        label: {id: Waktu pelayanan, en: Service time}
        definition: {id: Lama layanan., en: How long a service takes.}
        rules: {words: [cepat, lambat, lama sekali]}
      - id: antrean
        label: {id: Antrean, en: Queue}
        definition: {id: Pengaturan antrean., en: How the queue is run.}
        rules: {words: [antrean], not_with: [pelayanan.durasi]}
      - id: jaringan
        label: {id: Gangguan jaringan, en: Network problems}
        definition: {id: Jaringan terputus., en: The network is down.}
        rules: {words: [jaringan putus]}
  - id: kendala
    role: obstacle
    label: {id: Kendala, en: Obstacles}
    definition: {id: Hambatan., en: Obstacles.}
    children:
      - id: sistem
        label: {id: Sistem error, en: System errors}
        definition: {id: Aplikasi error., en: The application fails.}
        rules: {words: [sistem error]}
"""

EXPECTED = [
    DiffRow("changed", "", "", "valence.positive", ["cepat"], ["ramah"]),
    DiffRow(
        "changed", "pelayanan", "pelayanan", "label", {"id": "Pelayanan", "en": "Service"},
        {"id": "Pelayanan", "en": "Public service"},
    ),
    DiffRow("renamed", "pelayanan.waktu", "pelayanan.durasi"),
    DiffRow("changed", "pelayanan.waktu", "pelayanan.durasi", "rules.words", [], ["lama sekali"]),
    DiffRow("moved", "kendala.jaringan", "pelayanan.jaringan"),
    DiffRow("changed", "kendala.jaringan", "pelayanan.jaringan", "role", "obstacle", "dimension"),
    DiffRow("added", "", "kendala.sistem"),
    DiffRow("removed", "kendala.biaya", ""),
]  # fmt: skip


@pytest.fixture(autouse=True)
def _lang(monkeypatch):
    monkeypatch.setenv("ODSKCODE_LANG", "en")


@pytest.fixture
def books(tmp_path) -> tuple[Path, Path]:
    old, new = tmp_path / "lama.yaml", tmp_path / "baru.yaml"
    old.write_text(OLD, encoding="utf-8")
    new.write_text(NEW, encoding="utf-8")
    return old, new


def test_diff_of_small_codebooks(books):
    old, new = books
    diff = diff_codebooks(load_codebook(old), load_codebook(new), "lama.yaml", "baru.yaml")
    assert diff.rows == EXPECTED
    assert not diff.same
    assert diff.counts() == {"added": 1, "removed": 1, "renamed": 1, "moved": 1, "changed": 4}
    assert diff.renames() == {"pelayanan.waktu": "pelayanan.durasi", "kendala.jaringan": "pelayanan.jaringan"}


def test_same_codebook_has_no_differences():
    odsk = load_codebook("odsk")
    diff = diff_codebooks(odsk, load_codebook("odsk"))
    assert diff.same and diff.rows == []
    assert diff.to_frame().shape == (0, 6)


def test_category_rename_lists_its_children_once(books, tmp_path):
    old, _ = books
    renamed = tmp_path / "hambatan.yaml"
    renamed.write_text(OLD.replace("  - id: kendala\n    role: obstacle", "  - id: hambatan\n    role: effort"))
    diff = diff_codebooks(load_codebook(old), load_codebook(renamed))
    assert diff.rows == [
        DiffRow("renamed", "kendala", "hambatan"),
        DiffRow("changed", "kendala", "hambatan", "role", "obstacle", "effort"),
        DiffRow("renamed", "kendala.jaringan", "hambatan.jaringan"),
        DiffRow("renamed", "kendala.biaya", "hambatan.biaya"),
    ]


def test_diff_shows_what_codes_rename_did(tmp_path):
    project = init_project(tmp_path / "proj", codebook=MINI)
    rename_code(project, "efektivitas.perencanaan", "efektivitas.rencana")
    diff = diff_codebooks(load_codebook(MINI), load_codebook(project.codebook_path))
    assert diff.rows == [DiffRow("renamed", "efektivitas.perencanaan", "efektivitas.rencana")]


def test_code_sets(tmp_path):
    with_sets = tmp_path / "set_lama.yaml"
    with_sets.write_text(
        OLD + "sets:\n  - {name: waktu, codes: [pelayanan.waktu, pelayanan.antrean]}\n"
        "  - {name: biaya, codes: [kendala.biaya]}\n",
        encoding="utf-8",
    )
    new_sets = tmp_path / "set_baru.yaml"
    new_sets.write_text(
        NEW + "sets:\n  - {name: waktu, codes: [pelayanan.durasi, pelayanan.jaringan]}\n"
        "  - {name: teknis, codes: [kendala.sistem]}\n",
        encoding="utf-8",
    )
    rows = diff_codebooks(load_codebook(with_sets), load_codebook(new_sets)).rows
    assert rows[len(EXPECTED) :] == [
        DiffRow("changed", "", "", "sets", ["biaya"], ["teknis"]),
        DiffRow("changed", "", "", "sets.waktu.codes", ["pelayanan.antrean"], ["pelayanan.jaringan"]),
    ]


def test_lists_ignore_order_and_texts_ignore_spacing(books, tmp_path):
    old, _ = books
    shuffled = tmp_path / "urut.yaml"
    shuffled.write_text(
        OLD.replace("[cepat, lambat]", "[lambat, cepat]").replace("Mutu pelayanan.", "Mutu   pelayanan."),
        encoding="utf-8",
    )
    assert diff_codebooks(load_codebook(old), load_codebook(shuffled)).same


# --------------------------------------------------------------------------- CLI
def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def test_cli_json(books):
    old, new = books
    result = run("codebook", "diff", old, new, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema_version"] == 1
    assert (data["old"], data["new"], data["same"]) == (str(old), str(new), False)
    assert data["counts"] == {"added": 1, "removed": 1, "renamed": 1, "moved": 1, "changed": 4}
    assert data["changes"][0] == {
        "change": "changed",
        "code": "",
        "new_code": "",
        "field": "valence.positive",
        "old": ["cepat"],
        "new": ["ramah"],
    }
    assert [c["change"] for c in data["changes"]] == [r.change for r in EXPECTED]


def test_cli_markdown(books, tmp_path):
    old, new = books
    out = tmp_path / "perubahan.md"
    result = run("codebook", "diff", old, new, "--format", "markdown", "--output", out)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8") == (
        f"## Codebook changes: {old} → {new}\n"
        "\n"
        "| Change | Code | New code | Field | Old (taken out) | New (put in) |\n"
        "| --- | --- | --- | --- | --- | --- |\n"
        "| changed |  |  | valence.positive | cepat | ramah |\n"
        "| changed | pelayanan | pelayanan | label | id: Pelayanan; en: Service | id: Pelayanan; en: Public service |\n"
        "| renamed | pelayanan.waktu | pelayanan.durasi |  |  |  |\n"
        "| changed | pelayanan.waktu | pelayanan.durasi | rules.words |  | lama sekali |\n"
        "| moved | kendala.jaringan | pelayanan.jaringan |  |  |  |\n"
        "| changed | kendala.jaringan | pelayanan.jaringan | role | obstacle | dimension |\n"
        "| added |  | kendala.sistem |  |  |  |\n"
        "| removed | kendala.biaya |  |  |  |  |\n"
        "\n"
        "1 added, 1 removed, 1 renamed, 1 moved, 4 changes of content\n"
    )


def test_cli_markdown_in_indonesian(books):
    old, new = books
    result = run("codebook", "diff", old, new, "-f", "markdown", "--lang", "id")
    assert result.exit_code == 0, result.output
    assert "| Perubahan | Kode | Kode baru | Bagian | Lama (dihapus) | Baru (ditambah) |" in result.stdout
    assert result.stdout.endswith("1 ditambah, 1 dihapus, 1 diganti nama, 1 dipindah, 4 perubahan isi\n")


def test_cli_table(books):
    old, new = books
    result = runner.invoke(app, ["codebook", "diff", str(old), str(new)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Codebook changes:" in result.stdout
    assert "kendala.biaya" in result.stdout
    assert "1 added, 1 removed, 1 renamed, 1 moved, 4 changes of content" in result.stdout


def test_cli_exit_code(books):
    old, new = books
    assert run("codebook", "diff", old, new, "--exit-code", "-f", "json").exit_code == 1
    same = run("codebook", "diff", old, old, "--exit-code")
    assert same.exit_code == 0
    assert same.stdout == "No differences\n"
    bundled = run("codebook", "diff", "odsk", "odsk", "-f", "markdown")
    assert bundled.exit_code == 0
    assert bundled.stdout == "## Codebook changes: odsk → odsk\n\nNo differences\n"


def test_cli_missing_file(books, tmp_path):
    old, _ = books
    result = run("codebook", "diff", old, tmp_path / "tidak_ada.yaml")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'tidak_ada.yaml'}: codebook file not found\n"
