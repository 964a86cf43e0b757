"""Judgements, verdicts, links and counting on small hand-made corpora."""

from __future__ import annotations

import pandas as pd
import pytest

from odskcode.autocode import code_corpus
from odskcode.model import Coding
from odskcode.summary import counted_codings, judgement, summarize
from odskcode.transcripts import read_corpus

from .conftest import write_interview


@pytest.mark.parametrize(
    ("pos", "neg", "neu", "expected"),
    [
        (2, 1, 0, "positif"),
        (1, 2, 5, "negatif"),
        (1, 1, 0, "campuran"),
        (2, 2, 3, "campuran"),
        (0, 0, 2, "netral"),
        (0, 0, 0, None),
    ],
)
def test_judgement_rule(pos, neg, neu, expected):
    assert judgement(pos, neg, neu) == expected


def _summary(tmp_path, answers_by_informant, codebook, lang="id"):
    for i, (inf, answers) in enumerate(answers_by_informant.items(), start=1):
        write_interview(tmp_path, f"{inf}.md", inf, answers, group="pemerintah" if i % 2 else "masyarakat")
    corpus = read_corpus([tmp_path])
    codings = code_corpus(corpus, codebook)
    return summarize(corpus, codebook, codings, lang=lang)


def _dimension(summary, code):
    f = summary.findings
    return f[(f["level"] == "category") & (f["code"] == code)].iloc[0]


def test_verdict_very_good_without_reservation(tmp_path, mini_codebook):
    answers = {f"I{n:02d}": ["Perencanaan kami sangat baik dan lancar."] for n in range(1, 6)}
    row = _dimension(_summary(tmp_path, answers, mini_codebook), "efektivitas")
    assert (row.informants, row.informants_total) == (5, 5)
    assert (row.positive, row.negative, row.mixed) == (5, 0, 0)
    assert row.share == 1.0
    assert row.assessment == "sangat_baik"
    assert not row.reservation
    assert row.assessment_label == "sangat baik"


def test_verdict_levels_follow_the_scale(tmp_path, mini_codebook):
    # 3 positive, 2 negative of 5 judging -> 0.60 -> baik, with the reservation (negatives exist)
    answers = {
        "I01": ["Perencanaan sudah baik."],
        "I02": ["Perencanaan sudah baik."],
        "I03": ["Perencanaan sudah baik."],
        "I04": ["Perencanaan tidak baik."],
        "I05": ["Perencanaan masih lambat."],
    }
    row = _dimension(_summary(tmp_path, answers, mini_codebook, lang="en"), "efektivitas")
    assert (row.positive, row.negative, row.mixed) == (3, 2, 0)
    assert row.share == 0.6
    assert row.assessment == "baik"
    assert row.reservation
    assert row.assessment_label == "good, with remaining shortcomings"


def test_mixed_and_neutral_informants(tmp_path, mini_codebook):
    answers = {
        "I01": ["Perencanaan baik.", "Pengawasan lambat."],  # one +, one - -> campuran
        "I02": ["Perencanaan dibahas tiap bulan."],  # neutral only -> not judging
        "I03": ["Pengawasan berjalan lancar."],
    }
    summary = _summary(tmp_path, answers, mini_codebook)
    row = _dimension(summary, "efektivitas")
    assert (row.informants, row.positive, row.negative, row.mixed, row.neutral) == (3, 1, 0, 1, 1)
    assert row.share == 0.5
    assert row.assessment == "cukup_baik"
    assert row.reservation


def test_unjudged_dimension_has_no_verdict(tmp_path, mini_codebook):
    row = _dimension(_summary(tmp_path, {"I01": ["Perencanaan dibahas."]}, mini_codebook), "efektivitas")
    assert row.share is None or pd.isna(row.share)
    assert row.assessment == ""
    assert row.assessment_label == "belum dapat dinilai"


def test_obstacle_links_to_same_then_previous_segment(tmp_path, mini_codebook):
    answers = {
        "I01": ["Perencanaan baik, tapi ada perbedaan pendapat."],  # same segment -> efektivitas
        "I02": ["Penyaluran cepat.", "Kadang beda pendapat, lalu kami musyawarah."],  # previous -> responsivitas
        "I03": ["Ada beda pendapat saja."],  # nothing to link to
    }
    summary = _summary(tmp_path, answers, mini_codebook)
    eff = _dimension(summary, "efektivitas")
    resp = _dimension(summary, "responsivitas")
    assert eff.kendala == "kendala.perbedaan_pendapat (1)"
    assert eff.reservation  # a linked obstacle is a reservation even when all judged positive
    assert (eff.positive, eff.negative) == (1, 0)
    assert resp.kendala == "kendala.perbedaan_pendapat (1)"
    assert resp.upaya == "upaya.musyawarah (1)"
    assert resp.kendala_label == "perbedaan pendapat (1)"


def test_observations_and_documents_counted_apart(tmp_path, mini_codebook):
    write_interview(tmp_path, "I01.md", "I01", ["Perencanaan baik."])
    (tmp_path / "OBS01.md").write_text(
        "---\ninformant: OBS01\nsource: observasi\n---\nPerencanaan terlihat baik di lapangan.\n", encoding="utf-8"
    )
    (tmp_path / "DOK01.md").write_text(
        "---\ninformant: DOK01\nsource: dokumentasi\n---\nDokumen perencanaan lengkap.\n\nPengawasan rutin.\n",
        encoding="utf-8",
    )
    corpus = read_corpus([tmp_path])
    summary = summarize(corpus, mini_codebook, code_corpus(corpus, mini_codebook))
    assert summary.counts == {"informants": 1, "observations": 1, "documents": 1}
    row = _dimension(summary, "efektivitas")
    assert (row.informants, row.informants_total, row.observations, row.documents) == (1, 1, 1, 1)
    assert list(summary.matrix["informant"]) == ["I01"]
    assert summary.corpus_text() == "1 informan, 1 observasi, 1 dokumen"


def test_human_codings_replace_auto_on_reviewed_segments(tmp_path, mini_codebook):
    write_interview(tmp_path, "I01.md", "I01", ["Perencanaan baik.", "Pengawasan baik."])
    corpus = read_corpus([tmp_path])
    auto = code_corpus(corpus, mini_codebook)
    first = next(c for c in auto if c.segment == "t001")
    human = Coding(
        "I01.md",
        first.start,
        first.end,
        "efektivitas.pengawasan",
        coder="ani",
        valence="negatif",
        origin="manual",
        segment="t001",
    )
    summary = summarize(corpus, mini_codebook, [*auto, human])
    counted = counted_codings(summary.segments)
    t001 = counted[counted["segment"] == "t001"]
    assert list(t001["code"]) == ["efektivitas.pengawasan"]
    assert list(t001["coder"]) == ["ani"]
    assert len(counted[counted["segment"] == "t002"]) == 1


def test_segment_counts_once_per_code(tmp_path, mini_codebook):
    write_interview(tmp_path, "I01.md", "I01", ["Perencanaan baik."])
    corpus = read_corpus([tmp_path])
    auto = code_corpus(corpus, mini_codebook)
    dup = [
        Coding(c.transcript, c.start, c.end, c.code, coder=name, valence="positif", origin="manual", segment=c.segment)
        for c in auto
        for name in ("ani", "budi")
    ]
    summary = summarize(corpus, mini_codebook, dup)
    row = summary.findings[summary.findings["code"] == "efektivitas.perencanaan"].iloc[0]
    assert (row.segments, row.informants, row.positive) == (1, 1, 1)


def test_matrix_marks_codes_and_ancestors(tmp_path, mini_codebook):
    summary = _summary(tmp_path, {"I01": ["Perencanaan baik."], "I02": ["Penyaluran cepat."]}, mini_codebook)
    m = summary.matrix.set_index("informant")
    assert m.loc["I01", "efektivitas.perencanaan"] == 1
    assert m.loc["I01", "efektivitas"] == 1
    assert m.loc["I01", "responsivitas"] == 0
    assert m.loc["I02", "responsivitas.kecepatan"] == 1
    assert list(summary.matrix.columns[:2]) == ["informant", "efektivitas"]


def test_quote_prefers_prevailing_valence_then_coverage(tmp_path, mini_codebook):
    answers = {
        "I01": ["Perencanaan lambat sekali."],
        "I02": ["Perencanaan baik dan pengawasan juga baik, semua berjalan lancar sesuai rencana kerja."],
        "I03": ["Perencanaan baik."],
    }
    row = _dimension(_summary(tmp_path, answers, mini_codebook), "efektivitas")
    assert row.quote_informant == "I02"
    assert row.quote.startswith("Perencanaan baik dan pengawasan")
    assert row.quote_segment == "t001"
