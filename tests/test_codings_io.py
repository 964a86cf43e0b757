"""Codings out to CSV/XLSX and back in (odskcode.codings_io, ``odskcode codings``), and --coder / --consensus."""

from __future__ import annotations

import csv
import io
import shutil
import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from odskcode.cli import app
from odskcode.codings_io import CodingsImportError, export_codings, import_codings, inert, restore
from odskcode.errors import ProjectError
from odskcode.project import import_transcripts, load_codings, open_project, project_summary
from odskcode.store import Store, now
from odskcode.summary import SEGMENT_COLUMNS

from .conftest import write_interview
from .test_project import add_coding, add_decision, make_mini_project

runner = CliRunner()


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    monkeypatch.delenv("ODSKCODE_PROJECT", raising=False)
    monkeypatch.setenv("ODSKCODE_LANG", "en")


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def dump(project) -> dict[str, list[tuple]]:
    """Every table of the project database (ids and times included): 'changes nothing' means equal dumps."""
    with closing(sqlite3.connect(project.db_path)) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in tables}


def codings(project) -> list[tuple]:
    return sorted(
        (c.transcript, c.start, c.end, c.code, c.coder, c.valence, c.memo, c.origin, c.rule, c.segment)
        for c in load_codings(project)
    )


def write_csv(path: Path, header: list[str], body: list[list[object]]) -> Path:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(body)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


MINIMAL = ["transcript", "segment", "code", "coder"]


# --------------------------------------------------------------------------- export
def test_export_csv_has_the_segments_columns_a_bom_and_every_coding(tmp_path):
    project = make_mini_project(tmp_path)
    add_coding(project, "I01.md", "berjalan lancar", code="efektivitas.pengawasan", coder="ani", memo="=1+1")
    target = tmp_path / "out" / "codings.csv"
    assert export_codings(project, target) == 6
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    records = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(records[0]) == [*SEGMENT_COLUMNS, "decision"]
    assert [(r["transcript"], r["segment"], r["code"], r["coder"]) for r in records] == [
        ("I01.md", "t001", "efektivitas.perencanaan", "auto"),
        ("I01.md", "t002", "efektivitas.pengawasan", "auto"),
        ("I01.md", "t002", "efektivitas.pengawasan", "ani"),
        ("I02.md", "t001", "responsivitas.kecepatan", "auto"),
        ("I02.md", "t002", "kendala.perbedaan_pendapat", "auto"),
        ("I02.md", "t002", "upaya.musyawarah", "auto"),
    ]
    ani = records[2]
    assert (ani["start"], ani["end"], ani["text"], ani["memo"]) == ("84", "99", "berjalan lancar", "'=1+1")


def test_export_xlsx_cells_are_inert(tmp_path):
    from openpyxl import load_workbook

    project = make_mini_project(tmp_path)
    add_coding(project, "I01.md", segment="t001", code="efektivitas.perencanaan", coder="ani", memo='=HYPERLINK("x")')
    export_codings(project, tmp_path / "c.xlsx", coder="ani")
    sheet = load_workbook(tmp_path / "c.xlsx")["codings"]
    values = list(sheet.values)
    assert list(values[0]) == [*SEGMENT_COLUMNS, "decision"]
    assert len(values) == 2
    cell = sheet.cell(row=2, column=SEGMENT_COLUMNS.index("memo") + 1)
    assert cell.data_type == "s"
    assert cell.value == '\'=HYPERLINK("x")'


def test_inert_and_restore_are_inverse():
    for value in ["", "biasa", "=SUM(A1)", "-tidak", "'kutip", "''=x", "@a", "\tx", "+62 812"]:
        assert restore(inert(value)) == value
    assert restore("'tetap") == "'tetap"  # an apostrophe a person typed stays


def test_cli_export_to_stdout_to_a_file_and_unknown_coder(tmp_path):
    project = make_mini_project(tmp_path)
    out = run("codings", "export", "-p", project.root)
    assert out.exit_code == 0, out.output
    assert out.stdout.splitlines()[0] == ",".join([*SEGMENT_COLUMNS, "decision"])
    assert len(out.stdout.splitlines()) == 6
    to_file = run("codings", "export", "-p", project.root, "-o", tmp_path / "c.xlsx")
    assert to_file.exit_code == 0, to_file.output
    assert to_file.stdout == ""
    assert to_file.stderr == f"5 codings written to {tmp_path / 'c.xlsx'}\n"
    bad = run("codings", "export", "-p", project.root, "--coder", "ani", "-o", tmp_path / "x.csv")
    assert bad.exit_code == 1
    assert bad.stderr == "Error: no coder 'ani' in the project; its coders: auto\n"
    suffix = run("codings", "export", "-p", project.root, "-o", tmp_path / "x.ods")
    assert suffix.exit_code == 1
    assert suffix.stderr == f"Error: {tmp_path / 'x.ods'}: the codings file must end in .csv or .xlsx, not '.ods'\n"


# --------------------------------------------------------------------------- import
def test_minimal_columns_import_whole_segments(tmp_path):
    project = make_mini_project(tmp_path, autocode=False)
    path = write_csv(tmp_path / "ani.csv", MINIMAL, [["I02.md", "t002", "upaya.musyawarah", "ani"]])
    report = import_codings(project, path)
    assert (report.rows, report.added, report.unchanged, report.updated) == (1, 1, 0, 0)
    assert codings(project) == [
        ("I02.md", 71, 111, "upaya.musyawarah", "ani", "netral", "", "import", "", "t002")
    ]  # fmt: skip
    with closing(sqlite3.connect(project.db_path)) as conn:
        (details,) = conn.execute("SELECT details FROM log WHERE action = 'codings-import'").fetchone()
    assert '"added": 1' in details
    assert '"coders": ["ani"]' in details


def test_character_ranges_with_and_without_segment(tmp_path):
    project = make_mini_project(tmp_path, autocode=False)
    path = write_csv(
        tmp_path / "r.csv",
        ["transcript", "segment", "start", "end", "code", "coder", "valence", "memo", "origin"],
        [
            ["I02.md", "", 76, 86, "upaya.musyawarah", "ani", "positive", "kata kunci", "manual"],
            ["I02.md", "t002", 76, 86, "upaya.musyawarah", "budi", "Netral", "", ""],
        ],
    )
    report = import_codings(project, path)
    assert report.added == 2
    assert codings(project) == [
        ("I02.md", 76, 86, "upaya.musyawarah", "ani", "positif", "kata kunci", "manual", "", "t002"),
        ("I02.md", 76, 86, "upaya.musyawarah", "budi", "netral", "", "import", "", "t002"),
    ]


def test_importing_the_same_file_twice_doubles_nothing(tmp_path):
    project = make_mini_project(tmp_path)
    add_coding(project, "I01.md", segment="t001", code="efektivitas.perencanaan", coder="ani", valence="positif")
    add_coding(project, "I02.md", "beda pendapat", code="kendala.perbedaan_pendapat", coder="ani", memo="-catatan")
    for suffix in ("csv", "xlsx"):
        export_codings(project, tmp_path / f"all.{suffix}")
    before = dump(project)
    for suffix in ("csv", "xlsx"):
        for _ in range(2):
            report = import_codings(project, tmp_path / f"all.{suffix}", include_auto=True)
            assert (report.added, report.unchanged, report.updated) == (0, 7, 0)
    assert dump(project) == before

    fresh = make_mini_project(tmp_path / "fresh", autocode=False)
    first = run("codings", "import", tmp_path / "all.csv", "-p", fresh.root)
    assert first.exit_code == 0, first.output
    assert first.stdout == (
        "2 added, 0 unchanged, 0 updated, 5 skipped\n"
        "5 rows of coder auto skipped (import with --include-auto to bring them in)\n"
    )
    after_first = dump(fresh)
    second = run("codings", "import", tmp_path / "all.csv", "-p", fresh.root)
    assert second.stdout.splitlines()[0] == "0 added, 2 unchanged, 0 updated, 5 skipped"
    assert dump(fresh) == after_first
    assert [c for c in codings(fresh)] == [c for c in codings(project) if c[4] == "ani"]


def test_a_changed_row_updates_the_coding(tmp_path):
    project = make_mini_project(tmp_path, autocode=False)
    path = write_csv(tmp_path / "a.csv", [*MINIMAL, "valence"], [["I01.md", "t001", "efektivitas.perencanaan", "ani", "positif"]])  # fmt: skip
    import_codings(project, path)
    write_csv(path, [*MINIMAL, "valence", "memo"], [["I01.md", "t001", "efektivitas.perencanaan", "ani", "negatif", "ragu"]])  # fmt: skip
    report = import_codings(project, path)
    assert (report.added, report.unchanged, report.updated) == (0, 0, 1)
    assert codings(project)[0][5:7] == ("negatif", "ragu")
    # an empty cell, or a missing column, keeps what is stored
    write_csv(path, MINIMAL, [["I01.md", "t001", "efektivitas.perencanaan", "ani"]])
    assert import_codings(project, path).unchanged == 1
    assert codings(project)[0][5:7] == ("negatif", "ragu")


def test_bad_rows_are_each_named_and_nothing_changes(tmp_path):
    project = make_mini_project(tmp_path)
    before = dump(project)
    path = write_csv(
        tmp_path / "tim.csv",
        ["transcript", "segment", "start", "end", "code", "coder", "valence"],
        [
            ["I01.md", "t001", "", "", "efektivitas.perencanaan", "ani", "positif"],  # row 2: fine
            ["I09.md", "t001", "", "", "efektivitas.perencanaan", "ani", ""],  # row 3
            ["I02", "t001", "", "", "efektivitas.perencanaan", "ani", ""],  # row 4
            ["I01.md", "t001", "", "", "efektivitas.rencana", "ani", ""],  # row 5
            ["I01.md", "t007", "", "", "efektivitas.perencanaan", "ani", ""],  # row 6
            ["I01.md", "", 90, 400, "efektivitas.perencanaan", "ani", ""],  # row 7
            ["I01.md", "t001", 73, 80, "efektivitas.perencanaan", "ani", ""],  # row 8
            ["I01.md", "t001", "", "", "efektivitas.perencanaan", "", "baik"],  # row 9
            ["I01.md", "t001", "", "", "efektivitas.perencanaan", "ani", "negatif"],  # row 10
        ],
    )
    with pytest.raises(CodingsImportError) as err:
        import_codings(project, path)
    assert str(err.value) == "\n".join(
        [
            f"{path}: 8 rows cannot be imported; nothing was changed — fix these rows and import the file again",
            f"{path}:3: no transcript 'I09.md' in the project",
            f"{path}:4: no transcript 'I02' in the project (did you mean 'I02.md'?)",
            f"{path}:5: code 'efektivitas.rencana' is not in the project's codebook"
            " (did you mean 'efektivitas.perencanaan'?)",
            f"{path}:6: transcript 'I01.md' has no segment 't007' (unit turn; its segments are t001…t002)",
            f"{path}:7: start/end 90-400 do not lie within the text of 'I01.md' (0-101)",
            f"{path}:8: start/end 73-80 do not begin in segment t001 (22-50)",
            f"{path}:9: 'coder' is empty",
            f"{path}:9: unknown valence 'baik'; choose positif, negatif or netral",
            f"{path}:10: repeats row 2 (same transcript, range, code and coder) with another valence",
        ]
    )
    assert dump(project) == before
    cli = run("codings", "import", path, "-p", project.root)
    assert cli.exit_code == 1
    assert cli.stdout == ""
    assert cli.stderr == "Error: " + str(err.value) + "\n"
    assert dump(project) == before


def test_missing_columns_and_unreadable_files(tmp_path):
    project = make_mini_project(tmp_path)
    path = write_csv(tmp_path / "x.csv", ["transcript", "code", "coder"], [["I01.md", "upaya", "ani"]])
    with pytest.raises(ProjectError) as err:
        import_codings(project, path)
    assert str(err.value) == (
        f"{path}:1: the file has no 'segment' column (it needs transcript, code, coder, and segment or start and end)"
    )
    broken = tmp_path / "rusak.xlsx"
    broken.write_bytes(b"bukan xlsx")
    result = run("codings", "import", broken, "-p", project.root)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {broken}: cannot read the codings file: ")
    missing = run("codings", "import", tmp_path / "none.csv", "-p", project.root)
    assert missing.exit_code == 1
    assert missing.stderr == f"Error: {tmp_path / 'none.csv'}: no such file or folder\n"


def test_semicolon_csv_from_excel_in_an_indonesian_locale(tmp_path):
    project = make_mini_project(tmp_path, autocode=False)
    path = tmp_path / "excel.csv"
    path.write_bytes(
        "\ufefftranscript;segment;code;coder;memo\r\nI01.md;t002;efektivitas.pengawasan;ani;cukup, tapi lambat\r\n".encode()
    )
    assert import_codings(project, path).added == 1
    assert codings(project)[0][4:7] == ("ani", "netral", "cukup, tapi lambat")


def test_blank_rows_above_the_header_are_read_over(tmp_path):
    # a spreadsheet with an empty first row (LibreOffice saves it as ';;;'), or a sheet whose table starts lower
    project = make_mini_project(tmp_path, autocode=False)
    path = tmp_path / "kosong.csv"
    path.write_bytes(
        "\ufeff;;;\r\n\r\ntranscript;segment;code;coder\r\nI01.md;t002;efektivitas.pengawasan;ani\r\n"
        "I01.md;t002;efektivitas.awas;ani\r\n".encode()
    )
    with pytest.raises(CodingsImportError) as err:
        import_codings(project, path)
    assert [(p.line, p.message.render("en")) for p in err.value.problems] == [
        (5, "code 'efektivitas.awas' is not in the project's codebook (did you mean 'efektivitas.pengawasan'?)")
    ]  # row numbers as the spreadsheet shows them
    write_csv(path, MINIMAL, [["I01.md", "t002", "efektivitas.pengawasan", "ani"]])
    path.write_text("\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    assert import_codings(project, path).added == 1

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row, values in ((3, MINIMAL), (4, ["I01.md", "t002", "efektivitas.pengawasan", "budi"])):
        for column, value in enumerate(values, start=1):
            sheet.cell(row=row, column=column, value=value)
    book.save(tmp_path / "lembar.xlsx")
    assert import_codings(project, tmp_path / "lembar.xlsx").added == 1
    lacking = tmp_path / "tanpa.csv"
    lacking.write_text("\n\ntranscript,code,coder\nI01.md,upaya,ani\n", encoding="utf-8")
    with pytest.raises(ProjectError) as missing:
        import_codings(project, lacking)
    assert str(missing.value).startswith(f"{lacking}:3: the file has no 'segment' column")


def test_rows_of_a_segments_list_left_without_code_and_coder_are_skipped(tmp_path):
    # odskcode segments --uncoded -o todo.csv, codes filled in on some rows only: the others are no coding
    project = make_mini_project(tmp_path, autocode=False)
    todo = tmp_path / "todo.csv"
    result = run("segments", "--uncoded", "-f", "csv", "-o", todo, "-p", project.root)
    assert result.exit_code == 0, result.output
    lines = todo.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 + 4 and lines[1].startswith("I01.md,I01,")
    header = lines[0].split(",")
    body = list(csv.reader(lines[1:]))
    body[1][header.index("code")], body[1][header.index("coder")] = "efektivitas.pengawasan", "ani"
    write_csv(todo, header, body)
    report = import_codings(project, todo)
    assert (report.added, report.skipped_uncoded) == (1, 3)
    assert [c[1:5] for c in codings(project)] == [(*codings(project)[0][1:3], "efektivitas.pengawasan", "ani")]
    cli = run("codings", "import", todo, "-p", project.root)
    assert cli.exit_code == 0, cli.output
    assert cli.stdout == (
        "0 added, 1 unchanged, 0 updated, 3 skipped\n3 rows without a code and a coder skipped (segments left uncoded)\n"
    )
    body[2][header.index("coder")] = "ani"  # a coder but no code is still a mistake to name
    write_csv(todo, header, body)
    with pytest.raises(CodingsImportError) as err:
        import_codings(project, todo)
    assert [(p.line, p.message.render("en")) for p in err.value.problems] == [(4, "'code' is empty")]


def test_auto_rows_come_in_only_when_asked_and_never_over_a_rejection(tmp_path):
    source = make_mini_project(tmp_path / "a")
    export_codings(source, tmp_path / "auto.csv")
    project = make_mini_project(tmp_path / "b", autocode=False)
    add_decision(project, "I02.md", "t002", "rejected", code="upaya.musyawarah")
    assert import_codings(project, tmp_path / "auto.csv").skipped_auto == 5
    assert codings(project) == []
    report = import_codings(project, tmp_path / "auto.csv", include_auto=True)
    assert (report.added, report.skipped_rejected) == (4, 1)
    assert codings(project) == [c for c in codings(source) if c[3] != "upaya.musyawarah"]


def test_two_coders_files_from_two_laptops_merge(tmp_path):
    project = make_mini_project(tmp_path)
    laptops = []
    for name in ("ani", "budi"):
        copy = tmp_path / f"laptop-{name}"
        shutil.copytree(project.root, copy)
        laptops.append(open_project(copy))
    add_coding(laptops[0], "I01.md", segment="t001", code="efektivitas.perencanaan", coder="ani", valence="positif")
    add_coding(laptops[0], "I02.md", segment="t001", code="responsivitas.kecepatan", coder="ani", valence="negatif")
    add_coding(laptops[1], "I01.md", segment="t001", code="efektivitas.perencanaan", coder="budi", valence="positif")
    add_coding(laptops[1], "I01.md", "berjalan lancar", code="efektivitas.pengawasan", coder="budi", memo="sebagian")
    export_codings(laptops[0], tmp_path / "ani.xlsx", coder="ani")
    export_codings(laptops[1], tmp_path / "budi.csv", coder="budi")
    for path in ("ani.xlsx", "budi.csv", "ani.xlsx", "budi.csv"):  # twice each, either order
        result = run("codings", "import", tmp_path / path, "-p", project.root)
        assert result.exit_code == 0, result.output
    merged = codings(project)
    assert merged == sorted(
        [c for c in codings(laptops[0]) if c[4] == "ani"]
        + [c for c in codings(laptops[1]) if c[4] == "budi"]
        + [c for c in codings(project) if c[4] == "auto"]
    )
    assert len([c for c in merged if c[4] != "auto"]) == 4


def test_a_file_from_another_version_of_a_transcript_is_refused(tmp_path):
    # ani codes on her laptop; meanwhile the shared project took a corrected I01 (one word added at the start)
    laptop = make_mini_project(tmp_path / "laptop", autocode=False)
    add_coding(laptop, "I01.md", "lancar", code="efektivitas.pengawasan", coder="ani")
    add_coding(laptop, "I01.md", segment="t001", code="efektivitas.perencanaan", coder="ani")
    add_coding(laptop, "I02.md", "musyawarah", code="upaya.musyawarah", coder="ani")
    export_codings(laptop, tmp_path / "ani.csv", coder="ani")
    shared = make_mini_project(tmp_path / "shared", autocode=False)
    corrected = tmp_path / "koreksi"
    corrected.mkdir()
    write_interview(corrected, "I01.md", "I01", ["Perencanaan kami sudah baik.", "Kini pengawasan berjalan lancar."])
    import_transcripts(shared, [corrected / "I01.md"], replace=True)
    before = dump(shared)
    with pytest.raises(CodingsImportError) as err:
        import_codings(shared, tmp_path / "ani.csv")
    problems = [(p.line, p.message.render("en")) for p in err.value.problems]
    assert problems == [
        (3, "the words at 93-99 of I01.md are 'alan l', not this row's 'lancar': the file was made from another "
            "version of the transcript (export it again, or empty its text cell to place the row by its numbers)"),
    ]  # fmt: skip
    assert dump(shared) == before
    # whitespace may differ (a spreadsheet folds a line break); an empty text cell places the row by its numbers
    header, *body = list(csv.reader(io.StringIO((tmp_path / "ani.csv").read_text(encoding="utf-8-sig"))))
    body[1][header.index("text")] = ""
    body[2][header.index("text")] = " musyawarah  "
    write_csv(tmp_path / "ani.csv", header, body)
    assert import_codings(shared, tmp_path / "ani.csv").added == 3


# --------------------------------------------------------------------------- round trip
def _base_project(root: Path):
    return make_mini_project(root, autocode=False)


SEGMENTS = {"I01.md": [(22, 50, "t001"), (73, 100, "t002")], "I02.md": [(22, 48, "t001"), (71, 111, "t002")]}
LENGTHS = {"I01.md": 101, "I02.md": 112}
CODES = ["efektivitas", "efektivitas.perencanaan", "efektivitas.pengawasan", "responsivitas.kecepatan",
         "kendala.perbedaan_pendapat", "upaya.musyawarah"]  # fmt: skip
MEMO = st.text(alphabet=st.sampled_from(list("ab Zé=+-@'\",;\n\t")), max_size=12).filter(
    lambda m: m == "" or m.strip() != ""
)


@st.composite
def coding_rows(draw):
    key = draw(st.sampled_from(sorted(SEGMENTS)))
    seg_start, seg_end, seg_id = draw(st.sampled_from(SEGMENTS[key]))
    if draw(st.booleans()):
        start, end = seg_start, seg_end
    else:
        start = draw(st.integers(seg_start, seg_end - 1))
        end = draw(st.integers(start + 1, LENGTHS[key]))  # a range may run on past its segment
    return (
        key,
        start,
        end,
        draw(st.sampled_from(CODES)),
        draw(st.sampled_from(["ani", "budi", "Citra Manoppo"])),
        draw(st.sampled_from(["positif", "negatif", "netral"])),
        draw(MEMO),
        draw(st.sampled_from(["manual", "import"])),
        seg_id,
    )


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return _base_project(tmp_path_factory.mktemp("base"))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(coding_rows(), max_size=8, unique_by=lambda r: r[:5]), st.sampled_from(["csv", "xlsx"]))
def test_round_trip_export_import_gives_the_same_codings(base, rows, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        source = open_project(shutil.copytree(base.root, Path(tmp) / "src"))
        target = open_project(shutil.copytree(base.root, Path(tmp) / "dst"))
        with Store(source.db_path) as store, store.write() as conn:
            for key, start, end, code, coder, valence, memo, origin, seg in rows:
                Store.ensure_coder(conn, coder)
                conn.execute(
                    'INSERT INTO codings(transcript_id, start, "end", code, coder, valence, memo, origin, rule, '
                    "segment, created_at, status, anchor) VALUES ((SELECT id FROM transcripts WHERE key = ?), "
                    "?, ?, ?, ?, ?, ?, ?, '', ?, ?, 'ok', '')",
                    (key, start, end, code, coder, valence, memo, origin, seg, now()),
                )
        path = Path(tmp) / f"codings.{suffix}"
        assert export_codings(source, path) == len(rows)
        report = import_codings(target, path)
        assert (report.added, report.unchanged, report.updated) == (len(rows), 0, 0)
        assert codings(target) == codings(source)
        again = import_codings(target, path)
        assert (again.added, again.unchanged, again.updated) == (0, len(rows), 0)


# --------------------------------------------------------------------------- several coders
@pytest.fixture
def three_coders(tmp_path):
    """I01 t001: ani +, budi +, citra − (planning); I02 t001: ani −, budi + (speed); I01 t002: budi + (supervision)."""
    project = make_mini_project(tmp_path)
    path = write_csv(
        tmp_path / "tim.csv",
        [*MINIMAL, "valence"],
        [
            ["I01.md", "t001", "efektivitas.perencanaan", "ani", "positif"],
            ["I01.md", "t001", "efektivitas.perencanaan", "budi", "positif"],
            ["I01.md", "t001", "efektivitas.perencanaan", "citra", "negatif"],
            ["I02.md", "t001", "responsivitas.kecepatan", "ani", "negatif"],
            ["I02.md", "t001", "responsivitas.kecepatan", "budi", "positif"],
            ["I01.md", "t002", "efektivitas.pengawasan", "budi", "positif"],
        ],
    )
    import_codings(project, path)
    return project


def counts(summary) -> dict[str, tuple[int, int, int, int]]:
    """code -> (segments, positive, negative, neutral judgements) for the child codes."""
    f = summary.findings[summary.findings["level"] == "code"]
    return {r.code: (r.segments, r.positive, r.negative, r.neutral) for r in f.itertuples(index=False)}


def test_consensus_keeps_codes_enough_people_gave(three_coders):
    two = project_summary(three_coders, "en", consensus=2)
    assert counts(two) == {
        "efektivitas.perencanaan": (1, 1, 0, 0),  # 3 coders, 2 of them positive
        "efektivitas.pengawasan": (0, 0, 0, 0),  # budi alone
        "responsivitas.kecepatan": (1, 0, 0, 1),  # a tie of valences is netral
        "kendala.perbedaan_pendapat": (0, 0, 0, 0),  # auto is not a coder
        "upaya.musyawarah": (0, 0, 0, 0),
    }
    assert list(two.segments["coder"]) == ["ani+budi+citra", "ani+budi"]
    three = project_summary(three_coders, "en", consensus=3)
    assert counts(three)["efektivitas.perencanaan"] == (1, 1, 0, 0)
    assert counts(three)["responsivitas.kecepatan"] == (0, 0, 0, 0)


def test_coder_takes_one_coders_codings(three_coders):
    assert counts(project_summary(three_coders, "en", coder="budi")) == {
        "efektivitas.perencanaan": (1, 1, 0, 0),
        "efektivitas.pengawasan": (1, 1, 0, 0),
        "responsivitas.kecepatan": (1, 1, 0, 0),
        "kendala.perbedaan_pendapat": (0, 0, 0, 0),
        "upaya.musyawarah": (0, 0, 0, 0),
    }
    assert counts(project_summary(three_coders, "en", coder="citra"))["efektivitas.perencanaan"] == (1, 0, 1, 0)
    # auto's codings everywhere, also where people coded
    assert counts(project_summary(three_coders, "en", coder="auto")) == {
        "efektivitas.perencanaan": (1, 1, 0, 0),
        "efektivitas.pengawasan": (1, 1, 0, 0),
        "responsivitas.kecepatan": (1, 0, 1, 0),
        "kendala.perbedaan_pendapat": (1, 0, 0, 1),
        "upaya.musyawarah": (1, 0, 0, 1),
    }
    # without a selection: people where they coded, auto elsewhere; a segment counts once per code
    assert counts(project_summary(three_coders, "en")) == {
        "efektivitas.perencanaan": (1, 1, 0, 0),
        "efektivitas.pengawasan": (1, 1, 0, 0),
        "responsivitas.kecepatan": (1, 1, 0, 0),  # tie between ani and budi: positif first
        "kendala.perbedaan_pendapat": (1, 0, 0, 1),
        "upaya.musyawarah": (1, 0, 0, 1),
    }


def test_cli_coder_and_consensus(three_coders):
    root = three_coders.root
    freq = run("summarize", "-p", root, "--consensus", "2", "-t", "frequencies", "-f", "csv", "--lang", "en")
    assert freq.exit_code == 0, freq.output
    lines = {line.split(",")[2]: line for line in freq.stdout.splitlines()[1:]}
    assert (
        lines["efektivitas.perencanaan"] == "code,efektivitas,efektivitas.perencanaan,Planning,dimension,1,1,0,0,1,0,0"
    )
    assert lines["efektivitas.pengawasan"].endswith(",0,0,0,0,0,0,0")
    both = run("summarize", "-p", root, "--coder", "ani", "--consensus", "2")
    assert both.exit_code == 2
    assert "Invalid value for --consensus: --coder and --consensus cannot be used together" in both.stderr
    unknown = run("narrative", "-p", root, "--coder", "dewi")
    assert unknown.exit_code == 1
    assert unknown.stderr == "Error: no coder 'dewi' in the project; its coders: ani, auto, budi, citra\n"
    indonesian = run("narrative", "-p", root, "--coder", "dewi", "--lang", "id")
    assert indonesian.stderr == "Error: tidak ada pengode 'dewi' di proyek; pengodenya: ani, auto, budi, citra\n"
    high = run("quotes", "efektivitas", "-p", root, "--consensus", "4")
    assert high.exit_code == 1
    assert high.stderr == (
        "Error: a consensus of 4 coders needs at least 4 people who coded; the project has 3: ani, budi, citra\n"
    )
    on_paths = run("summarize", root, "--coder", "ani")
    assert on_paths.exit_code == 2
    assert "--coder and --consensus work on a project, not on PATHs auto-coded in memory" in on_paths.stderr
    out = root.parent / "hasil"
    exported = run("export", out, "-p", root, "--coder", "citra")
    assert exported.exit_code == 0, exported.output
    with (out / "segments.csv").open(encoding="utf-8") as fh:
        assert [(r["segment"], r["code"], r["coder"]) for r in csv.DictReader(fh)] == [
            ("t001", "efektivitas.perencanaan", "citra")
        ]
    twice = run("export", out, "-p", root, "--coder", "citra", "--consensus", "2")
    assert twice.exit_code == 2


def decision_rows(project) -> list[tuple]:
    with closing(sqlite3.connect(project.db_path)) as conn:
        return conn.execute(
            "SELECT t.key, d.segment, d.coder, d.code, d.decision FROM decisions d "
            "JOIN transcripts t ON t.id = d.transcript_id ORDER BY 1, 2, 3, 4"
        ).fetchall()


def test_decisions_travel_with_the_codings(tmp_path):
    """A coder's reviews and rejections come along: a second laptop's project keeps them, autocode respects them."""
    source = make_mini_project(tmp_path / "a")
    add_decision(source, "I01.md", "t001", "reviewed")
    add_decision(source, "I01.md", "t002", "rejected", code="efektivitas.pengawasan")
    out = tmp_path / "ani.csv"
    result = runner.invoke(app, ["codings", "export", "-p", str(source.root), "-o", str(out), "--lang", "en"])
    assert result.stderr.strip() == f"5 codings written to {out} (and 2 decisions)"
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert [(r["segment"], r["code"], r["coder"], r["decision"]) for r in rows if r["decision"]] == [
        ("t001", "", "ani", "reviewed"),
        ("t002", "efektivitas.pengawasan", "ani", "rejected"),
    ]
    target = make_mini_project(tmp_path / "b", autocode=False)
    first = import_codings(target, out)
    assert (first.decisions_added, first.decisions_unchanged) == (2, 0)
    assert decision_rows(target) == decision_rows(source)
    again = import_codings(target, out)
    assert (again.decisions_added, again.decisions_unchanged, again.added) == (0, 2, 0)
    from odskcode.project import autocode_project

    assert autocode_project(target).skipped_rejected == 1  # the rejected suggestion stays out here too


def test_bad_decision_rows_are_named(tmp_path):
    project = make_mini_project(tmp_path / "p")
    header = ["transcript", "segment", "code", "coder", "decision"]
    path = write_csv(
        tmp_path / "d.csv",
        header,
        [
            ["I01.md", "t001", "", "ani", "maybe"],
            ["I01.md", "t001", "efektivitas.pengawasan", "auto", "rejected"],
            ["I01.md", "t009", "", "ani", "reviewed"],
            ["I01.md", "t002", "", "ani", "rejected"],
            ["I01.md", "t002", "efektivitas.pengawasan", "budi", "rejected"],
            ["I01.md", "t002", "efektivitas.pengawasan", "budi", "accepted"],
        ],
    )
    with pytest.raises(CodingsImportError) as info:
        import_codings(project, path)
    messages = [(p.line, p.message.render("en")) for p in info.value.problems]
    assert messages[0] == (2, "unknown decision 'maybe'; use accepted, rejected, reviewed")
    assert (3, "coder auto makes no decisions; a decision belongs to a person") in messages
    assert messages[2][0] == 4 and messages[2][1].startswith("transcript 'I01.md' has no segment 't009'")
    assert (5, "'code' is empty") in messages
    assert messages[-1][0] == 7 and "decision" in messages[-1][1]
    assert decision_rows(project) == []  # nothing written
