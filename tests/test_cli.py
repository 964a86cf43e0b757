"""Every command through typer's CliRunner, in-process: exit codes and exact messages."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest
from typer.testing import CliRunner

from odskcode import __version__
from odskcode.cli import app
from odskcode.export import summary_to_dict
from odskcode.pipeline import analyze

from .conftest import MINI, SAMPLE, write_interview

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"odskcode {__version__}\n"


def test_help_lists_commands():
    result = run("--help")
    assert result.exit_code == 0
    for command in ("analyze", "codebook"):
        assert command in result.stdout


def test_help_does_not_import_pandas():
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from odskcode.cli import app\n"
        "r = CliRunner().invoke(app, ['--help'])\n"
        "assert r.exit_code == 0, r.output\n"
        "heavy = [m for m in ('pandas', 'openpyxl', 'docx', 'yaml', 'ahocorasick') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_analyze_sample_table_has_three_dimensions():
    result = run("analyze", SAMPLE, "--lang", "en")
    assert result.exit_code == 0, result.output
    for label in ("Effectiveness", "Responsiveness", "Accountability"):
        assert label in result.stdout
    assert "/10" in result.stdout
    assert "Corpus: 10 informants, 1 observation, 1 document" in result.stdout
    assert "Verdict rule: share of informants judging positively" in result.stdout


def test_analyze_sample_indonesian():
    result = run("analyze", SAMPLE)
    assert result.exit_code == 0, result.output
    for label in ("Efektivitas", "Responsivitas", "Akuntabilitas"):
        assert label in result.stdout
    assert "Korpus: 10 informan, 1 observasi, 1 dokumen" in result.stdout


def test_analyze_json_matches_library():
    result = run("analyze", SAMPLE, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema_version"] == 1
    assert data["corpus"] == {"informants": 10, "observations": 1, "documents": 1}
    library = json.loads(json.dumps(summary_to_dict(analyze([SAMPLE]).summary), ensure_ascii=False))
    assert data == library


def test_analyze_csv_is_findings_csv():
    result = run("analyze", SAMPLE, "--format", "csv", "--lang", "en")
    assert result.exit_code == 0, result.output
    header = result.stdout.splitlines()[0].split(",")
    assert header[:3] == ["level", "category", "code"]
    assert "Effectiveness" in result.stdout


def test_analyze_markdown_table():
    result = run("analyze", SAMPLE, "--format", "markdown", "--lang", "en")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("### Findings by dimension")
    assert lines[2].startswith("| Dimension | Indicators | Informants (n/N) |")
    assert sum(1 for line in lines if line.startswith("| Effectiveness")) == 1


def test_analyze_export_writes_contract_files(tmp_path):
    out = tmp_path / "out"
    result = run("analyze", SAMPLE, "--export", out, "--format", "json")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["findings.csv", "matrix.csv", "segments.csv", "summary.xlsx"]
    segments = pd.read_csv(out / "segments.csv")
    assert list(segments.columns) == [
        "transcript", "informant", "role", "group", "source", "segment", "start", "end",
        "code", "category", "valence", "coder", "origin", "rule", "memo", "text", "counts",
    ]  # fmt: skip
    assert segments["counts"].all()  # analyze makes only auto codings: every one counts
    findings = pd.read_csv(out / "findings.csv")
    for column in ("level", "category", "code", "label", "informants", "informants_total", "share", "segments",
                   "positive", "negative", "mixed", "assessment", "kendala", "upaya", "quote"):  # fmt: skip
        assert column in findings.columns
    matrix = pd.read_csv(out / "matrix.csv")
    assert matrix.columns[0] == "informant"
    assert len(matrix) == 10
    assert set(matrix.columns[1:]) <= {"efektivitas"} | {c for c in segments["code"]} | set(findings["code"])
    data = json.loads(result.stdout)
    assert len(data["segments"]) == len(segments)
    assert len(data["findings"]) == len(findings)
    from openpyxl import load_workbook

    wb = load_workbook(out / "summary.xlsx", read_only=True)
    assert {"findings", "segments", "matrix", "sources"} <= set(wb.sheetnames)


def test_analyze_output_file(tmp_path):
    target = tmp_path / "findings.md"
    result = run("analyze", SAMPLE, "--format", "markdown", "--output", target)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("### Temuan per dimensi")


def test_analyze_with_codebook_option(tmp_path):
    write_interview(tmp_path, "I01.md", "I01", ["Perencanaan kami sudah baik."])
    result = run("analyze", tmp_path, "--codebook", MINI, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert "efektivitas.perencanaan" in result.stdout


def test_analyze_missing_path_is_one_error_line(tmp_path):
    missing = tmp_path / "nowhere"
    result = run("analyze", missing, "--lang", "en")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"Error: {missing}: no such file or folder\n"


def test_analyze_broken_transcript_is_located(tmp_path):
    (tmp_path / "I01.md").write_text("---\ninformant: I01\nrole: x\n", encoding="utf-8")
    result = run("analyze", tmp_path, "--lang", "en")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {tmp_path / 'I01.md'}:1: front matter opened with '---' is never closed"
        " — add a line '---' after the metadata\n"
    )
    assert "Traceback" not in result.output


def test_analyze_error_in_indonesian(tmp_path):
    (tmp_path / "I01.md").write_bytes(b"")
    result = run("analyze", tmp_path, "--lang", "id")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'I01.md'}:1: berkas kosong\n"


def test_debug_shows_traceback(tmp_path):
    (tmp_path / "I01.md").write_bytes(b"")
    result = runner.invoke(app, ["--debug", "analyze", str(tmp_path)])
    assert result.exit_code == 1
    assert result.exception is not None
    assert type(result.exception).__name__ == "TranscriptError"


def test_usage_error_exits_2():
    result = run("analyze", SAMPLE, "--format", "pdf")
    assert result.exit_code == 2
    result = run("analyze")
    assert result.exit_code == 2


def test_invalid_codebook_stops_analyze(tmp_path):
    bad = tmp_path / "cb.yaml"
    bad.write_text("odskcode_codebook: 1\ncodes: [\n", encoding="utf-8")
    result = run("analyze", SAMPLE, "--codebook", bad)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {bad}:")
    assert "odskcode codebook validate" in result.stderr


BROKEN_CODEBOOK = """\
odskcode_codebook: 1
id: broken
title: Broken
languages: [id, en]
codes:
  - id: efektivitas
    role: dimension
    label: {id: Efektivitas, en: Effectiveness}
    definition: x
    children:
      - id: perencanaan
        lable: {id: Perencanaan, en: Planning}
        definition: x
        rules: {words: [perencanaan]}
      - id: perencanaan
        label: {id: Perencanaan, en: Planning}
        definition: x
        rules: {regex: ['(unclosed']}
"""


def test_codebook_validate_reports_all_problems(tmp_path):
    path = tmp_path / "codebook.yaml"
    path.write_text(BROKEN_CODEBOOK, encoding="utf-8")
    result = run("codebook", "validate", path)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{path}:11: error: code 'efektivitas.perencanaan' has no label",
        f"{path}:12: error: unknown key 'lable' in code (did you mean 'label'?)",
        f"{path}:15: error: code id 'efektivitas.perencanaan' is already used on line 11",
        f"{path}:18: error: invalid regex in 'efektivitas.perencanaan': missing ), unterminated subpattern at position 0",
        "4 errors, 0 warnings",
    ]


def test_codebook_validate_json(tmp_path):
    path = tmp_path / "codebook.yaml"
    path.write_text(BROKEN_CODEBOOK, encoding="utf-8")
    result = run("codebook", "validate", path, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["valid"] is False
    assert [p["code"] for p in data["problems"]] == ["missing-label", "unknown-key", "duplicate-id", "bad-regex"]
    assert [p["line"] for p in data["problems"]] == [11, 12, 15, 18]


def test_codebook_validate_bundled_is_clean():
    result = run("codebook", "validate", SAMPLE.parent / "codebooks" / "odsk.yaml")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "0 errors, 0 warnings"


def test_codebook_validate_warnings_exit_zero(tmp_path):
    path = tmp_path / "cb.yaml"
    path.write_text(
        "odskcode_codebook: 1\nid: w\nlanguages: [id, en]\ncodes:\n"
        "  - id: dim\n    role: dimension\n    label: Dimensi\n    definition: x\n",
        encoding="utf-8",
    )
    result = run("codebook", "validate", path)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [f"{path}:7: warning: code 'dim' has no 'en' label", "0 errors, 1 warnings"]


def test_codebook_validate_yaml_syntax_error_alone(tmp_path):
    path = tmp_path / "cb.yaml"
    path.write_text("odskcode_codebook: 1\ncodes:\n  - id: a\n   role: x\n", encoding="utf-8")
    result = run("codebook", "validate", path)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{path}:4: error: invalid YAML syntax:")


def test_codebook_validate_missing_file(tmp_path):
    result = run("codebook", "validate", tmp_path / "nope.yaml")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'nope.yaml'}: codebook file not found\n"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_codebook_show_tree(lang):
    result = run("codebook", "show", "odsk", "--lang", lang)
    assert result.exit_code == 0, result.output
    assert "efektivitas.perencanaan" in result.stdout
    assert ("Perencanaan" if lang == "id" else "Planning") in result.stdout
    assert "[dimension]" in result.stdout


def test_codebook_show_json():
    result = run("codebook", "show", "--format", "json", "--lang", "en")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    ids = [c["id"] for c in data["codes"]]
    assert {"efektivitas", "responsivitas", "akuntabilitas", "kendala", "upaya", "saran"} <= set(ids)
    assert data["codes"][0]["role"] == "dimension"


def test_analyze_prints_warnings_on_stderr(tmp_path):
    (tmp_path / "I01.md").write_text(
        "---\ninformant: I01\n---\nP: Apa kabar?\nI01: Perencanaan baik.\nB2: saya juga.\n", encoding="utf-8"
    )
    result = run("analyze", tmp_path, "--format", "csv", "--lang", "en")
    assert result.exit_code == 0
    assert result.stderr == (
        f"Warning: {tmp_path / 'I01.md'}:6: 'B2:' looks like a speaker label but is not declared"
        " (I01, P, Pewawancara, Peneliti, Interviewer, Q); the line joins the previous turn\n"
    )
    assert result.stdout.startswith("level,category,code")


def test_unknown_code_in_quotes_suggests_and_names_the_bundled_codebook_by_name():
    result = run("quotes", "responsivitas.kecepatan", SAMPLE, "--lang", "en")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: code 'responsivitas.kecepatan' is not in the codebook (did you mean "
        "'responsivitas.kecepatan_ketepatan'?) — see the codes with: odskcode codebook show odsk"
    )
