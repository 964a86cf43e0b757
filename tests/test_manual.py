"""Coding by hand in the library: tag, untag, memos, decisions, new codes (odskcode.manual)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from odskcode.codebook import load_codebook
from odskcode.errors import ProjectError
from odskcode.manual import (
    Change,
    Workbench,
    coder_decisions,
    insert_code_text,
    parse_numbers,
    runs_text,
    tag,
    untag,
    write_memo,
)
from odskcode.project import autocode_project, import_transcripts, init_project, load_codings, reviewed_segments

from .conftest import MINI, write_interview
from .test_project import count, query

ANSWERS = [
    "Perencanaan kami sudah baik. Setiap bulan ada rapat koordinasi. Tapi kadang ada beda pendapat.",
    "Pengawasan berjalan lancar.",
    "Penyaluran bantuan lambat. Warga sering menunggu.",
    "Terima kasih, Pak.",
]
# what the mini codebook's rules suggest on ANSWERS, segment by segment
SUGGESTED = {
    "t001": ["efektivitas.perencanaan", "kendala.perbedaan_pendapat", "upaya.musyawarah"],
    "t002": ["efektivitas.pengawasan"],
    "t003": ["responsivitas.kecepatan"],
    "t004": [],
}


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    monkeypatch.delenv("ODSKCODE_PROJECT", raising=False)
    monkeypatch.setenv("ODSKCODE_LANG", "en")


def make_project(tmp_path: Path, codebook: Path = MINI):
    """A project with one interview of four answers (the first has three sentences), auto-coded."""
    tx = tmp_path / "tx"
    tx.mkdir()
    write_interview(tx, "I01.md", "I01", ANSWERS, role="Kepala Seksi")
    project = init_project(tmp_path / "proj", codebook=codebook)
    import_transcripts(project, [tx])
    autocode_project(project, jobs=1)
    return project


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path)


def manual(project, coder: str = "ani") -> list[tuple]:
    return query(
        project,
        'SELECT c.segment, c.code, c.start, c."end", c.valence, c.memo, c.origin FROM codings c '
        "WHERE c.coder = ? ORDER BY c.segment, c.code, c.start",
        (coder,),
    )


def decisions(project, coder: str = "ani") -> set[tuple[str, str, str]]:
    return {(d["segment"], d["code"], d["decision"]) for d in coder_decisions(project, coder)}


def bounds(project, segment: str) -> tuple[int, int]:
    with Workbench(project, "I01.md", "ani") as bench:
        seg = bench.segment(segment)
        return seg.start, seg.end


# --------------------------------------------------------------------------- tag / untag
def test_the_fixture_suggests_what_the_tests_expect(project):
    got: dict[str, list[str]] = {s: [] for s in SUGGESTED}
    for c in load_codings(project):
        got[c.segment].append(c.code)
    assert got == SUGGESTED


def test_tag_stores_one_segment_level_manual_coding_and_is_idempotent(project):
    first = tag(project, "I01.md", "t002", ["kendala.perbedaan_pendapat"], "ani")
    assert (first.transcript, first.segment, first.coder) == ("I01.md", "t002", "ani")
    assert first.changes == [Change("kendala.perbedaan_pendapat", "added")]
    again = tag(project, "I01.md", "t002", ["kendala.perbedaan_pendapat"], "ani")
    assert again.changes == [Change("kendala.perbedaan_pendapat", "unchanged")]
    start, end = bounds(project, "t002")
    assert manual(project) == [("t002", "kendala.perbedaan_pendapat", start, end, "netral", "", "manual")]
    assert decisions(project) == set()  # not a suggestion there: nothing was accepted
    assert query(project, "SELECT name FROM coders WHERE name = 'ani'") == [("ani",)]


def test_tag_on_a_suggestion_accepts_it_with_the_suggested_valence(project):
    tag(project, "I01.md", "t003", ["responsivitas.kecepatan"], "ani")
    start, end = bounds(project, "t003")
    assert manual(project) == [("t003", "responsivitas.kecepatan", start, end, "negatif", "", "manual")]
    assert decisions(project) == {("t003", "responsivitas.kecepatan", "accepted")}


def test_tag_valence_and_memo_update_the_coding(project):
    tag(project, "I01.md", "t002", ["efektivitas.pengawasan"], "ani")
    result = tag(project, "I01.md", "t002", ["efektivitas.pengawasan"], "ani", valence="negatif", memo="ragu")
    assert result.changes == [Change("efektivitas.pengawasan", "updated")]
    assert [r[4:6] for r in manual(project)] == [("negatif", "ragu")]
    assert tag(project, "I01.md", "t002", ["efektivitas.pengawasan"], "ani", valence="negatif").changes == [
        Change("efektivitas.pengawasan", "unchanged")
    ]
    assert [r[4:6] for r in manual(project)] == [("negatif", "ragu")]  # the memo is kept


def test_tag_takes_the_fixed_valence_of_the_codes_role(tmp_path):
    text = MINI.read_text(encoding="utf-8").replace("  window: 3\n", "  window: 3\n  by_role: {obstacle: negatif}\n")
    codebook = tmp_path / "cb.yaml"
    codebook.write_text(text, encoding="utf-8")
    project = make_project(tmp_path, codebook)
    tag(project, "I01.md", "t002", ["kendala.perbedaan_pendapat"], "ani")
    assert [r[4] for r in manual(project)] == ["negatif"]


def test_tag_several_codes_and_one_coder_does_not_see_another(project):
    tag(project, "I01.md", "t001", ["efektivitas.perencanaan", "upaya.musyawarah"], "ani")
    tag(project, "I01.md", "t001", ["efektivitas.perencanaan"], "budi")
    assert [r[1] for r in manual(project)] == ["efektivitas.perencanaan", "upaya.musyawarah"]
    assert [r[1] for r in manual(project, "budi")] == ["efektivitas.perencanaan"]
    with Workbench(project, "I01", "budi") as bench:
        assert [(r.code, r.state) for r in bench.state("t001").rows] == [
            ("efektivitas.perencanaan", "accepted"),
            ("kendala.perbedaan_pendapat", "suggested"),
            ("upaya.musyawarah", "suggested"),
        ]


def test_untag_removes_the_coders_coding_and_says_when_there_was_none(project):
    tag(project, "I01.md", "t003", ["responsivitas.kecepatan"], "ani")
    result = untag(project, "I01.md", "t003", ["responsivitas.kecepatan", "efektivitas.pengawasan"], "ani")
    assert result.changes == [Change("responsivitas.kecepatan", "removed"), Change("efektivitas.pengawasan", "absent")]
    assert manual(project) == []
    assert decisions(project) == set()  # no longer accepted, and not rejected either
    assert count(project, "codings") == 5  # the auto codings are untouched


def test_reject_stays_rejected_after_autocode(project):
    tag(project, "I01.md", "t001", ["upaya.musyawarah"], "ani")
    result = untag(project, "I01.md", "t001", ["upaya.musyawarah"], "ani", reject=True)
    assert result.changes == [Change("upaya.musyawarah", "rejected")]
    assert decisions(project) == {("t001", "upaya.musyawarah", "rejected")}
    report = autocode_project(project, jobs=1)
    assert report.skipped_rejected == 1
    auto = {(c.segment, c.code) for c in load_codings(project) if c.coder == "auto"}
    assert ("t001", "upaya.musyawarah") not in auto
    assert ("t001", "efektivitas.perencanaan") in auto
    assert decisions(project) == {("t001", "upaya.musyawarah", "rejected")}
    with Workbench(project, "I01.md", "ani") as bench:  # the rejection is still shown, though auto is gone
        assert ("upaya.musyawarah", "rejected") in [(r.code, r.state) for r in bench.state("t001").rows]
        bench.accept("t001", "upaya.musyawarah")  # changing one's mind
    assert decisions(project) == {("t001", "upaya.musyawarah", "accepted")}
    assert autocode_project(project, jobs=1).skipped_rejected == 0


def test_tag_some_sentences_keeps_the_segment_id(project):
    with Workbench(project, "I01.md", "ani") as bench:
        seg = bench.segment("t001")
        spans = bench.sentences(seg)
        text = bench.transcript.text
    assert [text[a:b] for a, b in spans] == [
        "Perencanaan kami sudah baik.",
        "Setiap bulan ada rapat koordinasi.",
        "Tapi kadang ada beda pendapat.",
    ]
    assert tag(project, "I01", "t001", ["upaya.musyawarah"], "ani", sentences="2").changes == [
        Change("upaya.musyawarah", "added")
    ]
    assert [r[:4] for r in manual(project)] == [("t001", "upaya.musyawarah", *spans[1])]
    tag(project, "I01", "t001", ["upaya.musyawarah"], "ani", sentences="1, 3")
    assert [r[2:4] for r in manual(project)] == [spans[0], spans[2]]
    tag(project, "I01", "t001", ["upaya.musyawarah"], "ani", sentences="1-3")  # all of them: the segment
    assert [r[:4] for r in manual(project)] == [("t001", "upaya.musyawarah", seg.start, seg.end)]
    assert decisions(project) == {("t001", "upaya.musyawarah", "accepted")}
    with pytest.raises(ProjectError) as err:
        tag(project, "I01", "t001", ["upaya.musyawarah"], "ani", sentences="2-5")
    assert str(err.value) == "'2-5' is not a list of sentence numbers from 1 to 3 (e.g. 1,3-4)"


@given(st.sets(st.integers(min_value=1, max_value=12), min_size=1))
def test_sentence_numbers_round_trip(numbers):
    assert parse_numbers(runs_text(sorted(numbers)), 12) == sorted(numbers)


@pytest.mark.parametrize("text", ["", "x", "0", "3-1", "1;3", "13", "1-13", "2.5"])
def test_bad_sentence_numbers(text):
    with pytest.raises(ProjectError):
        parse_numbers(text, 12)


# --------------------------------------------------------------------------- memos
def test_segment_memo_is_one_per_coder_and_replacing_it_is_logged(project):
    assert write_memo(project, "I01.md", "t002", "Informan ragu.", "ani").changes == [Change("", "added")]
    assert write_memo(project, "I01.md", "t002", "Informan ragu.", "ani").changes == [Change("", "unchanged")]
    assert write_memo(project, "I01.md", "t002", "Informan yakin.", "ani").changes == [Change("", "updated")]
    write_memo(project, "I01.md", None, "Wawancara terpotong hujan.", "ani")
    write_memo(project, "I01.md", "t002", "Pendapat lain.", "budi")
    assert query(project, "SELECT segment, code, coder, text FROM memos ORDER BY id") == [
        ("t002", "", "ani", "Informan yakin."),
        ("", "", "ani", "Wawancara terpotong hujan."),
        ("t002", "", "budi", "Pendapat lain."),
    ]
    logged = [json.loads(r[0]) for r in query(project, "SELECT details FROM log WHERE action = 'memo'")]
    assert [d["replaced"] for d in logged[:2]] == [[], ["Informan ragu."]]  # the same text again: no entry


def test_memo_on_a_code_goes_to_the_coding(project):
    result = write_memo(project, "I01.md", "t002", "Hanya soal jadwal.", "ani", code="efektivitas.pengawasan")
    assert result.changes == [Change("efektivitas.pengawasan", "added")]
    assert [(r[1], r[5]) for r in manual(project)] == [("efektivitas.pengawasan", "Hanya soal jadwal.")]
    assert count(project, "memos") == 0
    with pytest.raises(ProjectError, match="the memo is empty"):
        write_memo(project, "I01.md", "t002", "  ", "ani")


# --------------------------------------------------------------------------- decisions and resuming
def test_finish_accepts_what_is_still_suggested_and_marks_the_segment_reviewed(project):
    with Workbench(project, "I01.md", "ani") as bench:
        assert bench.progress() == (0, 4)
        assert bench.resume_index() == 0
        bench.reject("t001", "kendala.perbedaan_pendapat")
        assert bench.finish("t001") == ["efektivitas.perencanaan", "upaya.musyawarah"]
        assert bench.progress() == (1, 4)
        assert bench.resume_index() == 1
        bench.finish("t003")
        assert bench.resume_index() == 1  # the first one not finished, not the one after the last
        assert bench.state("t001").reviewed
    assert decisions(project) == {
        ("t001", "efektivitas.perencanaan", "accepted"),
        ("t001", "kendala.perbedaan_pendapat", "rejected"),
        ("t001", "upaya.musyawarah", "accepted"),
        ("t001", "", "reviewed"),
        ("t003", "responsivitas.kecepatan", "accepted"),
        ("t003", "", "reviewed"),
    }
    assert ("I01.md", "t001") in reviewed_segments(project)
    assert {r[1] for r in manual(project)} == {
        "efektivitas.perencanaan",
        "upaya.musyawarah",
        "responsivitas.kecepatan",
    }


def test_transcript_is_found_by_key_stem_or_informant(project):
    for name in ("I01.md", "I01", "i01"):
        with Workbench(project, name, "ani") as bench:
            assert bench.key == "I01.md"


def test_segment_is_found_by_id_number_or_loose_spelling(project):
    with Workbench(project, "I01.md", "ani") as bench:
        assert [bench.segment(ref).id for ref in ("t003", "3", "T3", "t03")] == ["t003"] * 4


# --------------------------------------------------------------------------- errors
def test_unknown_transcript_segment_and_code_name_the_next_step(project):
    with pytest.raises(ProjectError) as err:
        tag(project, "I0l.md", "t001", ["upaya.musyawarah"], "ani")
    assert str(err.value) == (
        "no transcript 'I0l.md' in the project — did you mean 'I01.md'? list them with: odskcode transcripts list"
    )
    with pytest.raises(ProjectError) as err:
        tag(project, "I01", "t009", ["upaya.musyawarah"], "ani")
    assert str(err.value) == (
        "I01.md has no segment 't009' — did you mean 't004'? see its segment ids with: odskcode transcripts show I01.md"
    )
    with pytest.raises(ProjectError) as err:
        tag(project, "I01", "t001", ["upaya.musyawarh"], "ani")
    assert str(err.value) == (
        "no code 'upaya.musyawarh' in the project's codebook — did you mean 'upaya.musyawarah'? "
        f"see the codes with: odskcode codebook show {project.codebook_path}"
    )
    with pytest.raises(ProjectError) as err:
        tag(project, "I01", "t001", ["upaya.x", "efektivitas", "kendala.y"], "ani")
    assert str(err.value) == (
        "no codes 'upaya.x', 'kendala.y' in the project's codebook — "
        f"see the codes with: odskcode codebook show {project.codebook_path}"
    )
    assert manual(project) == []


@pytest.mark.parametrize(
    ("coder", "message"),
    [
        ("auto", "'auto' is the auto-coder's name — give your own name with --coder NAME"),
        ("  ", "the coder's name is empty — give your own name with --coder NAME"),
    ],
)
def test_coder_name_is_checked(project, coder, message):
    with pytest.raises(ProjectError) as err:
        tag(project, "I01", "t001", ["upaya.musyawarah"], coder)
    assert str(err.value) == message


# --------------------------------------------------------------------------- search and new codes
@pytest.mark.parametrize(
    ("query_text", "first"),
    [
        ("planning", "efektivitas.perencanaan"),  # an English label
        ("beda pendapat", "kendala.perbedaan_pendapat"),  # words of an Indonesian label
        ("musyawarh", "upaya.musyawarah"),  # a typo
        ("KECEPATAN", "responsivitas.kecepatan"),
        ("efk prnc", "efektivitas.perencanaan"),  # letters in order
    ],
)
def test_search_finds_codes_by_id_and_labels_in_both_languages(project, query_text, first):
    with Workbench(project, "I01.md", "ani") as bench:
        found = bench.search(query_text)
    assert found and found[0].id == first


def test_search_without_a_match(project):
    with Workbench(project, "I01.md", "ani") as bench:
        assert bench.search("zzzz") == []
        assert bench.search("  ") == []


COMMENTED = "# Buku kode uji: komentar ini harus tetap ada.\n"


def test_create_code_keeps_the_codebook_as_written_and_logs_it(project):
    path = project.codebook_path
    original = COMMENTED + path.read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    with Workbench(project, "I01.md", "ani") as bench:
        code = bench.create_code("kendala.anggaran", {"id": "Anggaran kurang", "en": ""}, tag="t003")
        assert (code.id, code.role, code.label) == (
            "kendala.anggaran",
            "obstacle",
            {"id": "Anggaran kurang", "en": "Anggaran kurang"},
        )
        assert "kendala.anggaran" in bench.codebook.codes
    text = path.read_text(encoding="utf-8")
    kept = iter(text.splitlines())
    assert all(line in kept for line in original.splitlines())  # every old line, in order
    assert "kendala.anggaran" in load_codebook(path).codes
    start, end = bounds(project, "t003")
    assert manual(project) == [("t003", "kendala.anggaran", start, end, "netral", "", "manual")]
    (details,) = [json.loads(r[0]) for r in query(project, "SELECT details FROM log WHERE action = 'code_create'")]
    assert details["code"] == "kendala.anggaran" and details["coder"] == "ani"


def test_create_code_on_a_leaf_and_at_the_top(project):
    with Workbench(project, "I01.md", "ani") as bench:
        bench.create_code("upaya.musyawarah.warga", {"id": "Musyawarah warga", "en": "Residents' meeting"})
        bench.create_code("lainnya", {})
    codebook = load_codebook(project.codebook_path)
    assert codebook.codes["upaya.musyawarah"].children == ["upaya.musyawarah.warga"]
    assert codebook.codes["upaya.musyawarah.warga"].label == {"id": "Musyawarah warga", "en": "Residents' meeting"}
    assert (codebook.codes["lainnya"].role, codebook.codes["lainnya"].label) == (
        "other",
        {"id": "lainnya", "en": "lainnya"},
    )


def test_two_coders_creating_codes_at_once_both_keep_their_code(project, monkeypatch):
    """budi writes his new code to the codebook while ani's is being prepared: ani's write, once it
    has the project's write lock, starts from budi's file and does not drop his code."""
    import contextlib

    ani, budi = Workbench(project, "I01.md", "ani"), Workbench(project, "I01.md", "budi")
    locked = ani.store.write

    @contextlib.contextmanager
    def budi_first():
        budi.create_code("kendala.transportasi", {"id": "Ongkos transportasi"})
        with locked() as conn:
            yield conn

    monkeypatch.setattr(ani.store, "write", budi_first)
    try:
        ani.create_code("kendala.anggaran", {"id": "Anggaran kurang"}, tag="t001")
    finally:
        ani.close()
        budi.close()
    codes = load_codebook(project.codebook_path).codes
    assert codes["kendala"].children[-2:] == ["kendala.transportasi", "kendala.anggaran"]
    assert codes["kendala.transportasi"].label["id"] == "Ongkos transportasi"
    assert [r[1] for r in manual(project)] == ["kendala.anggaran"]


def test_the_question_before_a_focus_group_answer_is_the_moderators(tmp_path):
    tx = tmp_path / "tx"
    tx.mkdir()
    (tx / "FGD01.md").write_text(
        "---\ninformant: FGD01\nrole: Penerima\ngroup: masyarakat\nsource: wawancara\ninterviewer: M\n"
        "speakers: {B1: I11, B2: I12}\n---\n"
        "M: Bagaimana penyaluran bantuan di kelurahan ini?\n"
        "B1: Sering terlambat.\n"
        "B2: Betul, kami menunggu dari pagi.\n"
        "M: Apakah ada pengawasan?\n"
        "B2: Ada, dari seksi.\n",
        encoding="utf-8",
    )
    project = init_project(tmp_path / "proj", codebook=MINI)
    import_transcripts(project, [tx])
    with Workbench(project, "FGD01", "ani") as bench:
        assert [(s.informant, bench.question(s)) for s in bench.segments] == [
            ("I11", "M: Bagaimana penyaluran bantuan di kelurahan ini?"),
            ("I12", "M: Bagaimana penyaluran bantuan di kelurahan ini?"),
            ("I12", "M: Apakah ada pengawasan?"),
        ]


FLOW_CHILDREN = (
    "    children: [{id: musyawarah, label: {id: musyawarah, en: deliberation}, definition: x,"
    " rules: {words: [musyawarah, rapat]}}]\n"
)


def test_create_code_writes_a_canonical_codebook_where_it_cannot_insert_lines(project):
    path = project.codebook_path
    text = path.read_text(encoding="utf-8")
    block = text[text.index("    children:\n      - id: musyawarah") :]
    path.write_text(COMMENTED + text.replace(block, FLOW_CHILDREN), encoding="utf-8")
    assert insert_code_text(path.read_text(encoding="utf-8"), "upaya", {"id": "baru"}) is None
    with Workbench(project, "I01.md", "ani") as bench:
        bench.create_code("upaya.baru", {"id": "Baru"})
    assert load_codebook(path).codes["upaya"].children == ["upaya.musyawarah", "upaya.baru"]
    assert COMMENTED not in path.read_text(encoding="utf-8")  # the price of the fallback


@pytest.mark.parametrize(
    ("code_id", "message"),
    [
        (
            "Kendala.Anggaran",
            "'Kendala.Anggaran' is not a valid code id: lower-case letters, digits and _, "
            "parts joined by dots (e.g. kendala.anggaran)",
        ),
        ("upaya.musyawarah", "code 'upaya.musyawarah' already exists in the project's codebook"),
        (
            "kendal.anggaran",
            "no code 'kendal' to put 'kendal.anggaran' under — did you mean 'kendala'? "
            "see the codes with: odskcode codebook show {path}",
        ),
    ],
)
def test_create_code_errors(project, code_id, message):
    before = project.codebook_path.read_text(encoding="utf-8")
    with Workbench(project, "I01.md", "ani") as bench, pytest.raises(ProjectError) as err:
        bench.create_code(code_id, {"id": "x"})
    assert str(err.value) == message.format(path=project.codebook_path)
    assert project.codebook_path.read_text(encoding="utf-8") == before
    assert query(project, "SELECT count(*) FROM log WHERE action = 'code_create'") == [(0,)]
