"""Figures: the informant × code matrix as a heatmap and code frequencies as bars.

matplotlib is an optional extra (``pip install 'odskcode[plot]'``); it is imported
only here, and only when a figure is drawn. The terminal bar chart needs nothing
but the data (:func:`frequency_bars`).
"""

from __future__ import annotations

from pathlib import Path

from .errors import OdskcodeError
from .i18n import msg, t
from .summary import Summary
from .tables import frequencies, informant_matrix

KINDS = ("matrix", "frequencies")
SUFFIXES = (".png", ".svg", ".pdf")


def frequency_bars(summary: Summary) -> list[tuple[str, str, int]]:
    """(code id, label, informants) of every child code, most frequent first, for a bar chart."""
    f = frequencies(summary)
    rows = f[f["level"] == "code"].sort_values("informants", ascending=False, kind="stable")
    return [(str(r.code), str(r.label), int(str(r.informants))) for r in rows.itertuples(index=False)]


def write_figure(summary: Summary, kind: str, path: str | Path) -> Path:
    """Draw ``kind`` (``matrix`` or ``frequencies``) to a PNG, SVG or PDF file."""
    path = Path(path)
    if kind not in KINDS:
        raise OdskcodeError(msg("pl.kind", kind=kind, kinds=", ".join(KINDS)))
    if path.suffix.lower() not in SUFFIXES:
        raise OdskcodeError(msg("pl.suffix", suffix=path.suffix or path.name), file=path)
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise OdskcodeError(msg("pl.missing"), hint=msg("pl.missing_hint")) from exc
    lang = summary.lang
    if kind == "matrix":
        matrix = informant_matrix(summary, "segments")
        codes = [c for c in matrix.columns[1:] if summary.codebook.codes[c].parent is not None]
        values = matrix[codes].to_numpy()
        fig, ax = plt.subplots(figsize=(max(6, 0.35 * len(codes) + 2), max(3, 0.35 * len(matrix) + 1.5)))
        image = ax.imshow(values, cmap="Greens", aspect="auto")
        ax.set_xticks(range(len(codes)), [summary.codebook.codes[c].name(lang) for c in codes], rotation=90, fontsize=7)
        ax.set_yticks(range(len(matrix)), list(matrix["informant"]), fontsize=8)
        fig.colorbar(image, ax=ax, label=t("c.segments", lang))
        ax.set_title(t("tt.matrix_segments", lang), fontsize=10)
    else:
        bars = frequency_bars(summary)
        fig, ax = plt.subplots(figsize=(7, max(3, 0.28 * len(bars) + 1)))
        ax.barh([b[1] for b in bars][::-1], [b[2] for b in bars][::-1], color="#2e7d32")
        ax.set_xlabel(t("c.informants", lang))
        ax.set_title(t("tt.frequencies", lang), fontsize=10)
        ax.tick_params(axis="y", labelsize=7)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    from .export import atomic_write

    atomic_write({path: lambda p: fig.savefig(p, format=path.suffix.lstrip(".").lower(), dpi=150)})
    plt.close(fig)
    return path
