"""Auto-coding: whole words and phrases, offsets in stored text, valence cues with negation."""

from __future__ import annotations

import pytest

from odskcode.autocode import CompiledCodebook, code_transcript, match_segment
from odskcode.codebook import load_codebook
from odskcode.transcripts import parse_transcript, segments

from .conftest import write_interview


def _code(tmp_path, answers, codebook, unit="turn"):
    path = write_interview(tmp_path, "I01.md", "I01", answers)
    transcript = parse_transcript(path)
    return transcript, code_transcript(transcript, codebook, unit)


@pytest.mark.parametrize(
    ("answer", "valence"),
    [
        ("Perencanaan kami baik.", "positif"),
        ("Perencanaan kami tidak baik.", "negatif"),
        ("Perencanaan belum lancar.", "negatif"),
        ("Perencanaan kurang baik.", "negatif"),
        ("Perencanaan tidak lambat.", "positif"),
        ("Perencanaan nyanda lambat.", "positif"),
        ("Perencanaan blum lancar.", "negatif"),
        ("Perencanaan nda baik.", "negatif"),
        ("Perencanaan bukan tidak baik.", "positif"),  # double negation resolves
        ("Perencanaan dibahas setiap bulan.", "netral"),
        ("Perencanaan baik tapi lambat.", "netral"),  # one cue each way cancels
        ("Perencanaan tepat waktu.", "positif"),  # a phrase cue
    ],
)
def test_valence_with_negators(tmp_path, mini_codebook, answer, valence):
    _, codings = _code(tmp_path, [answer], mini_codebook)
    assert [(c.code, c.valence) for c in codings] == [("efektivitas.perencanaan", valence)]


def test_negator_outside_window_does_not_flip(tmp_path, mini_codebook):
    # window is 3 tokens: "tidak" is 4 tokens before "lambat"
    _, codings = _code(tmp_path, ["Perencanaan tidak pernah sekali jadi lambat."], mini_codebook)
    assert codings[0].valence == "negatif"


def test_valence_comes_from_the_sentence_of_the_hit(tmp_path, mini_codebook):
    _, codings = _code(tmp_path, ["Perencanaan sudah baik. Penyaluran masih lambat sekali."], mini_codebook)
    by_code = {c.code: c.valence for c in codings}
    assert by_code == {"efektivitas.perencanaan": "positif", "responsivitas.kecepatan": "negatif"}


def test_whole_words_only(tmp_path, mini_codebook):
    # no stemming here: "perencanaannya" is not "perencanaan", "rapatnya" is not "rapat"
    _, codings = _code(tmp_path, ["Perencanaannya bagus, rapatnya rutin."], mini_codebook)
    assert codings == []


def test_phrase_across_line_break_and_spaces(tmp_path, mini_codebook):
    path = tmp_path / "I01.md"
    path.write_text(
        "---\ninformant: I01\n---\nP: Ada?\nI01: Ada beda\n   pendapat  di antara staf.\n", encoding="utf-8"
    )
    transcript = parse_transcript(path)
    codings = code_transcript(transcript, mini_codebook)
    assert [c.code for c in codings] == ["kendala.perbedaan_pendapat"]
    assert codings[0].rule == "words:beda pendapat"


def test_hits_map_back_to_stored_offsets_through_nfkc(tmp_path, mini_codebook):
    # NFKC turns "…" (1 code point) into "..." (3); "ﬁ" into "fi"; full-width letters into ASCII
    answer = "Jadi… ﬁnal: ＰＥＲＥＮＣＡＮＡＡＮ sudah baik… lalu monitoring."
    transcript, _ = _code(tmp_path, [answer], mini_codebook)
    seg = segments(transcript)[0]
    result = match_segment(seg, CompiledCodebook(mini_codebook))
    found = {h.code: transcript.text[h.start : h.end] for h in result.hits}
    assert found == {"efektivitas.perencanaan": "ＰＥＲＥＮＣＡＮＡＡＮ", "efektivitas.pengawasan": "monitoring"}
    cue = result.cues[0]
    assert transcript.text[cue.start : cue.end] == "baik"


def test_codings_span_their_segment_and_name_the_rule(tmp_path, mini_codebook):
    transcript, codings = _code(tmp_path, ["Basa-basi dulu.", "Pengawasan diawasi lewat monitoring."], mini_codebook)
    (coding,) = codings
    seg = segments(transcript)[1]
    assert (coding.segment, coding.start, coding.end) == ("t002", seg.start, seg.end)
    assert (coding.coder, coding.origin) == ("auto", "rule")
    assert coding.rule == "words:pengawasan; words:diawasi; words:monitoring"


def test_sentence_unit_codes_sentences(tmp_path, mini_codebook):
    _, codings = _code(tmp_path, ["Perencanaan baik. Penyaluran lambat."], mini_codebook, unit="sentence")
    assert [(c.segment, c.code, c.valence) for c in codings] == [
        ("t001.s01", "efektivitas.perencanaan", "positif"),
        ("t001.s02", "responsivitas.kecepatan", "negatif"),
    ]


def test_regex_rules(tmp_path):
    cb_path = tmp_path / "cb.yaml"
    cb_path.write_text(
        "odskcode_codebook: 1\nid: r\nlanguages: [id]\nvalence: {positive: [baik]}\ncodes:\n"
        "  - id: dim\n    role: dimension\n    label: D\n    children:\n"
        "      - id: rapat\n        label: R\n        rules: {regex: ['rapat\\s+(bulanan|mingguan)']}\n",
        encoding="utf-8",
    )
    cb = load_codebook(cb_path)
    _, codings = _code(tmp_path, ["Kami adakan rapat   bulanan yang baik."], cb)
    assert [(c.code, c.rule, c.valence) for c in codings] == [
        ("dim.rapat", "regex:rapat\\s+(bulanan|mingguan)", "positif")
    ]


def test_odsk_codebook_codes_typical_answers(tmp_path):
    odsk = load_codebook()
    _, codings = _code(
        tmp_path,
        [
            "Perencanaan program kami susun bersama, dan hasilnya sudah baik.",
            "Laporan pertanggungjawaban kami kirim ke walikota dan gubernur.",
            "Kadang ada perbedaan pendapat, tapi kami selesaikan dengan musyawarah.",
        ],
        odsk,
    )
    codes = {(c.segment, c.code) for c in codings}
    assert ("t001", "efektivitas.perencanaan") in codes
    assert ("t002", "akuntabilitas.laporan_pertanggungjawaban") in codes
    assert ("t003", "kendala.perbedaan_pendapat") in codes
    assert ("t003", "upaya.musyawarah") in codes
    planning = next(c for c in codings if c.code == "efektivitas.perencanaan")
    assert planning.valence == "positif"
