"""Retrieving segments (odskcode.retrieve and ``odskcode segments``): filters, modes, formats, keys."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from odskcode.cli import app
from odskcode.errors import OdskcodeError
from odskcode.retrieve import SegmentQuery, retrieve
from odskcode.summary import SEGMENT_COLUMNS

from .conftest import MINI
from .test_project import add_coding, make_mini_project, write_mini_interviews

runner = CliRunner()


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    monkeypatch.delenv("ODSKCODE_PROJECT", raising=False)
    monkeypatch.setenv("ODSKCODE_LANG", "en")


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def rows(project, **query) -> list[tuple[str, str, str, str]]:
    """(transcript, segment, code, coder) of each retrieved row."""
    frame = retrieve(SegmentQuery(**query), project=project).frame
    assert list(frame.columns) == SEGMENT_COLUMNS
    return [(r.transcript, r.segment, r.code, r.coder) for r in frame.itertuples(index=False)]


AUTO = [
    ("I01.md", "t001", "efektivitas.perencanaan", "auto"),
    ("I01.md", "t002", "efektivitas.pengawasan", "auto"),
    ("I02.md", "t001", "responsivitas.kecepatan", "auto"),
    ("I02.md", "t002", "kendala.perbedaan_pendapat", "auto"),
    ("I02.md", "t002", "upaya.musyawarah", "auto"),
]


# --------------------------------------------------------------------------- library
def test_coded_rows_in_text_then_codebook_order(tmp_path):
    project = make_mini_project(tmp_path)
    assert rows(project) == AUTO


def test_code_matches_itself_and_its_descendants(tmp_path):
    project = make_mini_project(tmp_path)
    assert rows(project, code="efektivitas") == AUTO[:2]
    assert rows(project, code="efektivitas.perencanaan") == AUTO[:1]
    assert rows(project, code="kendala") == [AUTO[3]]


def test_informant_and_text_filters_combine_with_and(tmp_path):
    project = make_mini_project(tmp_path)
    assert rows(project, informant="I02") == AUTO[2:]
    assert rows(project, text="LAMBAT") == [AUTO[2]]  # case-insensitive
    assert rows(project, text=r"^kami\b") == AUTO[3:]  # searched in the segment's text
    assert rows(project, code="efektivitas", informant="I01", text="lancar") == [AUTO[1]]
    assert rows(project, code="efektivitas", informant="I02") == []


def test_uncoded_and_all_are_relative_to_the_code_and_coder_filters(tmp_path):
    project = make_mini_project(tmp_path)
    assert rows(project, which="uncoded") == []
    uncoded = rows(project, code="efektivitas", which="uncoded")
    assert uncoded == [("I02.md", "t001", "", ""), ("I02.md", "t002", "", "")]
    assert rows(project, code="efektivitas", which="all") == [*AUTO[:2], *uncoded]
    frame = retrieve(SegmentQuery(code="efektivitas", which="uncoded", text="lambat"), project=project).frame
    assert frame.to_dict(orient="records") == [
        {
            "transcript": "I02.md",
            "informant": "I02",
            "role": "Penerima",
            "group": "masyarakat",
            "source": "wawancara",
            "segment": "t001",
            "start": 22,
            "end": 48,
            "code": "",
            "category": "",
            "valence": "",
            "coder": "",
            "origin": "",
            "rule": "",
            "memo": "",
            "text": "Penyaluran bantuan lambat.",
        }
    ]


def test_rows_are_the_codings_that_count_and_coder_selects_one_coders(tmp_path):
    project = make_mini_project(tmp_path)
    add_coding(project, "I01.md", segment="t001", code="efektivitas.pengawasan", coder="ani", valence="negatif")
    add_coding(project, "I01.md", segment="t001", code="efektivitas.pengawasan", coder="budi", valence="positif")
    ani = ("I01.md", "t001", "efektivitas.pengawasan", "ani")
    budi = ("I01.md", "t001", "efektivitas.pengawasan", "budi")
    # where people coded, their codings count (each its own row) and the auto one does not
    assert rows(project) == [ani, budi, *AUTO[1:]]
    assert rows(project, coder="auto") == AUTO
    assert rows(project, coder="ani") == [ani]
    # what ani has not coded yet
    assert rows(project, coder="ani", which="uncoded") == [
        ("I01.md", "t002", "", ""),
        ("I02.md", "t001", "", ""),
        ("I02.md", "t002", "", ""),
    ]


def test_unknown_code_informant_and_coder_are_errors(tmp_path):
    project = make_mini_project(tmp_path)
    with pytest.raises(OdskcodeError) as err:
        rows(project, code="efektivitas.perencana")
    assert str(err.value) == (
        "code 'efektivitas.perencana' is not in the codebook (did you mean 'efektivitas.perencanaan'?)"
        f" — see the codes with: odskcode codebook show {project.codebook_path}"  # the project's, not the bundled one
    )
    with pytest.raises(OdskcodeError) as err:
        rows(project, informant="I1")
    assert str(err.value) == "no informant 'I1' (did you mean 'I01'?); the informants: I01, I02"
    with pytest.raises(OdskcodeError) as err:
        rows(project, coder="ani")
    assert str(err.value) == "no coder 'ani' in the project; its coders: auto"
    with pytest.raises(OdskcodeError) as err:
        rows(project, text="(lambat")
    assert str(err.value) == (
        "'(lambat' is not a valid regular expression: missing ), unterminated subpattern at position 0"
    )


def test_paths_are_auto_coded_in_memory_like_the_project(tmp_path):
    project = make_mini_project(tmp_path)
    folder = write_mini_interviews(tmp_path / "again")
    in_memory = retrieve(SegmentQuery(), paths=[folder], codebook=MINI).frame
    stored = retrieve(SegmentQuery(), project=project).frame
    assert in_memory.drop(columns=["rule"]).equals(stored.drop(columns=["rule"]))
    with pytest.raises(OdskcodeError) as err:
        retrieve(SegmentQuery(coder="ani"), paths=[folder], codebook=MINI)
    assert str(err.value) == "no coder 'ani' in the project; its coders: auto"


# --------------------------------------------------------------------------- CLI
def test_cli_csv_exact_and_to_a_file(tmp_path):
    project = make_mini_project(tmp_path)
    result = run("segments", "-p", project.root, "--code", "upaya", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "transcript,informant,role,group,source,segment,start,end,code,category,valence,coder,origin,rule,memo,text\n"
        "I02.md,I02,Penerima,masyarakat,wawancara,t002,71,111,upaya.musyawarah,upaya,netral,auto,rule,"
        "words:musyawarah,,Kami musyawarah kalau ada beda pendapat.\n"
    )
    target = tmp_path / "out" / "upaya.csv"
    to_file = run("segments", "-p", project.root, "--code", "upaya", "--format", "csv", "--output", target)
    assert to_file.exit_code == 0, to_file.output
    assert to_file.stdout == ""
    assert target.read_text(encoding="utf-8") == result.stdout


def test_cli_table_json_and_markdown(tmp_path):
    project = make_mini_project(tmp_path)
    table = run("segments", "-p", project.root, "--informant", "I01", "--all")
    assert table.exit_code == 0, table.output
    assert table.stdout == (
        "2 rows\n"
        "\n"
        "I01.md t001 I01 efektivitas.perencanaan (positif, auto)\n"
        "  Perencanaan kami sudah baik.\n"
        "\n"
        "I01.md t002 I01 efektivitas.pengawasan (positif, auto)\n"
        "  Pengawasan berjalan lancar.\n"
    )
    data = json.loads(run("segments", "-p", project.root, "--code", "kendala", "-f", "json").stdout)
    assert data["schema_version"] == 1
    assert [(r["transcript"], r["segment"], r["code"]) for r in data["segments"]] == [
        ("I02.md", "t002", "kendala.perbedaan_pendapat")
    ]
    markdown = run("segments", "-p", project.root, "--text", "lancar", "-f", "markdown")
    assert markdown.stdout.splitlines()[0] == "| " + " | ".join(SEGMENT_COLUMNS) + " |"
    assert "| Pengawasan berjalan lancar. |" in markdown.stdout


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "html", "latex"])
def test_cli_every_format_of_the_summarizer(tmp_path, fmt):
    project = make_mini_project(tmp_path)
    target = tmp_path / f"segmen.{fmt}"
    result = run("segments", "-p", project.root, "--code", "responsivitas", "-f", fmt, "-o", target)
    assert result.exit_code == 0, result.output
    if fmt == "xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(target).active
        values = list(sheet.values)
        assert list(values[0]) == SEGMENT_COLUMNS
        assert values[1][0] == "I02.md"
        assert values[1][15] == "Penyaluran bantuan lambat."
    elif fmt == "docx":
        import docx

        cells = [c.text for c in docx.Document(str(target)).tables[0].rows[1].cells]
        assert cells == ["I02.md", "I02", "t001", "responsivitas.kecepatan", "negatif", "auto",
                         "Penyaluran bantuan lambat."]  # fmt: skip
    else:
        assert "Penyaluran bantuan lambat." in target.read_text(encoding="utf-8")


def test_cli_usage_errors_exit_2(tmp_path):
    project = make_mini_project(tmp_path)
    bad = run("segments", "-p", project.root, "--text", "(lambat")
    assert bad.exit_code == 2
    assert (
        "Invalid value for --text: '(lambat' is not a valid regular expression: "
        "missing ), unterminated subpattern at position 0"
    ) in bad.stderr
    both = run("segments", "-p", project.root, "--uncoded", "--all")
    assert both.exit_code == 2
    assert "Invalid value for --all: --uncoded and --all cannot be used together" in both.stderr
    needs = run("segments", "-p", project.root, "-f", "xlsx")
    assert needs.exit_code == 2
    assert "--format xlsx writes a file: add --output FILE.xlsx" in needs.stderr


def test_cli_input_errors_exit_1(tmp_path):
    project = make_mini_project(tmp_path)
    unknown = run("segments", "-p", project.root, "--code", "upaya.musyawara")
    assert unknown.exit_code == 1
    assert unknown.stdout == ""
    assert unknown.stderr == (
        "Error: code 'upaya.musyawara' is not in the codebook (did you mean 'upaya.musyawarah'?)"
        f" — see the codes with: odskcode codebook show {project.codebook_path}\n"
    )
    coder = run("segments", "-p", project.root, "--coder", "ani")
    assert coder.exit_code == 1
    assert coder.stderr == "Error: no coder 'ani' in the project; its coders: auto\n"


def test_cli_paths(tmp_path):
    folder = write_mini_interviews(tmp_path / "tx")
    result = run("segments", folder, "--codebook", MINI, "--code", "efektivitas", "-f", "csv")
    assert result.exit_code == 0, result.output
    keys = [(r["transcript"], r["segment"], r["code"]) for r in csv.DictReader(io.StringIO(result.stdout))]
    assert keys == [r[:3] for r in AUTO[:2]]


def test_cli_rows_carry_the_keys_codings_import_reads(tmp_path):
    """segments --format csv, edited in a spreadsheet, comes back in with codings import."""
    project = make_mini_project(tmp_path)
    out = run("segments", "-p", project.root, "--code", "efektivitas", "-f", "csv", "-o", tmp_path / "s.csv")
    assert out.exit_code == 0, out.output
    text = (tmp_path / "s.csv").read_text(encoding="utf-8").replace(",auto,rule,", ",ani,manual,")
    (tmp_path / "ani.csv").write_text(text, encoding="utf-8")
    imported = run("codings", "import", tmp_path / "ani.csv", "-p", project.root)
    assert imported.exit_code == 0, imported.output
    assert imported.stdout == "2 added, 0 unchanged, 0 updated, 0 skipped\n"
    assert rows(project, coder="ani") == [(t, s, c, "ani") for t, s, c, _ in AUTO[:2]]
