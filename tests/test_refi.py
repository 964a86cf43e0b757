"""REFI-QDA: .qdpx projects and .qdc codebooks, both directions, real exports and hostile files.

The official schemas and the two real exports are read from ../shared/refi-qda/ (beside the
checkout, in CI too); nothing of them is copied into the project.
"""

from __future__ import annotations

import hashlib
import io
import re
import uuid
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from odskcode.cli import app
from odskcode.codebook import dump_codebook, validate_text
from odskcode.errors import OdskcodeError
from odskcode.project import import_transcripts, init_project, load_codings, load_corpus, open_project
from odskcode.refi import (
    codebook_qdc,
    export_qdpx,
    import_qdpx,
    read_qdc,
    read_qdpx,
    stable_guid,
)
from odskcode.store import Store

from .conftest import SAMPLE, write_interview

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "refi-qda"
if not SHARED.is_dir():  # a checkout elsewhere: the shared folder beside the repository's parent
    SHARED = Path("/work/shared/refi-qda")
NVIVO = SHARED / "examples" / "nvivo-mac-15.qdpx"
QC = SHARED / "examples" / "qualitative-coding-demo.qdpx"
pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/refi-qda is not beside the checkout")

runner = CliRunner()


# --------------------------------------------------------------------------- helpers
def schema(name: str):
    from lxml import etree

    return etree.XMLSchema(etree.parse(str(SHARED / name)))


def assert_valid_qdpx(path: Path) -> None:
    from lxml import etree

    with zipfile.ZipFile(path) as archive:
        doc = etree.fromstring(archive.read("project.qde"))
    xsd = schema("Project.xsd")
    assert xsd.validate(doc), xsd.error_log


def assert_valid_qdc(data: bytes) -> None:
    from lxml import etree

    xsd = schema("Codebook.xsd")
    assert xsd.validate(etree.fromstring(data)), xsd.error_log


def fingerprint(project) -> tuple[str, str]:
    """The database's rows and the codebook file: equal before and after a refused import."""
    with project.store() as store:
        tables = ("transcripts", "codings", "coders", "memos", "decisions", "log")
        rows = [repr([tuple(r) for r in store.conn.execute(f"SELECT * FROM {t} ORDER BY 1")]) for t in tables]
    return hashlib.sha256("".join(rows).encode()).hexdigest(), project.codebook_path.read_text(encoding="utf-8")


def coding_rows(project) -> list[tuple]:
    return sorted(
        (c.transcript, c.start, c.end, c.code, c.coder, c.valence, c.memo, c.origin, c.rule, c.segment)
        for c in load_codings(project)
    )


@pytest.fixture
def sample_project(tmp_path):
    project = init_project(tmp_path / "sampel")
    import_transcripts(project, [SAMPLE])
    from odskcode.project import autocode_project

    autocode_project(project, jobs=1)
    # a person's coding with a memo and a negative valence, and a transcript memo
    with project.store() as store, store.write() as conn:
        tid = conn.execute("SELECT id FROM transcripts WHERE key = 'I07.docx'").fetchone()[0]
        Store.ensure_coder(conn, "ani")
        conn.execute(
            'INSERT INTO codings(transcript_id, start, "end", code, coder, valence, memo, origin, rule, segment, '
            "created_at, status, anchor) VALUES (?, 10, 60, 'responsivitas.kecepatan_ketepatan', 'ani', 'negatif', "
            "'terlambat dua bulan', 'manual', '', 't002', '2026-01-01', 'ok', '')",
            (tid,),
        )
        conn.execute(
            "INSERT INTO memos(transcript_id, segment, code, coder, text, at) VALUES (?, 't002', '', 'ani', "
            "'Ibu Meiske menunggu <lama> & kecewa', '2026-01-01')",
            (tid,),
        )
        # ani rejected one suggestion of the auto-coder: the decision must travel too
        first = conn.execute(
            "SELECT id, segment, code FROM codings WHERE transcript_id = ? AND coder = 'auto' ORDER BY start, code",
            (tid,),
        ).fetchone()
        conn.execute("DELETE FROM codings WHERE id = ?", (first["id"],))
        conn.execute(
            "INSERT INTO decisions(transcript_id, segment, coder, code, decision, at) "
            "VALUES (?, ?, 'ani', ?, 'rejected', '2026-01-02')",
            (tid, first["segment"], first["code"]),
        )
    return open_project(project.root)


def decisions(project) -> list[tuple]:
    with project.store() as store:
        rows = store.conn.execute(
            "SELECT t.key, d.segment, d.coder, d.code, d.decision FROM decisions d "
            "JOIN transcripts t ON t.id = d.transcript_id ORDER BY 1, 2, 3, 4"
        ).fetchall()
    return [tuple(r) for r in rows]


def make_qdpx(path: Path, qde: str | bytes, files: dict[str, bytes | str] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", qde if isinstance(qde, bytes) else qde.encode("utf-8"))
        for name, data in (files or {}).items():
            archive.writestr(name, data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


G_CODE = "3f2504e0-4f89-11d3-9a0c-0305e82c3301"
G_CHILD = "3f2504e0-4f89-11d3-9a0c-0305e82c3302"
G_USER = "3f2504e0-4f89-11d3-9a0c-0305e82c3303"
G_SRC = "3f2504e0-4f89-11d3-9a0c-0305e82c3304"
G_SEL = "3f2504e0-4f89-11d3-9a0c-0305e82c3305"
G_COD = "3f2504e0-4f89-11d3-9a0c-0305e82c3306"


def small_qde(
    *,
    ns: str = 'xmlns="urn:QDA-XML:project:1.0"',
    code_guid: str = G_CODE,
    ref_guid: str = G_CHILD,
    start: int = 0,
    end: int = 20,
    path: str = f"internal://{G_SRC}.txt",
    prolog: str = '<?xml version="1.0" encoding="utf-8"?>',
) -> str:
    return f"""{prolog}
<Project {ns} name="uji" origin="tangan">
  <Users><User guid="{G_USER}" name="budi"/></Users>
  <CodeBook><Codes>
    <Code guid="{code_guid}" name="Kecepatan Layanan" isCodable="true" color="#AA0000">
      <Description>Seberapa cepat bantuan sampai</Description>
      <Code guid="{G_CHILD}" name="Terlambat!" isCodable="true"/>
    </Code>
  </Codes></CodeBook>
  <Sources>
    <TextSource guid="{G_SRC}" name="wawancara_1" plainTextPath="{path}">
      <PlainTextSelection guid="{G_SEL}" startPosition="{start}" endPosition="{end}">
        <Coding guid="{G_COD}" creatingUser="{G_USER}"><CodeRef targetGUID="{ref_guid}"/></Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>
</Project>
"""


TEXT = "Bantuan datang terlambat dua bulan.\nKami menunggu lama sekali.\n"


@pytest.fixture
def empty_project(tmp_path):
    return init_project(tmp_path / "kosong")


# --------------------------------------------------------------------------- export
def test_export_validates_and_is_stable(sample_project, tmp_path):
    first = export_qdpx(sample_project, tmp_path / "a.qdpx")
    second = export_qdpx(sample_project, tmp_path / "b.qdpx")
    assert_valid_qdpx(first.path)
    assert (first.sources, first.codes, first.users) == (12, 34, 2)
    assert first.codings == len(load_codings(sample_project))
    with zipfile.ZipFile(first.path) as a, zipfile.ZipFile(second.path) as b:
        assert a.read("project.qde") == b.read("project.qde")  # stable GUIDs, same bytes
        names = a.namelist()
        qde = a.read("project.qde").decode("utf-8")
        guid = stable_guid("sampel", "source", "I01.md")
        text = a.read(f"sources/{guid}.txt")
    assert names[0] == "project.qde"
    assert not text.startswith(b"\xef\xbb\xbf")
    assert text.decode("utf-8") == load_corpus(sample_project, ["I01.md"]).transcripts[0].text
    assert f'plainTextPath="internal://{guid}.txt"' in qde
    assert "valensi: negatif" in qde and "terlambat dua bulan" in qde
    assert "&lt;lama&gt; &amp; kecewa" in qde  # memo text escaped


def test_codebook_qdc_validates(sample_project):
    data = codebook_qdc(sample_project.codebook())
    assert_valid_qdc(data)
    assert b'name="Kecepatan dan ketepatan"' in data
    assert b'name="odskcode role: obstacle"' in data
    english = codebook_qdc(sample_project.codebook(), "en")
    assert_valid_qdc(english)
    assert b'name="Speed and accuracy"' in english


# --------------------------------------------------------------------------- round trip
def test_round_trip_reproduces_codings_codebook_and_attributes(sample_project, tmp_path):
    out = export_qdpx(sample_project, tmp_path / "sampel.qdpx").path
    assert_valid_qdpx(out)
    fresh = init_project(tmp_path / "baru")
    report = import_qdpx(fresh, out)
    assert report.codes_added == 0  # the ODSK codes are the fresh project's codes already
    assert len(report.sources_added) == 12 and report.warnings == []
    assert coding_rows(fresh) == coding_rows(sample_project)
    assert dump_codebook(fresh.codebook()) == dump_codebook(sample_project.codebook())
    before = {t.key: (t.text, t.meta, t.source, t.informant, t.speakers, t.turns) for t in
              load_corpus(sample_project).transcripts}  # fmt: skip
    after = {
        t.key: (t.text, t.meta, t.source, t.informant, t.speakers, t.turns) for t in load_corpus(fresh).transcripts
    }
    assert after == before
    with fresh.store() as store:
        memos = store.conn.execute("SELECT segment, coder, text FROM memos").fetchall()
    assert [tuple(m) for m in memos] == [("t002", "ani", "Ibu Meiske menunggu <lama> & kecewa")]
    assert decisions(fresh) == decisions(sample_project) and len(decisions(fresh)) == 1
    from odskcode.project import autocode_project

    report_auto = autocode_project(fresh, jobs=1)
    assert report_auto.skipped_rejected == 1  # the rejected suggestion stays out in the new project
    assert coding_rows(fresh) == coding_rows(sample_project)
    # importing the same file again doubles nothing
    again = import_qdpx(fresh, out)
    assert (again.sources_added, again.codings_added, again.memos_added) == ([], 0, 0)
    assert again.codings_unchanged == len(coding_rows(fresh))
    assert coding_rows(fresh) == coding_rows(sample_project)


words = st.text(st.sampled_from("abcdeiklmnoprstuyé…😀 "), min_size=1, max_size=12).map(str.strip).filter(bool)


@st.composite
def projects(draw):
    n_files = draw(st.integers(1, 3))
    files = []
    for i in range(n_files):
        answers = draw(st.lists(words, min_size=1, max_size=3))
        files.append((f"R{i + 1:02d}", answers, draw(st.sampled_from(["pemerintah", "masyarakat"]))))
    codings = draw(
        st.lists(
            st.tuples(
                st.integers(0, n_files - 1),
                st.floats(0, 1),
                st.floats(0, 1),
                st.sampled_from(["efektivitas.perencanaan", "kendala.sdm_kurang", "responsivitas"]),
                st.sampled_from(["ani", "budi", "Siti Aminah"]),
                st.sampled_from(["positif", "negatif", "netral"]),
                st.sampled_from(["", "catatan", "memo <b>&</b> “kutip”"]),
            ),
            max_size=8,
        )
    )
    return files, codings


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(projects())
def test_hypothesis_round_trip(tmp_path_factory, generated):
    files, codings = generated
    base = tmp_path_factory.mktemp("rt")
    folder = base / "data"
    folder.mkdir()
    for informant, answers, group in files:
        write_interview(folder, f"{informant}.md", informant, answers, group=group)
    project = init_project(base / "asal")
    import_transcripts(project, [folder])
    corpus = load_corpus(project)
    texts = {t.key: t.text for t in corpus.transcripts}
    keys = sorted(texts)
    with project.store() as store, store.write() as conn:
        for index, a, b, code, coder, valence, memo in codings:
            key = keys[index]
            n = len(texts[key])
            start, end = sorted((int(a * n), int(b * n)))
            tid = conn.execute("SELECT id FROM transcripts WHERE key = ?", (key,)).fetchone()[0]
            Store.ensure_coder(conn, coder)
            conn.execute(
                'INSERT OR IGNORE INTO codings(transcript_id, start, "end", code, coder, valence, memo, origin, '
                "rule, segment, created_at, status, anchor) VALUES (?, ?, ?, ?, ?, ?, ?, 'manual', '', '', "
                "'2026-01-01', 'ok', '')",
                (tid, start, end, code, coder, valence, memo),
            )
    out = export_qdpx(project, base / "p.qdpx").path
    assert_valid_qdpx(out)
    fresh = init_project(base / "tujuan")
    import_qdpx(fresh, out)
    assert coding_rows(fresh) == coding_rows(project)
    meta_before = {t.key: t.informant_meta(t.informant) for t in corpus.transcripts}
    meta_after = {t.key: t.informant_meta(t.informant) for t in load_corpus(fresh).transcripts}
    assert meta_after == meta_before


def test_round_trip_without_the_odskcode_extras_keeps_codings_and_valence(sample_project, tmp_path):
    """As if another program re-exported it: only project.qde and sources/."""
    out = export_qdpx(sample_project, tmp_path / "full.qdpx").path
    assert_valid_qdpx(out)
    stripped = tmp_path / "stripped.qdpx"
    with zipfile.ZipFile(out) as src, zipfile.ZipFile(stripped, "w") as dst:
        for name in src.namelist():
            if not name.startswith("odskcode/"):
                dst.writestr(name, src.read(name))
    fresh = init_project(tmp_path / "lain")
    report = import_qdpx(fresh, stripped)
    assert len(report.sources_added) == 12
    assert report.codes_added == 0  # every code found again by its stable GUID: no duplicates by name
    rows = coding_rows(fresh)
    # the same codings with the same codes, coders, valences and memos; only what REFI cannot hold differs
    strip = [r[:7] for r in rows]
    assert strip == [r[:7] for r in coding_rows(sample_project)]
    assert {r[7] for r in rows} == {"import"}
    # and back into the project it came from: nothing doubles, the memo is not repeated under coder "import"
    again = import_qdpx(sample_project, stripped)
    assert (again.codes_added, again.codings_added, again.memos_added) == (0, 0, 0)
    assert again.codings_unchanged == len(rows)


def test_codes_match_by_label_under_the_same_parent(tmp_path):
    """Another program's codes named like the project's (same parent, same label) are the project's codes."""
    project = init_project(tmp_path / "odsk")
    qde = (
        small_qde()
        .replace('name="Kecepatan Layanan"', 'name="Responsivitas"')
        .replace('name="Terlambat!"', 'name="kecepatan dan ketepatan"')
    )
    qdpx = make_qdpx(tmp_path / "label.qdpx", qde, {f"sources/{G_SRC}.txt": TEXT})
    report = import_qdpx(project, qdpx)
    assert report.codes_added == 0
    (coding,) = load_codings(project)
    assert coding.code == "responsivitas.kecepatan_ketepatan"


def test_a_new_project_takes_the_exported_codebook_whole(sample_project, tmp_path):
    """After codes rename, the export's codebook replaces a new project's default one: no stale duplicate."""
    from odskcode.codes import rename_code

    rename_code(sample_project, "kendala.sdm_kurang", "kendala.kekurangan_pegawai")
    out = export_qdpx(sample_project, tmp_path / "renamed.qdpx").path
    fresh = init_project(tmp_path / "baru")
    report = import_qdpx(fresh, out)
    assert report.codebook_replaced
    codes = fresh.codebook().codes
    assert "kendala.kekurangan_pegawai" in codes and "kendala.sdm_kurang" not in codes
    assert dump_codebook(fresh.codebook()) == dump_codebook(sample_project.codebook())
    assert coding_rows(fresh) == coding_rows(sample_project)
    # a project that already holds work merges instead: its codebook keeps what it has
    again = import_qdpx(fresh, out)
    assert not again.codebook_replaced


def test_focus_group_and_non_utf8_sources_warn(empty_project, tmp_path):
    qde = small_qde().replace(
        "</Sources>",
        '</Sources><Cases><Case guid="3f2504e0-4f89-11d3-9a0c-0305e82c3311" name="B1">'
        f'<SourceRef targetGUID="{G_SRC}"/></Case><Case guid="3f2504e0-4f89-11d3-9a0c-0305e82c3312" name="B2">'
        f'<SourceRef targetGUID="{G_SRC}"/></Case></Cases>',
    )
    # Cases come before Sources in the schema; readers find them anywhere
    qdpx = make_qdpx(tmp_path / "fg.qdpx", qde, {f"sources/{G_SRC}.txt": TEXT.encode("cp1252") + b"caf\xe9\n"})
    report = import_qdpx(empty_project, qdpx)
    assert [w.message.render("en") for w in report.warnings] == [
        "source 'wawancara_1' is linked to several cases (B1, B2; a focus group?): imported as one document, "
        "without their variables",
        "source 'wawancara_1' holds bytes that are not UTF-8; they were replaced by � (export it again as UTF-8)",
    ]


# --------------------------------------------------------------------------- the two real exports
def test_nvivo_export_imports(empty_project):
    refi = read_qdpx(NVIVO)
    assert (len(refi.codes), len(refi.sources), len(refi.codings)) == (262, 2, 0)
    report = import_qdpx(empty_project, NVIVO)
    assert report.codes_added == 262
    assert len(report.sources_added) == 2
    assert report.coders == ["chrisp", "cp"]
    assert [w.message.render("en") for w in report.warnings] == [
        "source '66653866-6334-3535-3435-366637306566' is empty; imported without text",
        "source '33663939-3636-3632-3038-613431643463' is empty; imported without text",
    ]
    report_cb, codebook = validate_text(empty_project.codebook_path.read_text(encoding="utf-8"), "cb")
    assert codebook is not None and not report_cb.errors


def test_qc_export_imports_with_its_codings(empty_project):
    report = import_qdpx(empty_project, QC)
    assert (report.codes_added, len(report.sources_added), report.codings_added) == (262, 2, 205)
    assert sorted(report.sources_added) == ["admin-1.txt", "board_2017.txt"]
    codings = [c for c in load_codings(empty_project) if c.transcript == "board_2017.txt"]
    first = min(codings, key=lambda c: c.start)
    text = load_corpus(empty_project, ["board_2017.txt"]).transcripts[0].text
    assert (first.start, first.end, first.coder, first.origin) == (320, 400, "cp", "import")
    assert text[first.start : first.end].startswith("This district goal is engage every student")
    assert first.code == "rq2_curriculum_and_instruction.pedagogy.fun"


def test_codebook_import_of_both_examples_validates_with_warnings_only(tmp_path):
    for example in (NVIVO, QC):
        codebook = read_qdc(example)
        assert len(codebook.codes) == 262
        assert codebook.languages == ["id"]
        assert all(not c.rules.words and not c.rules.roots and not c.rules.regex for c in codebook.codes.values())
        report, loaded = validate_text(dump_codebook(codebook), "x.yaml")
        assert loaded is not None and not report.errors and report.warnings


def test_qdc_round_trip_keeps_tree_labels_colours_roles_and_sets(tmp_path):
    from odskcode.codebook import load_codebook
    from odskcode.model import CodeSet

    original = load_codebook()
    original.sets = [CodeSet("Sorotan", ["responsivitas.kecepatan_ketepatan"], {"id": "Untuk bab 4"})]
    path = tmp_path / "odsk.qdc"
    path.write_bytes(codebook_qdc(original))
    assert_valid_qdc(path.read_bytes())
    back = read_qdc(path)

    # the same tree, in the same order: ids now come from the labels (one language, no rules)
    def shape(codebook):
        order = list(codebook.codes)
        return [(order.index(c.parent) if c.parent else None, c.label["id"], c.color) for c in codebook.codes.values()]

    assert shape(back) == shape(original)
    assert back.codes["responsivitas.kecepatan_dan_ketepatan"].definition == {
        "id": original.codes["responsivitas.kecepatan_ketepatan"].definition["id"]
    }
    top = {c.label["id"]: c.role for c in back.categories()}
    assert top == {c.label["id"]: c.role for c in original.categories()}
    assert [s.name for s in back.sets] == ["Sorotan"]
    assert back.sets[0].description == {"id": "Untuk bab 4"}


# --------------------------------------------------------------------------- what real programs write
@pytest.mark.parametrize(
    "ns",
    [
        'xmlns="urn:QDA-XML:project:1.0"',
        'xmlns="urn:QDA-XML:project:1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="urn:QDA-XML:project:1.0 http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd"',
        'xmlns:q="urn:QDA-XML:project:1.0"',  # prefixed: elements below are unqualified but read all the same
        "",  # no namespace at all
        'xmlns="urn:QDA-XML:project:1.5"',
    ],
)
def test_namespace_variants(empty_project, tmp_path, ns):
    qdpx = make_qdpx(tmp_path / "ns.qdpx", small_qde(ns=ns), {f"sources/{G_SRC}.txt": TEXT})
    report = import_qdpx(empty_project, qdpx)
    assert report.codings_added == 1 and report.codes_added == 2
    (coding,) = load_codings(empty_project)
    assert (coding.code, coding.coder, coding.start, coding.end) == ("kecepatan_layanan.terlambat", "budi", 0, 20)
    code = empty_project.codebook().codes["kecepatan_layanan"]
    assert (code.label, code.definition, code.color) == (
        {"id": "Kecepatan Layanan"},
        {"id": "Seberapa cepat bantuan sampai"},
        "#AA0000",
    )


def test_upper_case_and_braced_guids(empty_project, tmp_path):
    qde = small_qde(code_guid=G_CODE.upper()).replace(f'guid="{G_CHILD}"', "guid='{" + G_CHILD.upper() + "}'")
    qde = qde.replace(f'targetGUID="{G_CHILD}"', 'targetGUID="{' + G_CHILD.upper() + '}"')
    qdpx = make_qdpx(tmp_path / "g.qdpx", qde, {f"sources/{G_SRC}.txt": TEXT})
    assert import_qdpx(empty_project, qdpx).codings_added == 1


def test_crlf_bom_docx_and_extra_files(empty_project, tmp_path):
    crlf = "\ufeff" + TEXT.replace("\n", "\r\n")
    # positions count the \r of the file: "Kami menunggu" starts at 37 in the CRLF file, 36 stored
    start = crlf.lstrip("\ufeff").index("Kami")
    qdpx = make_qdpx(
        tmp_path / "crlf.qdpx",
        small_qde(start=start, end=start + len("Kami menunggu")),
        {
            f"sources/{G_SRC}.txt": crlf.encode("utf-8"),
            f"sources/{G_SRC}.docx": b"PK\x03\x04 not really a docx",
            "sources/.root": b"",
            "thumbnail.png": b"\x89PNG",
            "notes/readme.txt": "tambahan",
        },
    )
    import_qdpx(empty_project, qdpx)
    (tr,) = load_corpus(empty_project).transcripts
    assert tr.text == TEXT  # no BOM, no \r
    (coding,) = load_codings(empty_project)
    assert tr.text[coding.start : coding.end] == "Kami menunggu"


# --------------------------------------------------------------------------- malformed and hostile files
BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&lol3;"/>
"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE p [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="x"><Description>&xxe;</Description></Project>
"""


def _refused(project, qdpx: Path, expected: str) -> None:
    before = fingerprint(project)
    with pytest.raises(OdskcodeError) as info:
        import_qdpx(project, qdpx)
    assert expected in info.value.render("en")
    assert fingerprint(project) == before
    assert not list(project.codebook_path.parent.glob(".codebook.*.tmp"))


def test_truncated_xml(empty_project, tmp_path):
    qde = small_qde()
    qdpx = make_qdpx(tmp_path / "t.qdpx", qde[: len(qde) // 2], {f"sources/{G_SRC}.txt": TEXT})
    _refused(empty_project, qdpx, "broken XML in project.qde:")


def test_truncated_zip(empty_project, tmp_path):
    full = make_qdpx(tmp_path / "full.qdpx", small_qde(), {f"sources/{G_SRC}.txt": TEXT}).read_bytes()
    cut = tmp_path / "cut.qdpx"
    cut.write_bytes(full[: len(full) // 2])
    _refused(empty_project, cut, "not a complete .qdpx archive")


def test_missing_source(empty_project, tmp_path):
    qdpx = make_qdpx(tmp_path / "m.qdpx", small_qde(), {})
    _refused(empty_project, qdpx, f"source 'wawancara_1': file sources/{G_SRC}.txt is missing from the archive")


def test_coding_past_the_end_of_its_text(empty_project, tmp_path):
    qdpx = make_qdpx(tmp_path / "e.qdpx", small_qde(start=10, end=500), {f"sources/{G_SRC}.txt": TEXT})
    _refused(empty_project, qdpx, f"source 'wawancara_1': coding 10–500 lies outside its text (length {len(TEXT)})")


def test_coding_of_an_unknown_code(empty_project, tmp_path):
    qdpx = make_qdpx(tmp_path / "u.qdpx", small_qde(ref_guid=G_USER), {f"sources/{G_SRC}.txt": TEXT})
    _refused(empty_project, qdpx, f"a coding refers to code {G_USER}, which is not in the code book")


@pytest.mark.parametrize("xml", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["entity-bomb", "external-entity"])
def test_entities_and_dtds_are_refused(empty_project, tmp_path, xml):
    qdpx = make_qdpx(tmp_path / "x.qdpx", xml)
    _refused(empty_project, qdpx, "project.qde holds a DTD or entity declaration (not allowed: it can be hostile)")
    codebook = tmp_path / "x.qdc"
    codebook.write_text(xml.replace("Project", "CodeBook"), encoding="utf-8")
    with pytest.raises(OdskcodeError, match=r"x\.qdc holds a DTD or entity declaration"):
        read_qdc(codebook)


def test_member_path_escaping_the_folder(empty_project, tmp_path):
    qdpx = make_qdpx(tmp_path / "z.qdpx", small_qde(), {f"sources/{G_SRC}.txt": TEXT, "../../evil.txt": "x"})
    _refused(empty_project, qdpx, "archive member '../../evil.txt' points outside the project folder")
    absolute = make_qdpx(tmp_path / "a.qdpx", small_qde(), {"/etc/cron.d/evil": "x"})
    _refused(empty_project, absolute, "archive member '/etc/cron.d/evil' points outside the project folder")


def test_zip_bomb(empty_project, tmp_path, monkeypatch):
    import odskcode.refi as refi

    # a member of 3 MB of zeros compresses to a few KB: past the ratio limit (and past a lowered size limit)
    qdpx = make_qdpx(tmp_path / "b.qdpx", small_qde(), {f"sources/{G_SRC}.txt": b"\0" * (3 * 1024 * 1024)})
    _refused(empty_project, qdpx, f"archive member 'sources/{G_SRC}.txt' inflates past the safe limit")
    monkeypatch.setattr(refi, "MAX_TOTAL_BYTES", 1000)
    plain = make_qdpx(tmp_path / "p.qdpx", small_qde(), {f"sources/{G_SRC}.txt": "x" * 2000})
    _refused(empty_project, plain, "inflates past the safe limit")


def test_not_a_zip_and_no_project(empty_project, tmp_path):
    bad = tmp_path / "bad.qdpx"
    bad.write_text("bukan zip", encoding="utf-8")
    _refused(empty_project, bad, "not a complete .qdpx archive")
    other = tmp_path / "other.qdpx"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("readme.txt", "x")
    _refused(empty_project, other, "the archive holds no project.qde (not a REFI-QDA project)")


def test_changed_source_is_refused_and_nothing_written(sample_project, tmp_path):
    out = export_qdpx(sample_project, tmp_path / "s.qdpx").path
    assert_valid_qdpx(out)
    buf = io.BytesIO()
    guid = stable_guid("sampel", "source", "I01.md")
    with zipfile.ZipFile(out) as src, zipfile.ZipFile(buf, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            dst.writestr(name, data + b"tambahan" if name == f"sources/{guid}.txt" else data)
    changed = tmp_path / "changed.qdpx"
    changed.write_bytes(buf.getvalue())
    _refused(sample_project, changed, "transcript 'I01.md' is already in the project with a different text")


# --------------------------------------------------------------------------- CLI
def test_cli_export_and_import(sample_project, tmp_path):
    out = tmp_path / "cli.qdpx"
    result = runner.invoke(app, ["export", "--format", "qdpx", "--output", str(out), "-p", str(sample_project.root)])
    assert result.exit_code == 0, result.output
    n = len(load_codings(sample_project))
    assert result.stderr.strip() == f"{out}: 12 sources, 34 codes, {n} codings, 2 coders (REFI-QDA 1.5)"
    assert_valid_qdpx(out)
    target = init_project(tmp_path / "cli-baru")
    result = runner.invoke(app, ["import", str(out), "-p", str(target.root), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == (
        f"{out}: sources added 12 (already there 0); new codes 0; codings added {n} (already there 0); memos 1; "
        "decisions 1; coders: ani, auto"
    )


def test_cli_usage_errors(sample_project, tmp_path):
    result = runner.invoke(app, ["export", "--format", "qdpx", "-p", str(sample_project.root)])
    assert result.exit_code == 2
    assert "--format qdpx writes one file: give --output FILE.qdpx" in result.output
    result = runner.invoke(app, ["export", "-p", str(sample_project.root)])
    assert result.exit_code == 2
    bad = tmp_path / "bad.qdpx"
    bad.write_bytes(b"nope")
    result = runner.invoke(app, ["import", str(bad), "-p", str(sample_project.root), "--lang", "en"])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {bad}: not a complete .qdpx archive")
    assert "see docs/refi-qda.md" in result.stderr


def test_cli_codebook_export_and_import(tmp_path):
    qdc = tmp_path / "odsk.qdc"
    result = runner.invoke(app, ["codebook", "export", "odsk", "--output", str(qdc), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == f"{qdc}: 34 codes (REFI-QDA codebook)"
    assert_valid_qdc(qdc.read_bytes())
    yaml_out = tmp_path / "dari-nvivo.yaml"
    result = runner.invoke(app, ["codebook", "import", str(NVIVO), "--output", str(yaml_out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert result.stderr.strip().startswith(f"{yaml_out}: 262 codes, ")
    result = runner.invoke(app, ["codebook", "validate", str(yaml_out)])
    assert result.exit_code == 0


# --------------------------------------------------------------------------- second reading (review fixes)
def test_export_of_a_project_without_transcripts_validates(empty_project, tmp_path):
    out = export_qdpx(empty_project, tmp_path / "kosong.qdpx")
    assert (out.sources, out.codings) == (0, 0)
    assert_valid_qdpx(out.path)
    assert import_qdpx(init_project(tmp_path / "lagi"), out.path).sources_added == []


def test_export_drops_characters_xml_cannot_hold(sample_project, tmp_path):
    with sample_project.store() as store, store.write() as conn:
        conn.execute("UPDATE memos SET text = 'menunggu\uffff lama\ufffe'")
    out = export_qdpx(sample_project, tmp_path / "aneh.qdpx").path
    assert_valid_qdpx(out)
    with zipfile.ZipFile(out) as archive:
        assert "menunggu lama" in archive.read("project.qde").decode("utf-8")


def test_an_english_valence_note_is_read_as_the_valence(empty_project, tmp_path):
    """docs/refi-qda.md: a note `valence: …` is read back like `valensi: …`."""
    qde = small_qde().replace(
        f'<CodeRef targetGUID="{G_CHILD}"/>', f'<CodeRef targetGUID="{G_CHILD}"/><NoteRef targetGUID="{G_SEL}"/>'
    )
    qde = qde.replace("</Project>", f'<Notes><Note guid="{G_SEL}"><PlainTextContent>Valence: Negatif'
                      "</PlainTextContent></Note></Notes></Project>")  # fmt: skip
    import_qdpx(empty_project, make_qdpx(tmp_path / "v.qdpx", qde, {f"sources/{G_SRC}.txt": TEXT}))
    (coding,) = load_codings(empty_project)
    assert (coding.valence, coding.memo) == ("negatif", "")


def _rewritten(source: Path, target: Path, change) -> Path:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for name in src.namelist():
            data = change(name, src.read(name))
            if data is not None:
                dst.writestr(name, data)
    return target


@pytest.mark.parametrize(
    "member,damage",
    [
        ("ids.json", b"[]"),
        ("ids.json", b'{"codes": [], "users": 1, "codings": {"x": "y"}, "memos": [1, "x"]}'),
        ("transcripts.json", b"[1, 2]"),
        ("codebook.yaml", b"codes: ["),
        ("transcripts.json", "path"),
        ("transcripts.json", "turns"),
        ("transcripts.json", "data"),
    ],
    ids=[
        "ids-list",
        "ids-shapes",
        "transcripts-list",
        "codebook-not-yaml",
        "transcript-without-path",
        "turns-past-the-text",
        "data-not-json",
    ],
)
def test_damaged_odskcode_extras_are_read_as_refi_only(sample_project, tmp_path, member, damage):
    import json

    out = export_qdpx(sample_project, tmp_path / "full.qdpx").path
    assert_valid_qdpx(out)

    def change(name: str, data: bytes) -> bytes:
        if name != "odskcode/" + member:
            return data
        if isinstance(damage, bytes):
            return damage
        stored = json.loads(data)
        for row in stored.values():
            if damage == "path":
                del row["path"]
            elif damage == "data":
                row["data"] = "{bukan json"
            else:
                inner = json.loads(row["data"])
                for turn in inner["turns"]:
                    turn["start"] += 10_000
                    turn["end"] += 10_000
                row["data"] = json.dumps(inner)
        return json.dumps(stored).encode("utf-8")

    damaged = _rewritten(out, tmp_path / "rusak.qdpx", change)
    fresh = init_project(tmp_path / "baru")
    report = import_qdpx(fresh, damaged)
    assert [w.message.render("en") for w in report.warnings] == [
        "the archive's odskcode/ folder is damaged or does not fit its texts; read as plain REFI-QDA"
    ]
    assert len(report.sources_added) == 12
    assert len(coding_rows(fresh)) == len(coding_rows(sample_project))
    for tr in load_corpus(fresh).transcripts:
        assert all(0 <= turn.start <= turn.end <= len(tr.text) for turn in tr.turns)


def test_codings_on_a_source_already_in_the_project_get_its_segments(sample_project, tmp_path):
    """A file re-exported by another program (no odskcode/ folder) into the project it came from:
    its codings land on the project's own segments, not on the paragraphs of the foreign copy."""
    out = export_qdpx(sample_project, tmp_path / "full.qdpx").path
    assert_valid_qdpx(out)

    def foreign(name: str, data: bytes) -> bytes | None:
        """No odskcode/ folder, another project name and other code names: the codes are new to the project."""
        if name.startswith("odskcode/"):
            return None
        if name == "project.qde":
            data = data.replace(b'name="sampel"', b'name="lain"', 1)
            data = re.sub(rb'(<Code [^>]*name=")', rb"\1x ", data)
            for guid in set(re.findall(rb'<Code [^>]*guid="([^"]+)"', data)):  # codes the program gave new GUIDs
                data = data.replace(guid, str(uuid.uuid5(uuid.NAMESPACE_OID, guid.decode())).encode())
        return data

    stripped = _rewritten(out, tmp_path / "lain.qdpx", foreign)
    before = {(r[0], r[1], r[2]): r[9] for r in coding_rows(sample_project)}
    report = import_qdpx(sample_project, stripped)
    assert report.sources_added == [] and report.codings_added  # codes come back under ids made from names
    imported = [r for r in coding_rows(sample_project) if r[7] == "import" and r[4] == "auto"]  # whole segments
    assert imported
    for row in imported:
        assert row[9] == before[(row[0], row[1], row[2])], row


def test_a_code_tree_too_deep_is_refused(empty_project, tmp_path):
    depth = 150
    inner = "".join(
        f'<Code guid="{i:08d}-0000-0000-0000-000000000000" name="n{i}" isCodable="true">' for i in range(depth)
    )
    qde = small_qde().replace('isCodable="true"/>', 'isCodable="true">' + inner + "</Code>" * depth + "</Code>", 1)
    qdpx = make_qdpx(tmp_path / "dalam.qdpx", qde, {f"sources/{G_SRC}.txt": TEXT})
    _refused(empty_project, qdpx, "the code tree is nested deeper than 50 levels")


def test_duplicate_member_names_are_refused(empty_project, tmp_path):
    """Two members of one name (or of names that mean the same path): which one counts is ambiguous."""
    qdpx = make_qdpx(tmp_path / "ganda.qdpx", small_qde(), {f"sources/{G_SRC}.txt": TEXT})
    with zipfile.ZipFile(qdpx, "a") as archive:
        archive.writestr(f"sources\\{G_SRC}.txt", "teks lain")
    _refused(empty_project, qdpx, f"archive member 'sources\\{G_SRC}.txt' appears twice")
    again = make_qdpx(tmp_path / "ganda2.qdpx", small_qde(), {f"sources/{G_SRC}.txt": TEXT})
    with zipfile.ZipFile(again, "a") as archive, pytest.warns(UserWarning, match="Duplicate name"):
        archive.writestr("project.qde", "<Project/>")
    _refused(empty_project, again, "archive member 'project.qde' appears twice")


def test_cli_export_to_a_folder_is_a_clear_error(sample_project, tmp_path):
    result = runner.invoke(
        app, ["export", "--format", "qdpx", "-o", str(tmp_path), "-p", str(sample_project.root), "--lang", "en"]
    )
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: {tmp_path}: '{tmp_path}' is a folder; give a file name for --output"
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_source_named_by_a_key_with_folders_keeps_it(tmp_path):
    """odskcode names each source by its transcript key; keys of files in subfolders hold '/'.
    Re-exported without the odskcode/ folder, the source still finds its transcript."""
    folder = tmp_path / "data" / "bitung"
    folder.mkdir(parents=True)
    write_interview(folder, "I01.md", "I01", ["Penyaluran bantuan lambat sekali."])
    project = init_project(tmp_path / "proyek")
    import_transcripts(project, [tmp_path / "data"])
    out = export_qdpx(project, tmp_path / "p.qdpx").path
    assert_valid_qdpx(out)
    stripped = _rewritten(out, tmp_path / "lain.qdpx", lambda n, d: None if n.startswith("odskcode/") else d)
    report = import_qdpx(project, stripped)
    assert (report.sources_added, report.sources_unchanged) == ([], ["bitung/I01.md"])
    hostile = small_qde().replace('name="wawancara_1"', 'name="../../a\\b:c/./d"')
    fresh = init_project(tmp_path / "baru")
    import_qdpx(fresh, make_qdpx(tmp_path / "h.qdpx", hostile, {f"sources/{G_SRC}.txt": TEXT}))
    assert [t.key for t in load_corpus(fresh).transcripts] == ["a_b_c/d"]


def _patched(path: Path, signature: bytes, offset: int, patch) -> Path:
    """Rewrite a field of every local and central zip header (found by its signature)."""
    data = bytearray(path.read_bytes())
    at = data.find(signature)
    while at >= 0:
        patch(data, at + offset)
        at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("damage", ["encrypted", "unknown-method", "bad-crc"])
def test_members_zipfile_cannot_read_are_a_clear_error(empty_project, tmp_path, damage):
    import struct

    qdpx = tmp_path / f"{damage}.qdpx"
    with zipfile.ZipFile(qdpx, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("project.qde", small_qde())
        archive.writestr(f"sources/{G_SRC}.txt", TEXT)
    if damage == "encrypted":
        for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            _patched(qdpx, signature, offset, lambda d, i: d.__setitem__(i, d[i] | 1))
    elif damage == "unknown-method":
        for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
            _patched(qdpx, signature, offset, lambda d, i: d.__setitem__(slice(i, i + 2), struct.pack("<H", 99)))
    else:
        data = bytearray(qdpx.read_bytes())
        data[data.find(b"Bantuan")] = ord("X")
        qdpx.write_bytes(bytes(data))
    _refused(empty_project, qdpx, "not a complete .qdpx archive (a damaged or truncated zip): ")


def test_sources_that_are_not_text_are_named_in_a_warning(empty_project, tmp_path):
    others = (
        '<PDFSource guid="3f2504e0-4f89-11d3-9a0c-0305e82c3311" name="Juknis ODSK.pdf" path="internal://a.pdf"/>'
        '<AudioSource guid="3f2504e0-4f89-11d3-9a0c-0305e82c3312" name="Rekaman I01.m4a" path="internal://b.m4a"/>'
    )
    qde = small_qde().replace("</Sources>", others + "</Sources>")
    report = import_qdpx(empty_project, make_qdpx(tmp_path / "pdf.qdpx", qde, {f"sources/{G_SRC}.txt": TEXT}))
    assert report.sources_added == ["wawancara_1"]
    assert [w.message.render("en") for w in report.warnings] == [
        "2 sources that are not text were skipped, with their codings: Juknis ODSK.pdf, Rekaman I01.m4a"
    ]


def test_cli_export_lang_chooses_the_code_names(sample_project, tmp_path):
    """--lang on `export` is the language of labels (its help says so), for qdpx too."""
    out = tmp_path / "en.qdpx"
    args = ["export", "--format", "qdpx", "-o", str(out), "-p", str(sample_project.root), "--lang", "en"]
    assert runner.invoke(app, args).exit_code == 0
    assert_valid_qdpx(out)
    with zipfile.ZipFile(out) as archive:
        qde = archive.read("project.qde").decode("utf-8")
    assert 'name="Speed and accuracy"' in qde and 'name="Kecepatan dan ketepatan"' not in qde
    fresh = init_project(tmp_path / "baru")
    import_qdpx(fresh, out)
    assert coding_rows(fresh) == coding_rows(sample_project)


def test_cli_replace_with_qdpx_and_export_of_codes_gone_from_the_codebook(sample_project, tmp_path):
    out = tmp_path / "x.qdpx"
    result = runner.invoke(app, ["import", str(QC), "--replace", "-p", str(sample_project.root)])
    assert result.exit_code == 2
    assert "--replace goes with transcript files; a .qdpx never replaces a transcript's text" in result.output
    with sample_project.store() as store, store.write() as conn:
        conn.execute("UPDATE codings SET code = 'hilang.kode' WHERE coder = 'ani'")
    result = runner.invoke(
        app, ["export", "--format", "qdpx", "--output", str(out), "-p", str(sample_project.root), "--lang", "en"]
    )
    assert result.exit_code == 0
    assert result.stderr.strip().splitlines()[-1] == (
        "Warning: 1 coding of a code no longer in the codebook was left out "
        "(see: odskcode codebook validate codebook.yaml)"
    )
    assert_valid_qdpx(out)


def test_an_informant_id_already_in_the_project_is_refused(empty_project, tmp_path):
    write_interview(tmp_path, "wawancara_1.md", "wawancara_1", ["Perencanaan baik."])
    import_transcripts(empty_project, [tmp_path / "wawancara_1.md"])
    qde = small_qde().replace('name="wawancara_1"', 'name="lain/wawancara_1.txt"')
    qdpx = make_qdpx(tmp_path / "dup.qdpx", qde, {f"sources/{G_SRC}.txt": TEXT})
    _refused(
        empty_project,
        qdpx,
        "source 'lain/wawancara_1.txt': informant id 'wawancara_1' is already used by wawancara_1.md",
    )


def test_a_focus_group_source_is_split_into_its_cases_turns(empty_project, tmp_path):
    text = (
        "P: Bagaimana penyaluran bantuan?\n"
        "B1: Penyaluran lambat, dua bulan baru sampai.\n"
        "B2: Kalau di kelurahan kami lancar saja.\n"
        "P: Ada yang lain?\n"
        "B1: Tidak ada.\n"
    )
    start = text.index("Penyaluran lambat")
    cases = (
        '<Variables><Variable guid="3f2504e0-4f89-11d3-9a0c-0305e82c3320" name="group" typeOfVariable="Text"/>'
        "</Variables><Cases>"
        + "".join(
            f'<Case guid="3f2504e0-4f89-11d3-9a0c-0305e82c332{i}" name="{name}"><VariableValue>'
            f'<VariableRef targetGUID="3f2504e0-4f89-11d3-9a0c-0305e82c3320"/><TextValue>{group}</TextValue>'
            f'</VariableValue><SourceRef targetGUID="{G_SRC}"/></Case>'
            for i, (name, group) in enumerate([("B1", "masyarakat"), ("B2", "pendamping")], start=1)
        )
        + "</Cases>"
    )
    qde = small_qde(start=start, end=start + len("Penyaluran lambat")).replace("<Sources>", cases + "<Sources>")
    qdpx = make_qdpx(tmp_path / "fgd.qdpx", qde, {f"sources/{G_SRC}.txt": text})
    report = import_qdpx(empty_project, qdpx)
    assert report.warnings == []
    (tr,) = load_corpus(empty_project).transcripts
    assert (tr.source, tr.informants()) == ("wawancara", ["B1", "B2"])
    assert [(t.speaker, t.informant) for t in tr.turns] == [
        ("P", None), ("B1", "B1"), ("B2", "B2"), ("P", None), ("B1", "B1")
    ]  # fmt: skip
    assert tr.informant_meta("B2")["group"] == "pendamping"
    (coding,) = load_codings(empty_project)
    assert (coding.segment, tr.text[coding.start : coding.end]) == ("t001", "Penyaluran lambat")  # B1's first turn
