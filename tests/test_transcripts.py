"""Transcript parser edge cases: formats, speakers, units, corpus scans, located errors, round trips."""

from __future__ import annotations

import csv
from pathlib import Path

import docx
import openpyxl
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odskcode.errors import TranscriptError
from odskcode.model import Segment, Transcript
from odskcode.transcripts import (
    parse_transcript,
    read_corpus,
    read_informants_sheet,
    render_transcript,
    segments,
)


# --------------------------------------------------------------------------- helpers
def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def write_sheet(folder: Path, fmt: str, rows: list[list[str]]) -> Path:
    """An informants sheet (first row = header) as informants.csv or informants.xlsx."""
    if fmt == "csv":
        path = folder / "informants.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows(rows)
        return path
    path = folder / "informants.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def checked(transcript: Transcript, unit: str = "turn") -> list[Segment]:
    """Segments of ``transcript``, after checking each is a view over the stored text."""
    segs = segments(transcript, unit)
    for seg in segs:
        assert transcript.text[seg.start : seg.end] == seg.text
    return segs


def view(transcript: Transcript, unit: str = "turn") -> list[tuple[str, str, str]]:
    return [(s.id, s.informant, s.text) for s in checked(transcript, unit)]


def turn_view(transcript: Transcript) -> list[tuple[str | None, str | None, str]]:
    return [(t.speaker, t.informant, transcript.text[t.start : t.end]) for t in transcript.turns]


def fail(path: Path, **kw) -> TranscriptError:
    with pytest.raises(TranscriptError) as info:
        parse_transcript(path, **kw)
    return info.value


def fail_corpus(*paths: Path) -> TranscriptError:
    with pytest.raises(TranscriptError) as info:
        read_corpus(list(paths))
    return info.value


# --------------------------------------------------------------------------- encodings and newlines
def test_utf8_bom_and_crlf(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf---\r\ninformant: I01\r\nrole: Kepala Dinas\r\n---\r\nP: Apa?\r\nI01: Ya, sudah.\r\n"
    t = parse_transcript(write(tmp_path, "I01.md", data))
    assert t.text == "P: Apa?\nI01: Ya, sudah.\n"
    assert t.informant == "I01"
    assert t.meta["role"] == "Kepala Dinas"
    assert turn_view(t) == [("P", None, "Apa?"), ("I01", "I01", "Ya, sudah.")]
    assert [turn.line for turn in t.turns] == [5, 6]
    segs = checked(t)
    assert [(s.id, s.start, s.end, s.text) for s in segs] == [("t001", 13, 23, "Ya, sudah.")]


def test_lone_cr_newlines(tmp_path: Path) -> None:
    data = b"---\rinformant: I01\r---\rP: Apa?\rI01: Ya.\rBaris dua.\r"
    t = parse_transcript(write(tmp_path, "I01.txt", data))
    assert "\r" not in t.text
    assert t.text == "P: Apa?\nI01: Ya.\nBaris dua.\n"
    segs = checked(t)
    assert [(s.id, s.start, s.end, s.text) for s in segs] == [("t001", 13, 27, "Ya.\nBaris dua.")]


# --------------------------------------------------------------------------- turns and labels
def test_continuation_lines_make_one_turn(tmp_path: Path) -> None:
    body = "---\ninformant: I01\n---\nP: Bagaimana perencanaan?\nI01: Kami susun bersama.\n  Setiap bulan rapat.  \n\nSemua bidang hadir.\nP: Lalu?\nI01: Cukup.\n"
    t = parse_transcript(write(tmp_path, "I01.md", body))
    assert view(t) == [
        ("t001", "I01", "Kami susun bersama.\n  Setiap bulan rapat.  \n\nSemua bidang hadir."),
        ("t002", "I01", "Cukup."),
    ]
    assert t.turns[1].line == 5
    paragraphs = checked(t, "paragraph")
    assert [(s.id, s.text, s.question) for s in paragraphs] == [
        ("p001", "Kami susun bersama.", "Bagaimana perencanaan?"),
        ("p002", "Setiap bulan rapat.", "Bagaimana perencanaan?"),
        ("p003", "Semua bidang hadir.", "Bagaimana perencanaan?"),
        ("p004", "Cukup.", "Lalu?"),
    ]
    assert [(s.start, s.end) for s in paragraphs] == [(31, 50), (53, 72), (76, 95), (110, 116)]


def test_colon_inside_answer(tmp_path: Path) -> None:
    t = parse_transcript(
        write(tmp_path, "I01.md", "---\ninformant: I01\n---\nP: Kapan?\nI01: jam 10:30 kami rapat: semua hadir\n")
    )
    assert turn_view(t) == [("P", None, "Kapan?"), ("I01", "I01", "jam 10:30 kami rapat: semua hadir")]
    assert [(s.id, s.start, s.end) for s in checked(t)] == [("t001", 15, 48)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_speaker_label_with_spaces_from_sheet(tmp_path: Path, fmt: str) -> None:
    sheet_path = write_sheet(
        tmp_path,
        fmt,
        [
            ["file", "speaker", "informant", "role", "group"],
            ["m.md", "Ibu Meiske", "I02", "Kepala Seksi", "pemerintah"],
        ],
    )
    path = write(tmp_path, "m.md", "Pewawancara: Bagaimana?\nIbu Meiske: Baik sekali.\nibu meiske: Lagi: ya.\n")
    t = parse_transcript(path, sheet=read_informants_sheet(sheet_path))
    assert t.informant == "I02"
    assert t.meta["role"] == "Kepala Seksi"
    assert t.meta["group"] == "pemerintah"
    assert turn_view(t) == [
        ("Pewawancara", None, "Bagaimana?"),
        ("Ibu Meiske", "I02", "Baik sekali."),
        ("Ibu Meiske", "I02", "Lagi: ya."),
    ]
    assert view(t) == [("t001", "I02", "Baik sekali."), ("t002", "I02", "Lagi: ya.")]


def test_speaker_label_with_spaces_from_front_matter(tmp_path: Path) -> None:
    body = "---\ninformant: I02\nspeakers:\n  Ibu Meiske: I02\n---\nP: Bagaimana?\nIbu Meiske: Baik.\nIBU MEISKE: Ya.\n"
    t = parse_transcript(write(tmp_path, "m.md", body))
    assert t.informant == "I02"
    assert turn_view(t) == [("P", None, "Bagaimana?"), ("Ibu Meiske", "I02", "Baik."), ("Ibu Meiske", "I02", "Ya.")]
    assert [(s.id, s.start, s.end) for s in checked(t)] == [("t001", 26, 31), ("t002", 44, 47)]


def test_labels_are_case_insensitive(tmp_path: Path) -> None:
    t = parse_transcript(
        write(tmp_path, "I01.md", "---\ninformant: I01\n---\np: Apa?\ni01: Ya.\nPEWAWANCARA: Lagi?\nI01 : Tidak.\n")
    )
    assert turn_view(t) == [
        ("P", None, "Apa?"),
        ("I01", "I01", "Ya."),
        ("Pewawancara", None, "Lagi?"),
        ("I01", "I01", "Tidak."),
    ]
    assert [(s.id, s.question) for s in checked(t)] == [("t001", "Apa?"), ("t002", "Lagi?")]


def test_interviewer_turns_are_never_segments_but_give_the_question(tmp_path: Path) -> None:
    body = "---\ninformant: I01\n---\nP: Satu?\nI01: Jawab satu.\nI01: Tambahan.\nP: Dua?\nP: Maksud saya, tiga?\nI01: Jawab tiga.\n"
    t = parse_transcript(write(tmp_path, "I01.md", body))
    segs = checked(t)
    assert [(s.id, s.text, s.question, s.turn) for s in segs] == [
        ("t001", "Jawab satu.", "Satu?", 1),
        ("t002", "Tambahan.", None, 2),
        ("t003", "Jawab tiga.", "Maksud saya, tiga?", 5),
    ]
    for unit in ("turn", "paragraph", "sentence"):
        assert all(s.informant == "I01" for s in checked(t, unit))
        assert not any("?" in s.text for s in checked(t, unit))


def test_text_before_the_first_label_is_ignored(tmp_path: Path) -> None:
    body = "---\ninformant: I01\n---\nTranskrip wawancara 15 Juni 2020\nLokasi: kantor dinas\n\nP: Apa?\nI01: Ya.\n"
    t = parse_transcript(write(tmp_path, "I01.md", body))
    assert turn_view(t) == [("P", None, "Apa?"), ("I01", "I01", "Ya.")]
    assert view(t) == [("t001", "I01", "Ya.")]


def test_default_interviewer_labels(tmp_path: Path) -> None:
    body = "---\ninformant: I01\n---\nP: a?\nI01: A.\nPewawancara: b?\nI01: B.\nPeneliti: c?\nI01: C.\nInterviewer: d?\nI01: D.\nQ: e?\nI01: E.\n"
    t = parse_transcript(write(tmp_path, "I01.md", body))
    assert [(t_.speaker, t_.informant) for t_ in t.turns if t_.informant is None] == [
        ("P", None),
        ("Pewawancara", None),
        ("Peneliti", None),
        ("Interviewer", None),
        ("Q", None),
    ]
    assert [(s.id, s.text, s.question) for s in checked(t)] == [
        ("t001", "A.", "a?"),
        ("t002", "B.", "b?"),
        ("t003", "C.", "c?"),
        ("t004", "D.", "d?"),
        ("t005", "E.", "e?"),
    ]


def test_given_interviewer_replaces_the_defaults(tmp_path: Path) -> None:
    body = "---\ninformant: I01\ninterviewer: Tanya\n---\nTanya: Apa?\nI01: Ya.\nP: ini bukan label\n"
    t = parse_transcript(write(tmp_path, "I01.md", body))
    assert turn_view(t) == [("Tanya", None, "Apa?"), ("I01", "I01", "Ya.\nP: ini bukan label")]


# --------------------------------------------------------------------------- Word files
def docx_paragraphs(path: Path, paragraphs: list[str]) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def docx_table(path: Path, rows: list[tuple[str, str]]) -> Path:
    document = docx.Document()
    table = document.add_table(rows=len(rows), cols=2)
    for r, (speaker, said) in enumerate(rows):
        table.cell(r, 0).text = speaker
        table.cell(r, 1).text = said
    document.save(str(path))
    return path


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_docx_speaker_paragraphs(tmp_path: Path, fmt: str) -> None:
    docx_paragraphs(
        tmp_path / "wawancara.docx",
        [
            "Transkrip wawancara",
            "P: Bagaimana perencanaan?",
            "Ibu Meiske: Kami rapat tiap bulan.",
            "Semua bidang hadir.",
        ],
    )
    write_sheet(
        tmp_path,
        fmt,
        [
            ["file", "speaker", "informant", "role", "group", "kabupaten"],
            ["wawancara.docx", "Ibu Meiske", "I02", "Kepala Seksi", "pemerintah", "Bitung"],
        ],
    )
    (t,) = read_corpus([tmp_path]).transcripts
    assert t.key == "wawancara.docx"
    assert (
        t.text
        == "Transkrip wawancara\nP: Bagaimana perencanaan?\nIbu Meiske: Kami rapat tiap bulan.\nSemua bidang hadir."
    )
    assert t.informant == "I02"
    assert {k: t.meta[k] for k in ("role", "group", "kabupaten", "source")} == {
        "role": "Kepala Seksi",
        "group": "pemerintah",
        "kabupaten": "Bitung",
        "source": "wawancara",
    }
    segs = checked(t)
    assert [(s.id, s.informant, s.text, s.question) for s in segs] == [
        ("t001", "I02", "Kami rapat tiap bulan.\nSemua bidang hadir.", "Bagaimana perencanaan?")
    ]
    assert (segs[0].start, segs[0].end) == (58, 100)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_docx_speaker_text_table(tmp_path: Path, fmt: str) -> None:
    docx_table(
        tmp_path / "I03.docx",
        [
            ("Pembicara", "Teks"),
            ("P", "Apa kendalanya?"),
            ("Bapak Ronny", "Data  sasaran\nbelum lengkap."),
            ("P", "Upayanya?"),
            ("Bapak Ronny", "Koordinasi: rapat."),
        ],
    )
    write_sheet(
        tmp_path,
        fmt,
        [["file", "speaker", "informant", "role", "group"], ["I03.docx", "Bapak Ronny", "I03", "Staf", "pemerintah"]],
    )
    (t,) = read_corpus([tmp_path]).transcripts
    assert (
        t.text
        == "P: Apa kendalanya?\nBapak Ronny: Data sasaran belum lengkap.\nP: Upayanya?\nBapak Ronny: Koordinasi: rapat."
    )
    assert t.meta["role"] == "Staf"
    assert view(t) == [("t001", "I03", "Data sasaran belum lengkap."), ("t002", "I03", "Koordinasi: rapat.")]
    assert [s.question for s in checked(t)] == ["Apa kendalanya?", "Upayanya?"]


# --------------------------------------------------------------------------- focus groups
FGD_BODY = (
    "P: Bagaimana bantuannya?\nB1: Sudah diterima.\nB2: Belum semua.\nB1: Tapi cepat.\nP: Ada kendala?\nB2: Data.\n"
)


def test_focus_group_speakers_in_front_matter(tmp_path: Path) -> None:
    text = "---\nrole: Penerima bantuan\ngroup: masyarakat\nspeakers: {B1: I03, B2: I04}\n---\n" + FGD_BODY
    t = parse_transcript(write(tmp_path, "fgd.md", text))
    assert t.informants() == ["I03", "I04"]
    assert view(t) == [
        ("t001", "I03", "Sudah diterima."),
        ("t002", "I04", "Belum semua."),
        ("t003", "I03", "Tapi cepat."),
        ("t004", "I04", "Data."),
    ]
    for informant in ("I03", "I04"):
        meta = t.informant_meta(informant)
        assert (meta["role"], meta["group"]) == ("Penerima bantuan", "masyarakat")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_focus_group_sheet_rows(tmp_path: Path, fmt: str) -> None:
    write(tmp_path, "fgd.md", FGD_BODY)
    write_sheet(
        tmp_path,
        fmt,
        [
            ["file", "speaker", "informant", "role", "group", "kabupaten"],
            ["fgd.md", "B1", "I03", "Ketua RT", "masyarakat", "Bitung"],
            ["fgd.md", "B2", "I04", "Pendamping PKH", "pendamping", "Bitung"],
        ],
    )
    corpus = read_corpus([tmp_path])
    (t,) = corpus.transcripts
    assert t.informants() == ["I03", "I04"]
    assert [(s.id, s.informant) for s in checked(t)] == [
        ("t001", "I03"),
        ("t002", "I04"),
        ("t003", "I03"),
        ("t004", "I04"),
    ]
    m3, m4 = t.informant_meta("I03"), t.informant_meta("I04")
    assert (m3["role"], m3["group"], m3["kabupaten"]) == ("Ketua RT", "masyarakat", "Bitung")
    assert (m4["role"], m4["group"]) == ("Pendamping PKH", "pendamping")
    assert corpus.counts() == {"informants": 2, "observations": 0, "documents": 0}


# --------------------------------------------------------------------------- observations and documents
def test_observation_paragraphs(tmp_path: Path) -> None:
    body = "---\ninformant: OBS01\nsource: observasi\n---\n# Catatan lapangan\n\nKantor dinas ramai.\nPetugas melayani warga.\n\n  Rapat: jam 9 pagi.  \n"
    t = parse_transcript(write(tmp_path, "OBS01.md", body))
    assert not t.is_interview
    assert t.source == "observasi"
    expected = [
        ("p001", "OBS01", "Kantor dinas ramai.\nPetugas melayani warga."),
        ("p002", "OBS01", "Rapat: jam 9 pagi."),
    ]
    assert view(t, "turn") == expected
    assert view(t, "paragraph") == expected
    assert [(s.start, s.end) for s in checked(t)] == [(20, 63), (67, 85)]
    assert [(turn.line, turn.speaker) for turn in t.turns] == [(7, None), (10, None)]
    assert view(t, "sentence") == [
        ("p001.s01", "OBS01", "Kantor dinas ramai."),
        ("p001.s02", "OBS01", "Petugas melayani warga."),
        ("p002.s01", "OBS01", "Rapat: jam 9 pagi."),
    ]
    assert all(s.question is None for s in checked(t))


def test_document_paragraphs(tmp_path: Path) -> None:
    body = "---\ninformant: DOK01\nsource: Dokumentasi\n---\nLaporan pertanggungjawaban ODSK 2020.\n\n## Bab 1\nIsi bab satu.\nLanjutan.\n"
    t = parse_transcript(write(tmp_path, "DOK01.txt", body))
    assert t.source == "dokumentasi"
    assert t.informants() == ["DOK01"]
    assert view(t) == [
        ("p001", "DOK01", "Laporan pertanggungjawaban ODSK 2020."),
        ("p002", "DOK01", "Isi bab satu.\nLanjutan."),
    ]


# --------------------------------------------------------------------------- subtitles
def test_vtt_with_voice_tags(tmp_path: Path) -> None:
    vtt = (
        "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\n<v Pewawancara>Bagaimana programnya?</v>\n\n"
        "00:00:05.000 --> 00:00:09.500\n<v Ibu Meiske>Programnya <i>berjalan</i> baik.\nSemua terlibat.</v>\n"
    )
    write(tmp_path, "rekaman.vtt", vtt)
    write_sheet(
        tmp_path,
        "csv",
        [["file", "speaker", "informant", "role"], ["rekaman.vtt", "Ibu Meiske", "I02", "Kepala Seksi"]],
    )
    (t,) = read_corpus([tmp_path]).transcripts
    assert t.text == "Pewawancara: Bagaimana programnya?\nIbu Meiske: Programnya berjalan baik. Semua terlibat."
    assert t.meta["role"] == "Kepala Seksi"
    assert [(s.id, s.informant, s.text, s.question) for s in checked(t)] == [
        ("t001", "I02", "Programnya berjalan baik. Semua terlibat.", "Bagaimana programnya?")
    ]


def test_srt_with_name_prefix(tmp_path: Path) -> None:
    srt = (
        "1\n00:00:01,000 --> 00:00:04,000\nP: Apa kendalanya?\n\n"
        "2\n00:00:05,000 --> 00:00:08,000\nPak Budi: Data sasaran.\n\n"
        "3\n00:00:08,000 --> 00:00:10,000\nmasih kurang.\n"
    )
    write(tmp_path, "rekaman.srt", srt)
    write_sheet(
        tmp_path, "xlsx", [["file", "speaker", "informant", "role"], ["rekaman.srt", "Pak Budi", "I05", "Staf"]]
    )
    (t,) = read_corpus([tmp_path]).transcripts
    assert t.text == "P: Apa kendalanya?\nPak Budi: Data sasaran.\nmasih kurang."
    assert [(s.id, s.informant, s.text) for s in checked(t)] == [("t001", "I05", "Data sasaran.\nmasih kurang.")]


# --------------------------------------------------------------------------- units
SENTENCES = "---\ninformant: I01\n---\nP: Siapa?\nI01: Bpk. Budi datang. Kami bawa beras, minyak dll. ke sana! Benar?\nP: Lalu?\nI01: Selesai.\n"


def test_units(tmp_path: Path) -> None:
    t = parse_transcript(write(tmp_path, "I01.md", SENTENCES))
    assert view(t, "turn") == [
        ("t001", "I01", "Bpk. Budi datang. Kami bawa beras, minyak dll. ke sana! Benar?"),
        ("t002", "I01", "Selesai."),
    ]
    assert view(t, "paragraph") == [
        ("p001", "I01", "Bpk. Budi datang. Kami bawa beras, minyak dll. ke sana! Benar?"),
        ("p002", "I01", "Selesai."),
    ]
    sentences = checked(t, "sentence")
    assert [(s.id, s.text) for s in sentences] == [
        ("t001.s01", "Bpk. Budi datang."),
        ("t001.s02", "Kami bawa beras, minyak dll. ke sana!"),
        ("t001.s03", "Benar?"),
        ("t002.s01", "Selesai."),
    ]
    assert [(s.start, s.end) for s in sentences] == [(15, 32), (33, 70), (71, 77), (92, 100)]
    assert [s.question for s in sentences] == ["Siapa?", "Siapa?", "Siapa?", "Lalu?"]


def test_unknown_unit(tmp_path: Path) -> None:
    t = parse_transcript(write(tmp_path, "I01.md", SENTENCES))
    with pytest.raises(TranscriptError) as info:
        segments(t, "kalimat")
    exc = info.value
    assert (exc.file, exc.line) == (None, None)
    assert exc.render("en") == "unknown unit 'kalimat'; choose one of: turn, paragraph, sentence"


# --------------------------------------------------------------------------- corpus
def test_read_corpus_folder(tmp_path: Path) -> None:
    write(tmp_path, "I01.md", "P: Apa?\nI01: Ya.\n")
    write(tmp_path, "bitung/I02.md", "---\ninformant: I02\n---\nP: Apa?\nI02: Ya.\n")
    write(tmp_path, "bitung/sub/OBS01.txt", "---\ninformant: OBS01\nsource: observasi\n---\nKantor ramai.\n")
    write(tmp_path, "DOK01.md", "---\ninformant: DOK01\nsource: dokumentasi\n---\nLaporan.\n")
    write(tmp_path, "README.md", "# Catatan proyek\n")
    write(tmp_path, "bitung/readme.txt", "tidak dibaca\n")
    write(tmp_path, ".draft.md", "P: x\nI09: y\n")
    write(tmp_path, ".git/I08.md", "P: x\nI08: y\n")
    write(tmp_path, "~$I01.docx", b"lock file of Word")
    write(tmp_path, "catatan.pdf", b"%PDF-1.4")
    write_sheet(tmp_path, "csv", [["file", "informant", "role"], ["I01.md", "I01", "Kepala Dinas"]])
    progress: list[tuple[str, int, int]] = []
    corpus = read_corpus([tmp_path], progress=lambda *a: progress.append(a))
    assert [t.key for t in corpus.transcripts] == ["DOK01.md", "I01.md", "bitung/I02.md", "bitung/sub/OBS01.txt"]
    assert [t.informant for t in corpus.transcripts] == ["DOK01", "I01", "I02", "OBS01"]
    assert corpus.by_key()["I01.md"].meta["role"] == "Kepala Dinas"
    assert corpus.counts() == {"informants": 2, "observations": 1, "documents": 1}
    assert progress == [("parse", 1, 4), ("parse", 2, 4), ("parse", 3, 4), ("parse", 4, 4)]
    assert [s.transcript for s in segments(corpus.by_key()["bitung/I02.md"])] == ["bitung/I02.md"]


def test_read_corpus_single_file_key_is_its_name(tmp_path: Path) -> None:
    path = write(tmp_path, "bitung/I02.md", "---\ninformant: I02\n---\nP: Apa?\nI02: Ya.\n")
    (t,) = read_corpus([path]).transcripts
    assert t.key == "I02.md"


# --------------------------------------------------------------------------- errors
def test_error_informant_not_found(tmp_path: Path) -> None:
    path = write(tmp_path, "wawancara3.md", "P: Apa?\nX: Ya.\n")
    exc = fail(path)
    assert (exc.file, exc.line) == (str(path), 1)
    assert exc.render("en") == (
        f"{path}:1: cannot find the informant of this file — add 'informant: I01' to the front matter, "
        "or a row for 'wawancara3.md' in informants.csv"
    )
    assert exc.render("id") == (
        f"{path}:1: informan untuk berkas ini tidak ditemukan — tambahkan 'informant: I01' di front matter, "
        "atau baris 'wawancara3.md' di informants.csv"
    )


def test_error_unterminated_front_matter(tmp_path: Path) -> None:
    path = write(tmp_path, "I01.md", "---\ninformant: I01\nP: Apa?\nI01: Ya.\n")
    exc = fail(path)
    assert (exc.file, exc.line) == (str(path), 1)
    assert (
        exc.render("en")
        == f"{path}:1: front matter opened with '---' is never closed — add a line '---' after the metadata"
    )
    assert exc.render("id") not in ("", exc.render("en"))


@pytest.mark.parametrize(
    ("front", "line", "detail"),
    [
        ("informant: I01\nrole: a: b\n", 3, "mapping values are not allowed here"),
        (
            "informant: I01\nrole: [Kepala\ngroup: pemerintah\n",
            4,
            "while parsing a flow sequence expected ',' or ']', but got ':'",
        ),
        ("informant: I01\nrole: a\nrole: b\n", 4, "duplicate key 'role'"),
    ],
)
def test_error_bad_yaml_in_front_matter(tmp_path: Path, front: str, line: int, detail: str) -> None:
    path = write(tmp_path, "I01.md", f"---\n{front}---\nP: Apa?\nI01: Ya.\n")
    exc = fail(path)
    assert (exc.file, exc.line) == (str(path), line)
    assert exc.render("en") == f"{path}:{line}: invalid YAML in the front matter: {detail}"


def test_error_front_matter_not_a_mapping(tmp_path: Path) -> None:
    path = write(tmp_path, "I01.md", "---\n- I01\n- Kepala\n---\nP: Apa?\nI01: Ya.\n")
    exc = fail(path)
    assert exc.line == 2
    assert exc.render("en") == f"{path}:2: the front matter must be key: value pairs"


@pytest.mark.parametrize(
    ("data", "line", "pos"),
    [
        (b"---\ninformant: I01\n---\nP: a\nI01: caf\xe9 enak\n", 5, 36),
        # The BOM counts in the position, and a bad byte at the start of a line is on that line.
        (b"\xef\xbb\xbf---\ninformant: I01\n---\nP: a\n\xe9I01: b\n", 5, 31),
        (b"---\r\ninformant: I01\r\n---\r\nP: a\r\n\xe9I01: b\r\n", 5, 32),
        (b"---\rinformant: I01\r---\rP: a\r\xe9I01: b\r", 5, 28),
    ],
)
def test_error_undecodable_bytes(tmp_path: Path, data: bytes, line: int, pos: int) -> None:
    path = write(tmp_path, "I01.md", data)
    exc = fail(path)
    assert (exc.file, exc.line) == (str(path), line)
    assert exc.render("en") == (
        f"{path}:{line}: bytes cannot be decoded as UTF-8 at position {pos}"
        " — save the file as UTF-8 (in an editor: Save As ... Encoding UTF-8)"
    )
    assert "UTF-8" in exc.render("id")
    assert exc.render("id") != exc.render("en")


@pytest.mark.parametrize("data", [b"", b"  \n\n\t \r\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf\r\n  \r\n"])
def test_error_empty_file(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path, "I01.md", data)
    exc = fail(path)
    assert (exc.file, exc.line) == (str(path), 1)
    assert exc.render("en") == f"{path}:1: the file is empty"
    assert exc.render("id") == f"{path}:1: berkas kosong"


def test_error_binary_file(tmp_path: Path) -> None:
    path = write(tmp_path, "I01.txt", b"P: Apa?\nI01: Ya\x00\x01\x02\n")
    exc = fail(path)
    assert (exc.file, exc.line) == (str(path), 2)
    assert exc.render("en") == f"{path}:2: binary file, not text (NUL byte at position 15)"


def test_error_informant_used_by_two_files(tmp_path: Path) -> None:
    write(tmp_path, "a/I01.md", "---\ninformant: I01\n---\nP: Apa?\nI01: Ya.\n")
    second = write(
        tmp_path, "b/I01-ulang.md", "---\nrole: Staf\ngroup: pemerintah\ninformant: I01\n---\nP: Apa?\nI01: Ya.\n"
    )
    exc = fail_corpus(tmp_path)
    assert (exc.file, exc.line) == (str(second), 4)
    assert exc.render("en") == (
        f"{second}:4: informant id 'I01' is already used by a/I01.md"
        " — give each informant a unique id in the front matter or informants.csv"
    )


def test_error_focus_group_informant_used_by_another_file(tmp_path: Path) -> None:
    write(tmp_path, "I03.md", "---\ninformant: I03\n---\nP: Apa?\nI03: Ya.\n")
    fgd = write(tmp_path, "fgd.md", "---\nspeakers: {B1: I03, B2: I04}\n---\n" + FGD_BODY)
    exc = fail_corpus(tmp_path)
    assert exc.file == str(fgd)
    assert exc.message.render("en") == "informant id 'I03' is already used by I03.md"


def test_error_unknown_source(tmp_path: Path) -> None:
    path = write(tmp_path, "I01.md", "---\ninformant: I01\ndate: 2020-06-15\nsource: survei\n---\nP: a\nI01: b\n")
    exc = fail(path)
    assert (exc.file, exc.line) == (str(path), 4)
    assert exc.render("en") == f"{path}:4: unknown source 'survei'; choose one of: wawancara, observasi, dokumentasi"
    assert exc.render("id") == f"{path}:4: source 'survei' tidak dikenal; pilihan: wawancara, observasi, dokumentasi"


def test_error_no_known_speaker_label(tmp_path: Path) -> None:
    path = write(tmp_path, "I01.md", "---\ninformant: I01\ninterviewer: P\n---\nPenanya: Apa?\nInforman: Ya.\n")
    exc = fail(path)
    assert (exc.file, exc.line) == (str(path), 5)
    assert exc.render("en") == (
        f"{path}:5: no speaker turns with a known label (I01, P) — start each turn with 'LABEL: text',"
        " or set 'source: observasi' / 'dokumentasi' for text without speakers"
    )


def test_error_interviewer_only(tmp_path: Path) -> None:
    path = write(tmp_path, "I01.md", "---\ninformant: I01\n---\nP: Apa?\nP: Halo?\n")
    exc = fail(path)
    assert exc.line == 4
    assert exc.message.render("en") == (
        "no speaker turns with a known label (I01, P, Pewawancara, Peneliti, Interviewer, Q)"
    )


@pytest.mark.parametrize(
    "speakers",
    ["speakers: [B1, B2]\n", "speakers: B1\n", "speakers:\n  B1: I03\n  B2:\n"],
)
def test_error_bad_speakers(tmp_path: Path, speakers: str) -> None:
    path = write(tmp_path, "fgd.md", f"---\nrole: Warga\n{speakers}---\n{FGD_BODY}")
    exc = fail(path)
    assert (exc.file, exc.line) == (str(path), 3)
    assert exc.render("en") == f"{path}:3: 'speakers' must be a mapping LABEL: INFORMANT_ID"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_error_sheet_without_informant_column(tmp_path: Path, fmt: str) -> None:
    write(tmp_path, "I01.md", "P: Apa?\nI01: Ya.\n")
    sheet = write_sheet(tmp_path, fmt, [["file", "speaker", "id", "role"], ["I01.md", "", "I01", "Staf"]])
    for call in (lambda: read_informants_sheet(sheet), lambda: read_corpus([tmp_path])):
        with pytest.raises(TranscriptError) as info:
            call()
        exc = info.value
        assert (exc.file, exc.line) == (str(sheet), 1)
        assert exc.render("en") == f"{sheet}:1: the informants sheet has no 'informant' column"
        assert exc.render("id") == f"{sheet}:1: lembar informan tidak memiliki kolom 'informant'"


def test_error_corrupt_docx(tmp_path: Path) -> None:
    path = write(tmp_path, "I01.docx", b"PK\x03\x04 not really a zip")
    exc = fail(path)
    assert (exc.file, exc.line) == (str(path), 1)
    assert exc.render("en").startswith(f"{path}:1: corrupt or invalid .docx file: ")


def test_error_empty_docx(tmp_path: Path) -> None:
    path = docx_paragraphs(tmp_path / "I01.docx", ["", "  "])
    exc = fail(path)
    assert exc.render("en") == f"{path}:1: the file is empty"


@pytest.mark.parametrize("name", ["I01.pdf", "I01.doc", "I01"])
def test_error_unsupported_suffix(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, name, "P: Apa?\nI01: Ya.\n")
    exc = fail(path)
    assert (exc.file, exc.line) == (str(path), None)
    suffix = name[3:] or name
    assert exc.render("en") == f"{path}: unsupported file type '{suffix}'; use .md .txt .docx .vtt or .srt"


def test_error_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "tidak-ada.md"
    exc = fail(missing)
    assert (exc.file, exc.line) == (str(missing), None)
    assert exc.render("en") == f"{missing}: no such file or folder"
    exc = fail_corpus(tmp_path / "tidak-ada")
    assert exc.render("en") == f"{tmp_path / 'tidak-ada'}: no such file or folder"
    assert exc.render("id") == f"{tmp_path / 'tidak-ada'}: berkas atau folder tidak ditemukan"


def test_error_folder_without_transcripts(tmp_path: Path) -> None:
    write(tmp_path, "README.md", "# kosong\n")
    exc = fail_corpus(tmp_path)
    assert exc.render("en") == f"{tmp_path}: no transcripts (.md .txt .docx .vtt .srt) in this folder"


def test_error_subtitle_without_cues(tmp_path: Path) -> None:
    path = write(tmp_path, "rekaman.srt", "P: Apa?\nI01: Ya.\n")
    exc = fail(path)
    assert (exc.file, exc.line) == (str(path), 1)
    assert exc.render("en") == f"{path}:1: invalid cue near this line: no cue timings (00:00:01.000 --> 00:00:04.000)"


# --------------------------------------------------------------------------- render and round trips
def test_render_transcript(tmp_path: Path) -> None:
    body = "---\ninformant: I01\nrole: 'Kepala: Dinas'\n---\nCatatan awal\nP: Apa?\ni01: Ya.\nLanjut.\n"
    t = parse_transcript(write(tmp_path, "I01.md", body))
    assert render_transcript(t) == (
        "---\ninformant: I01\nrole: 'Kepala: Dinas'\nsource: wawancara\ninterviewer: P\n---\nP: Apa?\nI01: Ya.\nLanjut.\n"
    )


def test_render_focus_group_keeps_speakers(tmp_path: Path) -> None:
    t1 = parse_transcript(write(tmp_path, "fgd.md", "---\nspeakers: {B1: I03, B2: I04}\n---\n" + FGD_BODY))
    t2 = parse_transcript(write(tmp_path, "again/fgd.md", render_transcript(t1)))
    assert turn_view(t2) == turn_view(t1)
    assert t2.informants() == ["I03", "I04"]


FIRST_WORDS = ["kami", "program", "bantuan", "café", "señor", "Perencanaan", "jadi", "ya", "Dinsos", "ODSK"]
OTHER_WORDS = ["rapat:", "10:30", "dll.", "Bpk.", "é", "ñ", "sudah", "belum", "baik!", "kurang?", "Ibu:", "“ya”"]
word = st.sampled_from(OTHER_WORDS) | st.text(
    alphabet="abcdeéñüçxyzKLMÆ:.,!?;'\"()-–0123456789", min_size=1, max_size=8
).filter(lambda w: not w.startswith(":"))
line = st.tuples(st.sampled_from(FIRST_WORDS), st.lists(word, max_size=8)).map(lambda t: " ".join([t[0], *t[1]]))
turns = st.lists(st.tuples(st.booleans(), st.lists(line, min_size=1, max_size=3)), min_size=1, max_size=8)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    informant=st.from_regex(r"[A-Z]{1,3}[0-9]{1,3}", fullmatch=True),
    turns=turns,
    role=st.text(st.characters(categories=["L", "N", "P", "Zs"]), min_size=1, max_size=12),
)
def test_render_round_trip(tmp_path_factory: pytest.TempPathFactory, informant: str, turns, role: str) -> None:
    if all(asked for asked, _ in turns):  # an interview needs at least one informant turn
        turns[-1] = (False, turns[-1][1])
    folder = tmp_path_factory.mktemp("rt")
    front = yaml.safe_dump({"informant": informant, "role": role, "interviewer": "P"}, allow_unicode=True)
    body = "\n".join(f"{'P' if asked else informant}: " + "\n".join(lines) for asked, lines in turns)
    t1 = parse_transcript(write(folder, "a.md", f"---\n{front}---\n{body}\n"))
    assert turn_view(t1) == [
        ("P", None, "\n".join(ls)) if a else (informant, informant, "\n".join(ls)) for a, ls in turns
    ]
    t2 = parse_transcript(write(folder, "b.md", render_transcript(t1)))
    assert turn_view(t2) == turn_view(t1)
    assert (t2.informant, t2.meta["role"], t2.source) == (informant, t1.meta["role"], "wawancara")
    for unit in ("turn", "paragraph", "sentence"):
        assert [(s.id, s.informant, s.text, s.question) for s in checked(t2, unit)] == [
            (s.id, s.informant, s.text, s.question) for s in checked(t1, unit)
        ]


raw_line = st.one_of(
    st.sampled_from(
        ["", "   ", "P: Apa?", "I01: Ya.", "i01:", "P:", "# judul", "Pewawancara : lagi?", "I01:  dua  spasi "]
    ),
    st.text(alphabet=" \tabcé:.!?I01P#", max_size=20),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lines=st.lists(raw_line, min_size=1, max_size=12),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
    source=st.sampled_from(["wawancara", "observasi"]),
)
def test_segments_are_views_over_the_text(
    tmp_path_factory: pytest.TempPathFactory, lines: list[str], newline: str, source: str
) -> None:
    text = newline.join(["---", "informant: I01", f"source: {source}", "---", "I01: awal", *lines]) + newline
    t = parse_transcript(write(tmp_path_factory.mktemp("seg"), "I01.md", text))
    for unit in ("turn", "paragraph", "sentence"):
        segs = checked(t, unit)
        assert segs
        previous_end = 0
        for seg in segs:
            assert seg.text
            assert seg.text == seg.text.strip()
            assert seg.start >= previous_end
            previous_end = seg.end
            owner = t.turns[seg.turn]
            assert owner.informant == seg.informant == "I01"
            assert owner.start <= seg.start < seg.end <= owner.end
        if unit == "paragraph" and t.is_interview:
            assert all("\n" not in s.text for s in segs)


def test_two_files_with_the_same_key_are_refused(tmp_path):
    from odskcode.errors import TranscriptError
    from odskcode.transcripts import read_corpus

    for folder, informant in (("a", "I01"), ("b", "I02")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "I01.md").write_text(
            f"---\ninformant: {informant}\n---\n{informant}: Ya.\n", encoding="utf-8"
        )
    with pytest.raises(TranscriptError) as err:
        read_corpus([tmp_path / "a", tmp_path / "b"])
    assert err.value.render("en") == (
        f"{tmp_path / 'b' / 'I01.md'}: this transcript has the key 'I01.md', like {tmp_path / 'a' / 'I01.md'}"
        " — rename one file, or read their common parent folder so that keys include the subfolder"
    )
    keys = [t.key for t in read_corpus([tmp_path]).transcripts]
    assert keys == ["a/I01.md", "b/I01.md"]


def test_docx_tables_keep_document_order(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("P: Pertanyaan pertama?")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "I01:", "Jawaban dari tabel."
    table.cell(1, 0).text, table.cell(1, 1).text = "P", "Pertanyaan kedua?"
    document.add_paragraph("I01: Jawaban sesudah tabel.")
    path = tmp_path / "I01.docx"
    document.save(str(path))
    (tmp_path / "informants.csv").write_text("file,informant\nI01.docx,I01\n", encoding="utf-8")
    from odskcode.transcripts import read_corpus

    tr = read_corpus([tmp_path]).transcripts[0]
    assert tr.text.split("\n") == [
        "P: Pertanyaan pertama?",
        "I01: Jawaban dari tabel.",
        "P: Pertanyaan kedua?",
        "I01: Jawaban sesudah tabel.",
    ]


def test_undeclared_label_and_unknown_sheet_row_are_warnings(tmp_path):
    from odskcode.transcripts import read_corpus

    (tmp_path / "I01.md").write_text(
        "---\ninformant: I01\n---\nP: Apa kabar?\nI01: Baik.\nIbu Ani: saya juga mau bilang.\nIntinya: semua baik.\n",
        encoding="utf-8",
    )
    (tmp_path / "informants.csv").write_text("file,informant\nI01.md,I01\nI99.md,I99\n", encoding="utf-8")
    corpus = read_corpus([tmp_path])
    assert [w.render("en") for w in corpus.all_warnings()] == [
        f"{tmp_path / 'informants.csv'}:3: the informants sheet names 'I99.md', which is not in the folder;"
        " the row is ignored",
        f"{tmp_path / 'I01.md'}:6: 'Ibu Ani:' looks like a speaker label but is not declared"
        " (I01, P, Pewawancara, Peneliti, Interviewer, Q); the line joins the previous turn",
    ]
    # both lines join the informant's turn; "Intinya:" is an ordinary continuation line and gets no warning
    tr = corpus.transcripts[0]
    last = tr.turns[-1]
    assert tr.text[last.start : last.end] == "Baik.\nIbu Ani: saya juga mau bilang.\nIntinya: semua baik."


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_error_bad_source_from_sheet_names_the_sheet_row(tmp_path: Path, fmt: str) -> None:
    write(tmp_path, "I01.md", "P: Apa?\nI01: Ya.\n")
    write(tmp_path, "I02.md", "P: Apa?\nI02: Ya.\n")
    sheet = write_sheet(
        tmp_path, fmt, [["file", "informant", "source"], ["I01.md", "I01", "wawancara"], ["I02.md", "I02", "interview"]]
    )
    with pytest.raises(TranscriptError) as info:
        read_corpus([tmp_path])
    assert (info.value.file, info.value.line) == (str(sheet), 3)
    # in front matter, the front matter line stays the place to look
    path = write(tmp_path, "I02.md", "---\nrole: Warga\nsource: interview\n---\nP: Apa?\nI02: Ya.\n")
    with pytest.raises(TranscriptError) as info:
        read_corpus([tmp_path])
    assert (info.value.file, info.value.line) == (str(path), 3)


def test_subtitle_lines_are_those_of_the_file(tmp_path: Path) -> None:
    # turns and warnings of a .vtt/.srt name the cue's line in the file, not its line among the cue texts
    vtt = (
        "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\n<v P>Apa kabar?\n\n"
        "2\n00:00:05.000 --> 00:00:09.000\n<v I01>Baik.\n\n"
        "3\n00:00:10.000 --> 00:00:12.000\n<v Ibu Ani>Saya juga.\n"
    )
    path = write(tmp_path, "I01.vtt", vtt)
    write_sheet(tmp_path, "csv", [["file", "informant"], ["I01.vtt", "I01"]])
    corpus = read_corpus([tmp_path])
    (t,) = corpus.transcripts
    assert [turn.line for turn in t.turns] == [5, 9]
    assert [(w.file, w.line) for w in corpus.all_warnings()] == [(str(path), 13)]
