"""Inter-coder agreement: the statistics against reference implementations and the literature,
the character-level runs against one unit per character, and ``odskcode agreement`` end to end."""

from __future__ import annotations

import json
import math
import warnings
from itertools import combinations
from pathlib import Path

import krippendorff
import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score
from typer.testing import CliRunner

from odskcode.agreement import (
    agreement_report,
    agreement_statistics,
    cohen_kappa,
    krippendorff_alpha_nominal,
    percent_agreement,
    project_agreement,
    reliability_data,
    report_to_dict,
)
from odskcode.cli import app
from odskcode.cli.agreement_cmd import expand_greedy
from odskcode.errors import ProjectError
from odskcode.model import Coding, Corpus, Transcript, Turn
from odskcode.project import import_transcripts, init_project, load_corpus
from odskcode.store import Store, now
from odskcode.transcripts import segments as make_segments

from .conftest import MINI, write_interview

runner = CliRunner()
TOL = 1e-9
nan = float("nan")


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    monkeypatch.delenv("ODSKCODE_PROJECT", raising=False)
    monkeypatch.setenv("ODSKCODE_LANG", "en")


def close(ours: float | None, reference: float | None) -> bool:
    """Both undefined (None/NaN), or equal to 1e-9."""
    a = None if ours is None or (isinstance(ours, float) and math.isnan(ours)) else ours
    b = None if reference is None or (isinstance(reference, float) and math.isnan(reference)) else reference
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= TOL


# --------------------------------------------------------------------------- references
def ref_kappa(a, b, weights=None) -> float | None:
    """scikit-learn's Cohen's kappa over the units both coders rated (NaN where undefined)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    both = ~np.isnan(a) & ~np.isnan(b)
    if not both.any():
        return None
    w = None if weights is None else np.asarray(weights, dtype=float)[both]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = cohen_kappa_score(a[both].astype(int), b[both].astype(int), sample_weight=w)
    return None if math.isnan(value) else float(value)


def ref_alpha(matrix) -> float | None:
    """The ``krippendorff`` package's nominal alpha of a units × coders matrix (None where it refuses)."""
    data = np.asarray(matrix, dtype=float).T  # it wants coders × units
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    except ValueError:  # one value in the domain, or no unit with two values
        return None
    return None if math.isnan(value) else float(value)


def ref_percent(matrix) -> float | None:
    """Mean over units with two or more values of the share of agreeing coder pairs, by brute force."""
    shares = []
    for row in np.asarray(matrix, dtype=float):
        values = [v for v in row if not math.isnan(v)]
        if len(values) < 2:
            continue
        pairs = list(combinations(values, 2))
        shares.append(sum(x == y for x, y in pairs) / len(pairs))
    return sum(shares) / len(shares) if shares else None


# --------------------------------------------------------------------------- literature
def test_krippendorff_nominal_example_with_missing_data():
    # Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for
    # Communication, University of Pennsylvania, section C ("nominal data, any number of observers,
    # missing data"): 4 observers, 12 units, values 1-5; the published nominal alpha is 0.743.
    observers = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
        [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
    ]
    units = [list(u) for u in zip(*observers, strict=True)]
    assert round(krippendorff_alpha_nominal(units), 3) == 0.743
    stats = agreement_statistics(units)
    assert stats.cohen_kappa is None and stats.undefined["cohen_kappa"] == "two_coders"
    assert (stats.units, stats.pairable) == (12, 11)  # unit 12 has one value: not pairable


def test_krippendorff_binary_and_nominal_two_observer_examples():
    # Krippendorff (2011), section A (binary data, two observers, no missing data): alpha = 0.095.
    a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    assert round(krippendorff_alpha_nominal(list(zip(a, b, strict=True))), 3) == 0.095
    assert percent_agreement(list(zip(a, b, strict=True))) == pytest.approx(0.6)
    # Section B (nominal data, two observers, no missing data), values a-e: alpha = 0.692.
    a2 = list("aabbdcccedda")
    b2 = list("babbbccceddd")
    assert round(krippendorff_alpha_nominal(list(zip(a2, b2, strict=True))), 3) == 0.692


def test_cohen_kappa_textbook_two_by_two():
    # Pezzullo, J. C. (2013). Biostatistics For Dummies. Wiley, chapter 13, Figure 13-6: two raters
    # read 50 scans; both yes 22, rater 1 yes / rater 2 no 5, rater 1 no / rater 2 yes 7, both no 16;
    # kappa = 2(ad - bc) / (r1 c2 + r2 c1) = 0.5138.
    cells = {(1, 1): 22, (1, 0): 5, (0, 1): 7, (0, 0): 16}
    r1 = [x for (x, _), n in cells.items() for _ in range(n)]
    r2 = [y for (_, y), n in cells.items() for _ in range(n)]
    assert round(cohen_kappa(r1, r2), 4) == 0.5138
    assert percent_agreement(list(zip(r1, r2, strict=True))) == pytest.approx(38 / 50)
    # the same table as four weighted units
    weighted = agreement_statistics(list(cells), weights=list(cells.values()))
    assert weighted.cohen_kappa == pytest.approx(cohen_kappa(r1, r2), abs=TOL)


def test_nvivo_percent_agreement_example():
    # NVivo help, "Run a Coding Comparison query": a 1000-character source where 50 characters
    # are coded by both users, 150 by only one and 800 by neither has (800 + 50) / 1000 = 85%.
    text = "x" * 1000
    corpus = Corpus([Transcript("D.md", "D.md", text, "dokumentasi", "DOK01", turns=[Turn(None, "DOK01", 0, 1000, 1)])])
    codings = [Coding("D.md", 0, 125, "k", "a"), Coding("D.md", 75, 200, "k", "b")]
    data = reliability_data(corpus, codings, ["a", "b"], unit="character")
    report = agreement_report(data)
    row = report.per_code.iloc[0]
    assert (row["units"], row["agreements"], row["percent_agreement"]) == (1000, 850, 0.85)


# --------------------------------------------------------------------------- undefined cases
def test_undefined_statistics_and_their_reasons():
    nobody = agreement_statistics([[0, 0], [0, 0], [0, None]])
    assert (nobody.percent_agreement, nobody.cohen_kappa, nobody.krippendorff_alpha) == (1.0, None, None)
    assert nobody.undefined == {"krippendorff_alpha": "constant", "cohen_kappa": "constant"}
    assert nobody.constant == 0
    alone = agreement_statistics([[1, None], [None, 0]])
    assert alone.undefined == {"percent_agreement": "no_pairable", "krippendorff_alpha": "no_pairable",
                               "cohen_kappa": "no_pairable"}  # fmt: skip
    assert math.isnan(percent_agreement([[1, None], [None, 0]]))
    assert math.isnan(cohen_kappa([1, 1], [1, 1]))
    assert math.isnan(krippendorff_alpha_nominal([[1, 1, 1]]))
    three = agreement_statistics([[0, 1, 1], [1, 1, 1]])
    assert three.undefined == {"cohen_kappa": "two_coders"}
    assert three.percent_agreement == pytest.approx((1 / 3 + 1) / 2)
    # one coder constant, the other not: kappa is 0 (defined), alpha is not 1
    assert cohen_kappa([0, 0, 0, 0], [0, 1, 0, 0]) == 0.0


# --------------------------------------------------------------------------- random data
labels = st.integers(min_value=0, max_value=3)


@given(st.lists(st.tuples(labels, labels, st.integers(min_value=1, max_value=5)), min_size=1, max_size=60))
def test_kappa_matches_scikit_learn(rows):
    a, b, w = (list(x) for x in zip(*rows, strict=True))
    assert close(cohen_kappa(a, b), ref_kappa(a, b))
    assert close(cohen_kappa(a, b, weights=w), ref_kappa(a, b, w))
    assert close(percent_agreement(list(zip(a, b, strict=True))), float(np.mean(np.array(a) == np.array(b))))


@st.composite
def matrices(draw, max_coders: int = 5, max_values: int = 4):
    n_coders = draw(st.integers(min_value=2, max_value=max_coders))
    n_units = draw(st.integers(min_value=1, max_value=30))
    cell = st.one_of(st.none(), st.integers(min_value=0, max_value=max_values - 1))
    return [[draw(cell) for _ in range(n_coders)] for _ in range(n_units)]


def as_float(matrix) -> np.ndarray:
    return np.array([[nan if v is None else v for v in row] for row in matrix], dtype=float)


@given(matrices())
def test_alpha_matches_krippendorff_package(matrix):
    m = as_float(matrix)
    stats = agreement_statistics(matrix)
    assert close(stats.krippendorff_alpha, ref_alpha(m))
    assert close(stats.percent_agreement, ref_percent(m))
    if m.shape[1] == 2:
        assert close(stats.cohen_kappa, ref_kappa(m[:, 0], m[:, 1]))
    else:
        assert stats.cohen_kappa is None


@given(matrices(max_coders=4), st.data())
def test_weights_count_as_repeated_units(matrix, data):
    weights = data.draw(st.lists(st.integers(min_value=0, max_value=4), min_size=len(matrix), max_size=len(matrix)))
    expanded = [row for row, w in zip(matrix, weights, strict=True) for _ in range(w)]
    weighted = agreement_statistics(matrix, weights=weights)
    plain = agreement_statistics(expanded) if expanded else None
    for name in ("percent_agreement", "cohen_kappa", "krippendorff_alpha"):
        assert close(weighted.value(name), plain.value(name) if plain else None), name
    if plain:
        assert (weighted.units, weighted.pairable, weighted.agreements) == (
            plain.units,
            plain.pairable,
            plain.agreements,
        )


# --------------------------------------------------------------------------- character runs
def make_transcript(key: str, length: int) -> Transcript:
    """An interview of ``length`` characters: an interviewer turn, then informant turns of 20 characters."""
    text = "".join(chr(ord("a") + i % 26) for i in range(length))
    turns = [Turn("P", None, 0, min(10, length), 1)]
    for i, start in enumerate(range(10, length, 20)):
        turns.append(Turn("I01", "I01", start, min(start + 20, length), i + 2))
    return Transcript(key, key, text, "wawancara", "I01", turns=turns)


@st.composite
def character_cases(draw):
    n_coders = draw(st.integers(min_value=2, max_value=3))
    coders = ["ani", "budi", "sari"][:n_coders]
    lengths = draw(st.lists(st.integers(min_value=1, max_value=70), min_size=1, max_size=3))
    corpus = Corpus([make_transcript(f"I{i:02d}.md", n) for i, n in enumerate(lengths, start=1)])
    codings = []
    for tr in corpus.transcripts:
        for coder in coders:
            for _ in range(draw(st.integers(min_value=0, max_value=3))):
                start = draw(st.integers(min_value=0, max_value=len(tr.text) - 1))
                end = draw(st.integers(min_value=start + 1, max_value=len(tr.text)))
                codings.append(Coding(tr.key, start, end, draw(st.sampled_from(["k1", "k2"])), coder))
    reviewed = [(c, tr.key, "t001") for tr in corpus.transcripts for c in coders if draw(st.booleans())]
    return corpus, codings, coders, reviewed


def per_character(corpus, codings, coders, reviewed, code):
    """One row per character of every transcript a coder saw: the explicit reliability data."""
    seen = {(c.coder, c.transcript) for c in codings} | {(r[0], r[1]) for r in reviewed}
    rows = []
    for tr in corpus.transcripts:
        if not any((c, tr.key) in seen for c in coders):
            continue
        for pos in range(len(tr.text)):
            row = []
            for coder in coders:
                if (coder, tr.key) not in seen:
                    row.append(nan)
                else:
                    inside = any(
                        c.coder == coder and c.code == code and c.transcript == tr.key and c.start <= pos < c.end
                        for c in codings
                    )
                    row.append(1.0 if inside else 0.0)
            rows.append((tr.key, row))
    return rows


@settings(max_examples=60, deadline=None)
@given(character_cases())
def test_character_runs_equal_one_unit_per_character(case):
    corpus, codings, coders, reviewed = case
    data = reliability_data(corpus, codings, coders, ["k1", "k2"], unit="character", reviewed=reviewed)
    report = agreement_report(data)
    pooled_rows = []
    for code in ("k1", "k2"):
        explicit = per_character(corpus, codings, coders, reviewed, code)
        pooled_rows += [row for _, row in explicit]
        matrix = np.array([row for _, row in explicit], dtype=float).reshape(-1, len(coders))
        ours = report.per_code.set_index("code").loc[code]
        assert ours["units"] == len(matrix)
        assert close(ours["krippendorff_alpha"], ref_alpha(matrix))
        assert close(ours["percent_agreement"], ref_percent(matrix))
        assert close(ours["cohen_kappa"], ref_kappa(matrix[:, 0], matrix[:, 1]) if len(coders) == 2 else None)
        explicit_stats = agreement_statistics(matrix.tolist())
        assert close(ours["krippendorff_alpha"], explicit_stats.krippendorff_alpha)
        for key in {k for k, _ in explicit}:
            source = np.array([row for k, row in explicit if k == key], dtype=float)
            mine = report.per_source[(report.per_source["code"] == code) & (report.per_source["transcript"] == key)]
            assert len(mine) == 1
            assert close(mine["krippendorff_alpha"].iloc[0], ref_alpha(source))
            assert close(mine["percent_agreement"].iloc[0], ref_percent(source))
    pooled = np.array(pooled_rows, dtype=float).reshape(-1, len(coders))
    assert close(report.pooled["krippendorff_alpha"], ref_alpha(pooled))
    if len(coders) == 2:
        assert close(report.pooled["cohen_kappa"], ref_kappa(pooled[:, 0], pooled[:, 1]))


# --------------------------------------------------------------------------- projects
ANSWERS = {
    "I01.md": ["Perencanaan kami sudah baik.", "Pengawasan berjalan lancar.", "Penyaluran bantuan kadang lambat."],
    "I02.md": ["Kami musyawarah kalau ada beda pendapat.", "Rencana kerja dibuat tiap tahun."],
    "I03.md": ["Bantuan cair tepat waktu.", "Monitoring dilakukan setiap bulan oleh pendamping."],
}
CODES = ["efektivitas.perencanaan", "efektivitas.pengawasan", "responsivitas.kecepatan", "upaya.musyawarah"]


def make_project(folder: Path):
    tx = folder / "tx"
    tx.mkdir(parents=True)
    for i, (name, answers) in enumerate(ANSWERS.items(), start=1):
        write_interview(tx, name, f"I0{i}", answers)
    project = init_project(folder / "proj", codebook=MINI)
    import_transcripts(project, [tx])
    return project


def segment_bounds(project) -> dict[tuple[str, str], tuple[int, int]]:
    return {
        (tr.key, s.id): (s.start, s.end) for tr in load_corpus(project).transcripts for s in make_segments(tr, "turn")
    }


def store_codings(project, codings, decisions=(), clear: bool = True) -> None:
    """Write coders' codings (key, start, end, code, coder, segment) and decisions (key, segment, coder)."""
    with Store(project.db_path) as store, store.write() as conn:
        if clear:
            conn.execute("DELETE FROM codings")
            conn.execute("DELETE FROM decisions")
        ids = {r[0]: r[1] for r in conn.execute("SELECT key, id FROM transcripts")}
        for key, start, end, code, coder, segment in codings:
            Store.ensure_coder(conn, coder)
            conn.execute(
                'INSERT OR IGNORE INTO codings(transcript_id, start, "end", code, coder, valence, memo, origin, rule, '
                "segment, created_at, status, anchor) VALUES (?, ?, ?, ?, ?, 'netral', '', 'manual', '', ?, ?, 'ok', '')",
                (ids[key], start, end, code, coder, segment, now()),
            )
        for key, segment, coder in decisions:
            Store.ensure_coder(conn, coder)
            conn.execute(
                "INSERT OR IGNORE INTO decisions(transcript_id, segment, coder, code, decision, at) "
                "VALUES (?, ?, ?, '', 'reviewed', ?)",
                (ids[key], segment, coder, now()),
            )


def tag(bounds, key: str, segment: str, code: str, coder: str, blank_segment: bool = False):
    start, end = bounds[(key, segment)]
    return (key, start, end, code, coder, "" if blank_segment else segment)


@pytest.fixture(scope="module")
def shared_project(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("agreement"))


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


@st.composite
def segment_codings(draw, bounds):
    n_coders = draw(st.integers(min_value=2, max_value=3))
    coders = ["ani", "budi", "sari"][:n_coders]
    codings, decisions = [], []
    for (key, segment), (start, end) in sorted(bounds.items()):
        for coder in coders:
            if not draw(st.booleans()):
                continue  # this coder never saw the segment
            given_codes = draw(st.lists(st.sampled_from(CODES), max_size=2, unique=True))
            if not given_codes:
                decisions.append((key, segment, coder))
            for code in given_codes:
                codings.append((key, start, end, code, coder, draw(st.sampled_from([segment, ""]))))
    return coders, codings, decisions


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_cli_segment_level_matches_reference_implementations(shared_project, data):
    bounds = segment_bounds(shared_project)
    coders, codings, decisions = data.draw(segment_codings(bounds))
    assume(len({c[4] for c in codings} | {d[2] for d in decisions}) == len(coders))  # else: an unknown coder
    store_codings(shared_project, codings, decisions)
    result = run("agreement", "--coders", *coders, "--format", "json", "-p", shared_project.root)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    seen = {(c[0], seg_of(bounds, c), c[4]) for c in codings} | set(decisions)
    units = sorted({(k, s) for k, s, _ in seen})
    pooled = []
    for row in out["codes"]:
        given_ = {(c[0], seg_of(bounds, c), c[4]) for c in codings if c[3] == row["code"]}
        matrix = np.array(
            [[(1.0 if (k, s, c) in given_ else 0.0) if (k, s, c) in seen else nan for c in coders] for k, s in units]
        )
        pooled.append(matrix)
        assert row["units"] == len(units)
        assert close(row["krippendorff_alpha"], ref_alpha(matrix))
        assert close(row["percent_agreement"], ref_percent(matrix))
        assert close(row["cohen_kappa"], ref_kappa(matrix[:, 0], matrix[:, 1]) if len(coders) == 2 else None)
    assert [r["code"] for r in out["codes"]] == [c for c in CODES if any(x[3] == c for x in codings)]
    if pooled:
        everything = np.vstack(pooled)
        assert close(out["overall"]["pooled"]["krippendorff_alpha"], ref_alpha(everything))
        if len(coders) == 2:
            assert close(out["overall"]["pooled"]["cohen_kappa"], ref_kappa(everything[:, 0], everything[:, 1]))
        alphas = [a for a in (ref_alpha(m) for m in pooled) if a is not None]
        assert close(out["overall"]["mean"]["krippendorff_alpha"], float(np.mean(alphas)) if alphas else None)


def seg_of(bounds, coding) -> str:
    key, start = coding[0], coding[1]
    return next(seg for (k, seg), (s, e) in bounds.items() if k == key and s <= start < e)


def covered(codings, key: str, coder: str, code: str, pos: int) -> float:
    """1.0 when character ``pos`` of ``key`` lies in one of ``coder``'s codings of ``code``."""
    return 1.0 if any(x[0] == key and x[4] == coder and x[3] == code and x[1] <= pos < x[2] for x in codings) else 0.0


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_cli_character_level_matches_reference_implementations(shared_project, data):
    corpus = load_corpus(shared_project)
    coders = ["ani", "budi"]
    codings = []
    for tr in corpus.transcripts:
        for coder in coders:
            for _ in range(data.draw(st.integers(min_value=0, max_value=3))):
                start = data.draw(st.integers(min_value=0, max_value=len(tr.text) - 1))
                end = data.draw(st.integers(min_value=start + 1, max_value=len(tr.text)))
                codings.append((tr.key, start, end, data.draw(st.sampled_from(CODES[:2])), coder, ""))
    assume({c[4] for c in codings} == set(coders))
    store_codings(shared_project, codings)
    result = run("agreement", "--coders", "ani", "budi", "--unit", "character", "-f", "json", "-p", shared_project.root)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    seen = {(c[0], c[4]) for c in codings}
    for row in out["codes"]:
        rows = []
        for tr in corpus.transcripts:
            if not any((tr.key, c) in seen for c in coders):
                continue
            for pos in range(len(tr.text)):
                rows.append(
                    [covered(codings, tr.key, c, row["code"], pos) if (tr.key, c) in seen else nan for c in coders]
                )
        matrix = np.array(rows)
        assert row["units"] == len(matrix)
        assert close(row["cohen_kappa"], ref_kappa(matrix[:, 0], matrix[:, 1]))
        assert close(row["krippendorff_alpha"], ref_alpha(matrix))
        assert close(row["percent_agreement"], ref_percent(matrix))


# --------------------------------------------------------------------------- a small worked project
@pytest.fixture
def coded_project(tmp_path):
    """ani and budi code three interviews; ani reviewed I01 t003 and gave it no code."""
    project = make_project(tmp_path)
    b = segment_bounds(project)
    store_codings(
        project,
        [
            tag(b, "I01.md", "t001", "efektivitas.perencanaan", "ani"),
            tag(b, "I01.md", "t001", "efektivitas.perencanaan", "budi", blank_segment=True),
            tag(b, "I01.md", "t002", "efektivitas.pengawasan", "ani"),
            tag(b, "I01.md", "t002", "efektivitas.perencanaan", "budi"),
            tag(b, "I01.md", "t003", "responsivitas.kecepatan", "budi"),
            tag(b, "I02.md", "t001", "upaya.musyawarah", "ani"),
            tag(b, "I02.md", "t001", "upaya.musyawarah", "budi"),
            tag(b, "I02.md", "t002", "efektivitas.perencanaan", "ani"),
            tag(b, "I02.md", "t002", "efektivitas.perencanaan", "budi"),
        ],
        [("I01.md", "t003", "ani")],
    )
    return project


def test_project_agreement_per_code(coded_project):
    report = project_agreement(coded_project, ["ani", "budi"], lang="en")
    frame = report.per_code.set_index("code")
    assert list(frame.index) == [
        "efektivitas.perencanaan",
        "efektivitas.pengawasan",
        "responsivitas.kecepatan",
        "upaya.musyawarah",
    ]
    # five segments seen by both: I01 t001-t003, I02 t001-t002 (I03 was seen by nobody)
    assert frame["units"].tolist() == [5, 5, 5, 5]
    # perencanaan: ani 1 1 0 0 0 ... budi: t001 1, t002 1, I02 t002 both 1 -> values (ani, budi)
    pe = frame.loc["efektivitas.perencanaan"]
    assert (pe["agreements"], pe["percent_agreement"]) == (4, 0.8)
    assert pe["cohen_kappa"] == pytest.approx(ref_kappa([1, 0, 0, 0, 1], [1, 1, 0, 0, 1]), abs=TOL)
    assert pe["krippendorff_alpha"] == pytest.approx(0.64, abs=TOL)
    assert frame.loc["upaya.musyawarah", "cohen_kappa"] == 1.0
    assert frame["note"].isna().all()
    assert report.disagreements[["transcript", "segment", "code", "coded_by", "not_coded_by"]].values.tolist() == [
        ["I01.md", "t002", "efektivitas.perencanaan", "budi", "ani"],
        ["I01.md", "t002", "efektivitas.pengawasan", "ani", "budi"],
        ["I01.md", "t003", "responsivitas.kecepatan", "budi", "ani"],
    ]
    assert report.disagreements["text"].tolist()[0] == "Pengawasan berjalan lancar."
    assert report.pooled["units"] == 20 and report.pooled["agreements"] == 17
    assert report.mean["codes_defined"] == {"percent_agreement": 4, "cohen_kappa": 4, "krippendorff_alpha": 4}
    assert report.notes == []


def test_unused_code_is_undefined_with_a_note(coded_project):
    report = project_agreement(coded_project, ["ani", "budi"], codes=["kendala.perbedaan_pendapat"], lang="en")
    row = report.per_code.iloc[0]
    assert row["code"] == "kendala.perbedaan_pendapat"
    assert row["percent_agreement"] == 1.0
    assert math.isnan(row["cohen_kappa"]) and math.isnan(row["krippendorff_alpha"])
    assert row["note"] == (
        "Cohen's kappa and Krippendorff's alpha undefined: no coder used this code on the segments compared, "
        "so chance agreement is complete (0/0)"
    )
    indonesian = project_agreement(coded_project, ["ani", "budi"], codes=["kendala.perbedaan_pendapat"], lang="id")
    assert indonesian.per_code.iloc[0]["note"] == (
        "kappa Cohen dan alpha Krippendorff tidak terdefinisi: tidak ada pengode yang memakai kode ini pada segmen "
        "yang dibandingkan, sehingga kesepakatan karena kebetulan sudah penuh (0/0)"
    )
    assert report.mean["note"] == (
        "means are over the codes where the statistic is defined: percent agreement 1 of 1, "
        "Cohen's kappa 0 of 1 and Krippendorff's alpha 0 of 1"
    )


def test_all_codes_lists_every_codebook_code(coded_project):
    report = project_agreement(coded_project, ["ani", "budi"], all_codes=True, lang="en")
    codes = report.per_code["code"].tolist()
    assert codes[:3] == ["efektivitas", "efektivitas.perencanaan", "efektivitas.pengawasan"]
    assert len(codes) == len(coded_project.codebook().codes)
    parent = report.per_code.set_index("code").loc["efektivitas"]
    assert math.isnan(parent["cohen_kappa"])  # a child's coding does not count for its parent
    assert report.mean["codes_defined"]["cohen_kappa"] == 4


def test_three_coders_kappa_undefined(coded_project):
    b = segment_bounds(coded_project)
    store_codings(coded_project, [tag(b, "I01.md", "t001", "efektivitas.perencanaan", "sari")], clear=False)
    report = project_agreement(coded_project, ["ani", "budi", "sari"], lang="en")
    assert report.per_code["cohen_kappa"].isna().all()
    assert report.notes == ["Cohen's kappa compares two coders, not 3: read Krippendorff's alpha"]
    assert report.per_code["note"].isna().all()
    # sari saw only I01 t001: the other segments have two values, that one three
    assert report.per_code.set_index("code").loc["efektivitas.perencanaan", "pairable"] == 5


def test_character_level_report(coded_project):
    report = project_agreement(coded_project, ["ani", "budi"], unit="character", lang="en")
    corpus = load_corpus(coded_project)
    sizes = {tr.key: len(tr.text) for tr in corpus.transcripts}
    frame = report.per_code.set_index("code")
    assert frame.loc["upaya.musyawarah", "units"] == sizes["I01.md"] + sizes["I02.md"]
    sources = report.per_source[report.per_source["code"] == "efektivitas.pengawasan"]
    assert sources["transcript"].tolist() == ["I01.md", "I02.md"]
    assert math.isnan(sources["cohen_kappa"].iloc[1])  # nobody coded it in I02
    assert sources["note"].iloc[1] == (
        "Cohen's kappa and Krippendorff's alpha undefined: no coder used this code on the characters compared, "
        "so chance agreement is complete (0/0)"
    )
    # the source mean is NVivo's average weighted by source size, over sources where kappa is defined
    pe = report.per_source[report.per_source["code"] == "efektivitas.perencanaan"]
    expected = float((pe["cohen_kappa"] * pe["characters"]).sum() / pe["characters"].sum())
    assert frame.loc["efektivitas.perencanaan", "cohen_kappa_source_mean"] == pytest.approx(expected, abs=TOL)
    dis = report.disagreements
    assert dis[["transcript", "segment", "code", "coded_by"]].values.tolist()[0] == [
        "I01.md",
        "t002",
        "efektivitas.perencanaan",
        "budi",
    ]
    assert dis["text"].tolist()[0] == "Pengawasan berjalan lancar."


def test_unknown_coder_is_a_project_error(coded_project):
    with pytest.raises(ProjectError) as err:
        project_agreement(coded_project, ["ani", "joko"])
    assert str(err.value) == (
        "no coder 'joko' in the project; its coders are: ani, budi"
        " — compare two of them, e.g.: odskcode agreement --coders ani budi"
    )


def test_unknown_code_is_a_project_error(coded_project):
    with pytest.raises(ProjectError) as err:
        project_agreement(coded_project, ["ani", "budi"], codes=["efektivitas.anggaran"])
    assert str(err.value) == (
        "no code 'efektivitas.anggaran' in the codebook or in the codings"
        " — see the project's codes with: odskcode codebook show codebook.yaml"
    )


# --------------------------------------------------------------------------- CLI
def test_cli_json_equals_library(coded_project):
    for unit in ("segment", "character"):
        result = run("agreement", "--coders", "ani", "budi", "--unit", unit, "-f", "json", "-p", coded_project.root)
        assert result.exit_code == 0, result.output
        library = report_to_dict(project_agreement(coded_project, ["ani", "budi"], unit=unit, lang="en"))
        assert json.loads(result.stdout) == json.loads(json.dumps(library))
    out = json.loads(result.stdout)
    assert out["schema_version"] == 1 and out["unit"] == "character"
    first = out["codes"][0]
    assert set(first) >= {"code", "cohen_kappa", "krippendorff_alpha", "percent_agreement", "note"}
    assert {s["code"] for s in out["sources"]} == {r["code"] for r in out["codes"]}


def test_cli_json_null_and_note_for_undefined(coded_project):
    result = run("agreement", "--coders", "ani", "budi", "--codes", "kendala.perbedaan_pendapat", "upaya.musyawarah",
                 "-f", "json", "-p", coded_project.root)  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = {r["code"]: r for r in json.loads(result.stdout)["codes"]}
    assert list(rows) == ["kendala.perbedaan_pendapat", "upaya.musyawarah"]
    assert rows["kendala.perbedaan_pendapat"]["cohen_kappa"] is None
    assert rows["kendala.perbedaan_pendapat"]["krippendorff_alpha"] is None
    assert rows["kendala.perbedaan_pendapat"]["note"].startswith("Cohen's kappa and Krippendorff's alpha undefined")
    assert rows["upaya.musyawarah"]["note"] is None


def test_cli_markdown_and_csv(coded_project):
    md = run("agreement", "--coders", "ani", "budi", "-f", "markdown", "--lang", "en", "-p", coded_project.root)
    assert md.exit_code == 0, md.output
    assert md.stdout.splitlines()[:4] == [
        "**Inter-coder agreement of ani, budi, unit: segment (turn)**",
        "",
        "| Code | Label | Segments | Compared | Agree | % agreement | Cohen's κ | Krippendorff's α |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    assert "| efektivitas.perencanaan | Planning | 5 | 5 | 4 | 80.0% | 0.615 | 0.640 |" in md.stdout
    assert "| pooled over (segment, code) pairs | 85.0% | 0.571 | 0.581 |" in md.stdout
    csv_out = run("agreement", "--coders", "ani,budi", "-f", "csv", "-p", coded_project.root)
    assert csv_out.stdout.splitlines()[0] == (
        "code,label,units,pairable,agreements,percent_agreement,cohen_kappa,krippendorff_alpha,note"
    )
    dis = run("agreement", "--coders", "ani", "budi", "-f", "csv", "-t", "disagreements", "-p", coded_project.root)
    assert dis.stdout.splitlines()[1] == (
        "I01.md,t002,{},{},efektivitas.perencanaan,budi,ani,Pengawasan berjalan lancar.".format(
            *segment_bounds(coded_project)[("I01.md", "t002")]
        )
    )


def test_cli_table_and_output_file(coded_project, tmp_path):
    result = run("agreement", "--coders", "ani", "budi", "--lang", "id", "-p", coded_project.root)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Kesepakatan antarpengode ani, budi, satuan: segmen (turn)\n")
    assert "Ketidaksepakatan (3 dari 3)" in result.stdout
    target = tmp_path / "out" / "kesepakatan.md"
    written = run("agreement", "--coders", "ani", "budi", "-f", "markdown", "-o", target, "-p", coded_project.root)
    assert written.exit_code == 0 and written.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("**Inter-coder agreement of ani, budi")


def test_cli_fewer_than_two_coders_is_a_usage_error(coded_project):
    for args in (["--coders", "ani"], ["--coders", "ani", "ani"], []):
        result = run("agreement", *args, "-p", coded_project.root)
        assert result.exit_code == 2
        assert "Invalid value for '--coders': give at least two different coders, e.g. --coders ani budi" in (
            result.stderr
        )


def test_cli_sources_table_needs_character_unit(coded_project):
    result = run("agreement", "--coders", "ani", "budi", "-t", "sources", "-p", coded_project.root)
    assert result.exit_code == 2
    assert "Invalid value for '--table': the sources table comes with --unit character" in result.stderr
    ok = run("agreement", "--coders", "ani", "budi", "-t", "sources", "--unit", "character", "-f", "csv",
             "-p", coded_project.root)  # fmt: skip
    assert ok.exit_code == 0, ok.output
    assert ok.stdout.splitlines()[0] == (
        "code,transcript,characters,pairable,agreements,percent_agreement,cohen_kappa,krippendorff_alpha,note"
    )
    assert len(ok.stdout.splitlines()) == 1 + 4 * 2  # four codes × two transcripts seen


def test_cli_unknown_coder(coded_project):
    result = run("agreement", "--coders", "ani", "joko", "-p", coded_project.root)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: no coder 'joko' in the project; its coders are: ani, budi"
        " — compare two of them, e.g.: odskcode agreement --coders ani budi\n"
    )


def test_cli_usage_errors_in_indonesian(coded_project):
    few = run("agreement", "--coders", "ani", "--lang", "id", "-p", coded_project.root)
    assert few.exit_code == 2
    assert "Invalid value for '--coders': sebutkan sedikitnya dua pengode yang berbeda, misalnya --coders ani budi" in (
        few.stderr
    )
    sources = run("agreement", "--coders", "ani", "budi", "-t", "sources", "--lang", "id", "-p", coded_project.root)
    assert sources.exit_code == 2
    assert "Invalid value for '--table': tabel sources hanya ada dengan --unit character" in sources.stderr


def test_cli_unknown_coder_example_pairs_people_before_auto(coded_project):
    b = segment_bounds(coded_project)
    store_codings(coded_project, [tag(b, "I03.md", "t001", "responsivitas.kecepatan", "auto")], clear=False)
    result = run("agreement", "--coders", "ani", "joko", "-p", coded_project.root)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: no coder 'joko' in the project; its coders are: ani, auto, budi"
        " — compare two of them, e.g.: odskcode agreement --coders ani budi\n"
    )


def test_cli_unknown_coder_in_a_project_without_coders(tmp_path):
    project = make_project(tmp_path)
    result = run("agreement", "--coders", "ani", "budi", "-p", project.root, "--lang", "id")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: tidak ada pengode 'ani' dalam proyek; pengodenya: (tidak ada) — biarkan setiap pengode mengode "
        "transkrip yang sama dengan namanya sendiri lebih dahulu (odskcode tag, atau odskcode codings import)\n"
    )


def test_greedy_list_options():
    assert expand_greedy(["--coders", "a", "b", "c", "--unit", "character", "--codes", "x", "y", "-f", "json"]) == [
        "--coders", "a", "--coders", "b", "--coders", "c", "--unit", "character",
        "--codes", "x", "--codes", "y", "-f", "json",
    ]  # fmt: skip
    assert expand_greedy(["--coders=a", "b", "--show", "-1"]) == ["--coders", "a", "--coders", "b", "--show", "-1"]
    assert expand_greedy(["--codes", "x", "--", "y"]) == ["--codes", "x", "--", "y"]
