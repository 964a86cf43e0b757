"""The rule language with Indonesian examples: roots, wildcards, co-occurrence, exclusions,
valence, negated obstacles and Manado negators."""

from __future__ import annotations

import textwrap

import pytest

from odskcode.autocode import CompiledCodebook, code_transcript, explain_segment, literal_prefixes, required_literals
from odskcode.codebook import validate_text
from odskcode.stem import Stemmer
from odskcode.transcripts import parse_transcript

from .conftest import write_interview

BASE = """\
odskcode_codebook: 1
id: t
languages: [id, en]
valence:
  positive: [baik, lancar, cepat, tepat waktu]
  negative: [lambat, terlambat, sulit, kendala, masalah]
  negators: [tidak, tak, bukan, belum, kurang, nyanda, nda, blum, so nyanda]
  fillers: [ada, mungkin, pernah, terlalu, begitu, so, sama, sekali]
  window: 3
  by_role: {{obstacle: negatif}}
{stemming}
codes:
  - id: dim
    role: dimension
    label: {{id: Dimensi, en: Dimension}}
    definition: d
    children:
{children}
  - id: kendala
    role: obstacle
    label: {{id: Kendala, en: Obstacles}}
    definition: d
    children:
      - id: umum
        label: {{id: Kendala umum, en: General obstacle}}
        definition: d
        rules: {{words: [kendala, kendalanya, masalah, hambatan]}}
"""


def codebook(children: str, stemming: str = ""):
    text = BASE.format(children=textwrap.indent(textwrap.dedent(children), " " * 6), stemming=stemming)
    report, cb = validate_text(text, "test.yaml")
    assert cb is not None, [p.render() for p in report.errors]
    return cb


def coded(tmp_path, cb, *answers: str) -> list[tuple[str, str, str]]:
    path = write_interview(tmp_path, "I01.md", "I01", list(answers))
    return [(c.segment, c.code, c.valence) for c in code_transcript(parse_transcript(path), cb)]


PLAN = """\
- id: rencana
  label: {id: Perencanaan, en: Planning}
  definition: d
  rules: {roots: [rencana]}
"""


@pytest.mark.parametrize("form", ["perencanaan", "direncanakan", "merencanakan", "rencananya", "Rencana"])
def test_roots_match_affixed_forms(tmp_path, form):
    assert coded(tmp_path, codebook(PLAN), f"Kami {form} bersama.") == [("t001", "dim.rencana", "netral")]


@pytest.mark.parametrize(
    ("form", "root"),
    [
        ("pertanggungjawaban", "pertanggungjawaban"),  # left unstemmed
        ("pendapat", "dapat"),
        ("masukan", "masuk"),
        ("pengawasan", "awas"),
        ("pelaksanaan", "laksana"),
    ],
)
def test_known_stemmer_traps(form, root):
    assert Stemmer()(form) == root


def test_stemming_pin_and_block_correct_the_stemmer(tmp_path):
    children = """\
    - id: masukan
      label: {id: Masukan, en: Input}
      definition: d
      rules: {roots: [masukan]}
    """
    plain = codebook(children)
    # without a correction "masukan" stems to "masuk", so "masuk" (to enter) would match too
    assert coded(tmp_path, plain, "Warga masuk ke kantor.") == [("t001", "dim.masukan", "netral")]
    pinned = codebook(children, stemming="stemming:\n  pin: {masukan: masukan}\n  block: [pendapat]")
    assert coded(tmp_path, pinned, "Warga masuk ke kantor.") == []
    assert coded(tmp_path, pinned, "Ada masukan dari warga.") == [("t001", "dim.masukan", "netral")]
    assert Stemmer(pinned.stemming)("pendapat") == "pendapat"


def test_prefix_and_suffix_wildcards(tmp_path):
    cb = codebook(
        """\
        - id: rencana
          label: {id: Perencanaan, en: Planning}
          definition: d
          rules: {words: ["rencana*"]}
        - id: lapor
          label: {id: Laporan, en: Report}
          definition: d
          rules: {words: ["*laporan"]}
        """
    )
    assert coded(tmp_path, cb, "Rencananya bulan depan.", "Ada pelaporan rutin.", "Perencanaan dan laporannya.") == [
        ("t001", "dim.rencana", "netral"),
        ("t002", "dim.lapor", "netral"),
    ]


def test_all_and_near_co_occurrence(tmp_path):
    cb = codebook(
        """\
        - id: walikota
          label: {id: Lapor walikota, en: Report to mayor}
          definition: d
          rules: {all: [laporan, walikota]}
        - id: gubernur
          label: {id: Lapor gubernur, en: Report to governor}
          definition: d
          rules: {near: {words: [laporan, gubernur], within: 4}}
        """
    )
    result = coded(
        tmp_path,
        cb,
        "Laporan kami buat. Nanti walikota yang terima.",  # all: anywhere in the segment
        "Laporan dikirim ke gubernur.",  # near: within 4 tokens
        "Laporan itu kami susun sendiri dengan teliti, lalu setelah semua selesai baru gubernur tahu.",
        "Walikota datang saja.",
    )
    assert result == [("t001", "dim.walikota", "netral"), ("t002", "dim.gubernur", "netral")]


def test_unless_and_not_with(tmp_path):
    cb = codebook(
        """\
        - id: lapor
          label: {id: Laporan, en: Report}
          definition: d
          rules: {words: [laporan], unless: [laporan cuaca]}
        - id: umum
          label: {id: Umum, en: General}
          definition: d
          rules: {words: [program], not_with: [dim.lapor]}
        """
    )
    assert coded(
        tmp_path, cb, "Kami dengar laporan cuaca dulu.", "Laporan program sudah jadi.", "Program berjalan."
    ) == [("t002", "dim.lapor", "netral"), ("t003", "dim.umum", "netral")]


def test_min_hits(tmp_path):
    cb = codebook(
        """\
        - id: data
          label: {id: Data, en: Data}
          definition: d
          rules: {words: [data, dtks], min_hits: 2}
        """
    )
    assert coded(tmp_path, cb, "Datanya ada di DTKS.", "Data DTKS sudah dicek.") == [("t002", "dim.data", "netral")]


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("Tidak ada kendala sama sekali.", []),  # a negated obstacle is no obstacle
        ("Nyanda ada masalah.", []),  # Manado negator
        ("So nyanda ada masalah lagi.", []),
        ("Tidak mungkin tidak ada kendalanya.", [("t001", "kendala.umum", "negatif")]),  # double negation
        ("Kendalanya banyak.", [("t001", "kendala.umum", "negatif")]),
        ("Tidak, kendalanya di data.", [("t001", "kendala.umum", "negatif")]),  # punctuation ends the chain
    ],
)
def test_negated_obstacles(tmp_path, answer, expected):
    cb = codebook(PLAN)
    assert coded(tmp_path, cb, answer) == expected


@pytest.mark.parametrize(
    ("answer", "valence"),
    [
        ("Perencanaan tidak terlalu lambat.", "positif"),  # a filler between negator and cue
        ("Perencanaan nyanda lambat.", "positif"),
        ("Perencanaan nda lancar.", "negatif"),
        ("Perencanaan blum lancar.", "negatif"),
        ("Perencanaan so nyanda lambat.", "positif"),
        ("Perencanaan bukan tidak baik.", "positif"),
        ("Perencanaan, tidak. Lambat sekali.", "negatif"),  # the negator answers the question
    ],
)
def test_valence_with_manado_negators_and_fillers(tmp_path, answer, valence):
    assert coded(tmp_path, codebook(PLAN), answer) == [("t001", "dim.rencana", valence)]


def test_obstacle_valence_is_fixed_by_role(tmp_path):
    assert coded(tmp_path, codebook(PLAN), "Kendalanya sudah baik ditangani.") == [("t001", "kendala.umum", "negatif")]


def test_explain_lists_rules_cues_and_near_misses(tmp_path):
    cb = codebook(PLAN)
    path = write_interview(tmp_path, "I01.md", "I01", ["Perencanaan lancar, tidak ada kendala."])
    tr = parse_transcript(path)
    result = explain_segment(tr, "t001", cb)
    assert [(c.code, [h.rule for h in c.hits], c.valence) for c in result.codes] == [
        ("dim.rencana", ["roots:rencana"], "positif")
    ]
    assert [(tr.text[c.start : c.end], c.polarity, c.negated_by) for c in result.cues] == [
        ("lancar", 1, None),
        ("kendala", 1, "tidak"),
    ]
    assert [(e.code, e.reason, e.detail, tr.text[e.start : e.end]) for e in result.excluded] == [
        ("kendala.umum", "negated", "tidak", "kendala")
    ]
    with pytest.raises(KeyError):
        explain_segment(tr, "t099", cb)


def test_regex_runs_only_where_its_literal_prefix_stands(tmp_path):
    assert literal_prefixes(r"\b(laporan|lapor)\s+ke") == ["lapor"]
    assert literal_prefixes(r"\b(rapat|musyawarah)\b") == ["musyawarah", "rapat"]
    assert literal_prefixes(r"\w+an\b") is None
    assert required_literals(r"\b(sebaiknya|perlu)\b.{0,60}?\bpendamping\w*") == [
        ["perlu", "sebaiknya"],
        ["pendamping"],
    ]
    assert required_literals(r"\d+\s*%") is None
    cb = codebook(
        """\
        - id: a
          label: {id: A, en: A}
          definition: d
          rules: {regex: ['\\b(rapat|musyawarah)\\s+(bulanan|rutin)']}
        - id: b
          label: {id: B, en: B}
          definition: d
          rules: {regex: ['\\d+\\s*(kali|x)\\b']}
        """
    )
    cc = CompiledCodebook(cb)
    assert cc.regex_always == [1]
    assert coded(tmp_path, cb, "Ada rapat rutin.", "Sudah 3 kali jadwal bergeser.", "Rapat saja.") == [
        ("t001", "dim.a", "netral"),
        ("t002", "dim.b", "netral"),
    ]
