"""Project commands through typer's CliRunner, in-process: exit codes and exact messages."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from typer.testing import CliRunner

from odskcode.cli import app
from odskcode.project import load_codings, open_project
from odskcode.store import SCHEMA_VERSION

from .conftest import MINI, SAMPLE
from .test_project import (
    I01_CODINGS,
    add_coding,
    add_decision,
    copy_sample,
    count,
    edit,
    make_mini_project,
    replace_scenario,
    snapshot,
)

runner = CliRunner()

NOT_FOUND = (
    "Error: no odskcode project in this folder or above it"
    " — create one with: odskcode init [DIR], or choose one with --project DIR\n"
)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    monkeypatch.delenv("ODSKCODE_PROJECT", raising=False)
    monkeypatch.setenv("ODSKCODE_LANG", "en")


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


@pytest.fixture(scope="module")
def analyzed(tmp_path_factory):
    """``odskcode analyze SAMPLE --export A`` and its CSV findings, the reference for a project."""
    out = tmp_path_factory.mktemp("analyze") / "A"
    exported = runner.invoke(app, ["analyze", str(SAMPLE), "--export", str(out), "--lang", "en", "--format", "json"])
    assert exported.exit_code == 0, exported.output
    csv_out = runner.invoke(app, ["summarize", str(SAMPLE), "--format", "csv", "--lang", "en"])
    assert csv_out.exit_code == 0, csv_out.output
    return out, csv_out.stdout


# --------------------------------------------------------------------------- init
def test_init_default_codebook(tmp_path):
    target = tmp_path / "proj"
    result = run("init", target)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"Project created in {target} (codebook: {target / 'codebook.yaml'}). Next: odskcode import DIR\n"
    )
    assert result.stderr == ""
    assert sorted(p.name for p in target.iterdir()) == [".odskcode", "codebook.yaml", "odskcode.yaml"]
    assert (target / ".odskcode" / "project.sqlite").is_file()


def test_init_with_codebook_and_twice(tmp_path):
    target = tmp_path / "proj"
    result = run("init", target, "--codebook", MINI, "--name", "mini")
    assert result.exit_code == 0, result.output
    assert (
        result.stdout
        == f"Project created in {target} (codebook: {target / 'codebook.yaml'}). Next: odskcode import DIR\n"
    )
    assert open_project(target).codebook().id == "mini"
    again = run("init", target)
    assert again.exit_code == 1
    assert again.stdout == ""
    assert again.stderr == (
        f"Error: {target / 'odskcode.yaml'}: a project already exists here"
        " — use this project, or give odskcode init another folder\n"
    )


def test_init_in_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("init")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "odskcode.yaml").is_file()


def test_init_invalid_codebook_creates_nothing(tmp_path):
    bad = tmp_path / "cb.yaml"
    bad.write_text("odskcode_codebook: 1\ncodes: [\n", encoding="utf-8")
    result = run("init", tmp_path / "proj", "--codebook", bad)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {bad}:")
    assert not (tmp_path / "proj").exists()


# --------------------------------------------------------------------------- discovery
def test_no_project_found(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for args in (["autocode", "--lang", "en"], ["summarize"], ["transcripts", "list"], ["export", "out"]):
        result = run(*args)
        assert result.exit_code == 1, args
        assert result.stdout == ""
        assert result.stderr == NOT_FOUND
    assert not (tmp_path / "out").exists()


def test_no_project_found_in_indonesian(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("autocode", "--lang", "id")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: tidak ada proyek odskcode di folder ini atau di atasnya"
        " — buat proyek dengan: odskcode init [FOLDER], atau pilih dengan --project FOLDER\n"
    )


def test_project_option_that_is_not_a_project(tmp_path):
    result = run("transcripts", "list", "--project", tmp_path)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: '{tmp_path}' is not an odskcode project (no odskcode.yaml)"
        " — create one with: odskcode init [DIR], or choose one with --project DIR\n"
    )


def test_project_found_from_a_subfolder_and_from_the_environment(tmp_path, monkeypatch):
    make_mini_project(tmp_path)
    sub = tmp_path / "proj" / "notes" / "2020"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    upward = run("transcripts", "list", "--format", "csv")
    assert upward.exit_code == 0, upward.output
    assert upward.stdout.splitlines()[1:] == [
        "I01.md,I01,wawancara,Staf,pemerintah,2,2,0,0",
        "I02.md,I02,wawancara,Penerima,masyarakat,2,3,0,0",
    ]
    monkeypatch.chdir(tmp_path)
    assert run("transcripts", "list").stderr == NOT_FOUND
    monkeypatch.setenv("ODSKCODE_PROJECT", str(tmp_path / "proj"))
    from_env = run("transcripts", "list", "--format", "csv")
    assert from_env.exit_code == 0, from_env.output
    assert from_env.stdout == upward.stdout
    # --project wins over $ODSKCODE_PROJECT
    monkeypatch.setenv("ODSKCODE_PROJECT", str(tmp_path / "nowhere"))
    assert run("transcripts", "list", "-f", "csv", "-p", tmp_path / "proj").stdout == upward.stdout
    wrong = run("transcripts", "list")
    assert wrong.exit_code == 1
    assert wrong.stderr.startswith(f"Error: '{tmp_path / 'nowhere'}' is not an odskcode project")


# --------------------------------------------------------------------------- the whole job, from elsewhere
@pytest.mark.parametrize("how", ["--project", "env"])
def test_project_workflow_matches_analyze(tmp_path, monkeypatch, analyzed, how):
    reference, reference_csv = analyzed
    proj = tmp_path / "proj"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    if how == "env":
        monkeypatch.setenv("ODSKCODE_PROJECT", str(proj))
        opt: list[object] = []
    else:
        opt = ["--project", proj]

    result = run("init", proj)
    assert result.exit_code == 0, result.output
    result = run("import", SAMPLE, *opt)
    assert result.exit_code == 0, result.output
    assert result.stdout == "12 added, 0 unchanged, 0 metadata updated, 0 replaced\nNext: odskcode autocode\n"
    assert result.stderr == ""

    result = run("autocode", *opt)
    assert result.exit_code == 0, result.output
    n_codings = len(read_rows(reference / "segments.csv")[1])
    assert result.stdout == (
        f"12 transcripts coded: {n_codings} auto codings (replacing 0); 0 rejected suggestions not re-added\n"
    )

    result = run("summarize", *opt, "--format", "csv", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert result.stdout == reference_csv

    result = run("export", "B", *opt, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == "4 files written to B\n"
    out = elsewhere / "B"
    assert sorted(p.name for p in out.iterdir()) == ["findings.csv", "matrix.csv", "segments.csv", "summary.xlsx"]
    for name in ("findings.csv", "matrix.csv"):
        assert (out / name).read_text(encoding="utf-8") == (reference / name).read_text(encoding="utf-8"), name
    header, rows = read_rows(out / "segments.csv")
    ref_header, ref_rows = read_rows(reference / "segments.csv")
    assert header == ref_header
    assert sorted(rows) == sorted(ref_rows)
    assert not list(elsewhere.glob("*.yaml"))  # nothing was made in the current folder


# --------------------------------------------------------------------------- import
def test_import_twice_reports_unchanged(tmp_path):
    sample = copy_sample(tmp_path, ["I01.md", "I02.md", "I03.md"])
    run("init", tmp_path / "proj")
    first = run("import", sample, "-p", tmp_path / "proj")
    assert first.stdout == "3 added, 0 unchanged, 0 metadata updated, 0 replaced\nNext: odskcode autocode\n"
    project = open_project(tmp_path / "proj")
    assert run("autocode", "-p", project.root).exit_code == 0
    before = snapshot(project)
    second = run("import", sample, "-p", project.root)
    assert second.exit_code == 0, second.output
    assert second.stdout == "0 added, 3 unchanged, 0 metadata updated, 0 replaced\n"
    assert snapshot(project) == before
    edit(sample / "I03.md", "role:", "role: Kepala Seksi (lama);")
    third = run("import", sample, "-p", project.root)
    assert third.stdout == "0 added, 2 unchanged, 1 metadata updated, 0 replaced\n"
    assert snapshot(project)[1] == before[1]  # codings untouched


def test_import_changed_file_is_refused_and_names_it(tmp_path):
    sample = copy_sample(tmp_path, ["I01.md", "I02.md"])
    run("init", tmp_path / "proj")
    run("import", sample, "-p", tmp_path / "proj")
    project = open_project(tmp_path / "proj")
    add_coding(project, "I02.md", segment="t001")
    before = snapshot(project)
    text = (sample / "I02.md").read_text(encoding="utf-8")
    (sample / "I02.md").write_text(text.replace("I02: ", "I02: Nah, ", 1), encoding="utf-8")
    result = run("import", sample, "-p", project.root, "--lang", "en")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "Error: 1 transcript changed since it was imported: I02.md"
        " — import again with --replace to move their codings onto the new text\n"
    )
    assert snapshot(project) == before
    replaced = run("import", sample, "-p", project.root, "--replace")
    assert replaced.exit_code == 0, replaced.output
    assert replaced.stdout == (
        "0 added, 1 unchanged, 0 metadata updated, 1 replaced\n"
        "codings moved onto the new text: 1 exact, 0 fuzzy\n"
        "Next: odskcode autocode\n"
    )


def test_import_replace_reports_orphans_and_show_lists_them(tmp_path):
    project, sample, _, ranges = replace_scenario(tmp_path)
    result = run("import", sample, "--replace", "-p", project.root, "--lang", "en")
    assert result.exit_code == 0, result.output
    start, end = ranges["deleted"]
    assert result.stdout.splitlines() == [
        "0 added, 0 unchanged, 0 metadata updated, 1 replaced",
        "codings moved onto the new text: 2 exact, 1 fuzzy",
        "1 coding could not be placed; kept as orphaned (see: odskcode transcripts show TRANSCRIPT):",
        f"  I01.md {start}-{end} efektivitas.pengawasan (ani): “{I01_CODINGS['deleted']}”",
        "Next: odskcode autocode",
    ]
    assert count(project, "codings") == 4
    shown = run("transcripts", "show", "I01.md", "-p", project.root, "--lang", "en")
    assert shown.exit_code == 0, shown.output
    lines = shown.stdout.splitlines()
    assert lines[0] == "I01.md — I01 (wawancara)"
    assert lines[-2:] == ["Orphaned codings", f"  efektivitas.pengawasan (ani) {start}-{end}"]
    assert "          efektivitas.perencanaan netral (ani)" in lines
    listed = run("transcripts", "list", "-p", project.root, "-f", "csv")
    assert listed.stdout.splitlines()[1].endswith(",pemerintah,14,0,3,1")  # segments, auto, manual, orphaned


# --------------------------------------------------------------------------- transcripts list / show
def test_transcripts_list_formats(tmp_path, monkeypatch):
    project = make_mini_project(tmp_path)
    add_coding(project, "I01.md", segment="t002", code="efektivitas.pengawasan", valence="negatif")
    as_csv = run("transcripts", "list", "-p", project.root, "--format", "csv")
    assert as_csv.exit_code == 0, as_csv.output
    assert as_csv.stdout == (
        "transcript,informants,source,role,group,segments,auto,manual,orphaned\n"
        "I01.md,I01,wawancara,Staf,pemerintah,2,2,1,0\n"
        "I02.md,I02,wawancara,Penerima,masyarakat,2,3,0,0\n"
    )
    as_json = run("transcripts", "list", "-p", project.root, "--format", "json")
    assert as_json.exit_code == 0, as_json.output
    data = json.loads(as_json.stdout)
    assert data["schema_version"] == 1
    assert data["rows"][0] == {
        "transcript": "I01.md", "informants": "I01", "source": "wawancara", "role": "Staf", "group": "pemerintah",
        "segments": 2, "auto": 2, "manual": 1, "orphaned": 0,
    }  # fmt: skip
    assert [r["transcript"] for r in data["rows"]] == ["I01.md", "I02.md"]
    monkeypatch.setenv("COLUMNS", "200")
    table = run("transcripts", "list", "-p", project.root)
    assert table.exit_code == 0, table.output
    header = next(line for line in table.stdout.splitlines() if "transcript" in line)
    assert header.split() == ["transcript", "informants", "source", "group", "segments", "auto", "manual", "orphaned"]
    rows = [line.split() for line in table.stdout.splitlines() if ".md" in line]
    assert rows == [
        ["I01.md", "I01", "wawancara", "pemerintah", "2", "2", "1", "0"],
        ["I02.md", "I02", "wawancara", "masyarakat", "2", "3", "0", "0"],
    ]
    bad = run("transcripts", "list", "-p", project.root, "--format", "xml")
    assert bad.exit_code == 2
    assert "unknown format 'xml'; choose table, csv or json" in bad.stderr


def test_transcripts_show(tmp_path):
    project = make_mini_project(tmp_path)
    add_coding(project, "I01.md", segment="t002", code="efektivitas.pengawasan", valence="negatif", memo="singkat")
    result = run("transcripts", "show", "I01.md", "-p", project.root)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "I01.md — I01 (wawancara)",
        "        P: Pertanyaan 1?",
        "   t001 I01: Perencanaan kami sudah baik.",
        "          efektivitas.perencanaan positif (auto)",
        "        P: Pertanyaan 2?",
        "   t002 I01: Pengawasan berjalan lancar.",
        "          efektivitas.pengawasan negatif (ani) — singkat",
        "          efektivitas.pengawasan positif (auto)",
    ]
    missing = run("transcripts", "show", "X.md", "-p", project.root, "--lang", "en")
    assert missing.exit_code == 1
    assert missing.stderr == (
        "Error: no transcript 'X.md' in the project — did you mean 'I02.md'? list them with: odskcode transcripts list\n"
    )
    by_informant = run("transcripts", "show", "I01", "-p", project.root)  # as the coding commands take it
    assert (by_informant.exit_code, by_informant.stdout) == (0, result.stdout)


# --------------------------------------------------------------------------- autocode
def test_autocode_command(tmp_path):
    project = make_mini_project(tmp_path, autocode=False)
    first = run("autocode", "-p", project.root, "--lang", "en")
    assert first.exit_code == 0, first.output
    assert first.stdout == "2 transcripts coded: 5 auto codings (replacing 0); 0 rejected suggestions not re-added\n"
    add_decision(project, "I02.md", "t002", "rejected", code="upaya.musyawarah")
    add_coding(project, "I01.md", segment="t001", code="efektivitas.pengawasan")
    second = run("autocode", "-p", project.root, "--lang", "en")
    assert second.stdout == "2 transcripts coded: 4 auto codings (replacing 5); 1 rejected suggestions not re-added\n"
    one = run("autocode", "-p", project.root, "-t", "I01.md", "--lang", "en")
    assert one.stdout == "1 transcript coded: 2 auto codings (replacing 2); 0 rejected suggestions not re-added\n"
    assert len(load_codings(project)) == 5  # 4 auto + 1 manual
    unknown = run("autocode", "-p", project.root, "-t", "X.md", "--lang", "en")
    assert unknown.exit_code == 1
    assert unknown.stdout == ""
    assert unknown.stderr == "Error: no transcript 'X.md' in the project — list them with: odskcode transcripts list\n"


def test_autocode_empty_project(tmp_path):
    run("init", tmp_path / "proj")
    result = run("autocode", "-p", tmp_path / "proj", "--lang", "en")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: the project has no transcripts yet — import transcripts with: odskcode import DIR\n"
    )


# --------------------------------------------------------------------------- summarize / export
def test_summarize_project_counts_manual_over_auto(tmp_path):
    project = make_mini_project(tmp_path)

    def planning_row() -> dict[str, str]:
        result = run("summarize", "-p", project.root, "--format", "csv", "--lang", "en")
        assert result.exit_code == 0, result.output
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        return next(r for r in rows if r["code"] == "efektivitas.perencanaan")

    assert (planning_row()["informants"], planning_row()["segments"]) == ("1", "1")
    add_coding(project, "I01.md", segment="t001", code="efektivitas.pengawasan")
    assert (planning_row()["informants"], planning_row()["segments"]) == ("0", "0")


def test_export_failure_leaves_no_files(tmp_path, monkeypatch):
    project = make_mini_project(tmp_path)

    def broken(path, tables):
        Path(path).write_bytes(b"half")
        raise OSError("disk full")

    monkeypatch.setattr("odskcode.export.write_xlsx", broken)
    out = tmp_path / "out"
    result = run("export", out, "-p", project.root, "--lang", "en")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"Error: {out}: could not write the files: disk full\n"
    assert list(out.iterdir()) == []


def test_damaged_or_newer_database_is_one_error_line(tmp_path):
    project = make_mini_project(tmp_path, autocode=False)
    with closing(sqlite3.connect(project.db_path)) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    newer = run("transcripts", "list", "-p", project.root)
    assert newer.exit_code == 1
    assert newer.stderr == (
        f"Error: {project.db_path}: the database has schema version {SCHEMA_VERSION + 1};"
        f" this odskcode knows up to {SCHEMA_VERSION}\n"
    )
    for suffix in ("-wal", "-shm"):
        Path(f"{project.db_path}{suffix}").unlink(missing_ok=True)
    project.db_path.write_bytes(b"garbage\n" * 512)
    damaged = run("transcripts", "list", "-p", project.root)
    assert damaged.exit_code == 1
    assert damaged.stderr == f"Error: {project.db_path}: the project database is damaged: file is not a database\n"
    assert "Traceback" not in damaged.output


@pytest.mark.parametrize("name", ["hasil [final]", "out[/x]"])
def test_export_to_a_folder_with_brackets(tmp_path, name):
    # the folder name is data, not rich markup: "[final]" is kept, "[/x]" does not turn success into an error
    project = make_mini_project(tmp_path)
    out = tmp_path / name
    result = run("export", out, "-p", project.root, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert result.stderr == f"4 files written to {out}\n"
    assert sorted(p.name for p in out.iterdir()) == ["findings.csv", "matrix.csv", "segments.csv", "summary.xlsx"]
