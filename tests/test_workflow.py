"""A research team's whole workflow, end to end, through the CLI in-process.

Ani and Budi code the sample interviews in one project: init, import, autocode, a scripted
``odskcode code`` session by ani on I03, ``tag``/``untag``/``memo`` by budi on the same
segments, autocode again; then agreement, summaries by coder and by consensus, segments,
codings moved to a second project, a code renamed, the Miles–Huberman displays, a REFI-QDA
round trip into a third project and the contract files. Every step checks its exit code,
its key messages and the numbers that follow from what the coders did.

What ani and budi do on I03 (``team`` first pins down the suggestions they decide on):

    seg   auto suggests                              ani (session)                   budi (tag/untag/memo)
    t001  -                                          reviewed, no code               -
    t002  verifikasi_data                            accepts it                      koordinasi; rejects verif.
    t003  perencanaan, verifikasi_data               perencanaan; rejects verif.     perencanaan (positif)
    t004  pengorganisasian (+), kendala.sdm_kurang   organising set negatif, memo;   sdm_kurang (negatif, memo),
                                                     accepts sdm_kurang              segment memo
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from odskcode.cli import app

from .conftest import SAMPLE

runner = CliRunner()
ENV = {"ODSKCODE_LANG": "en", "ODSKCODE_PROJECT": None, "ODSKCODE_CODER": None}
OLD, NEW = "kendala.sdm_kurang", "kendala.kekurangan_pegawai"
CONTRACT = ["transcript", "informant", "role", "group", "source", "segment", "start", "end", "code", "category",
            "valence", "coder", "origin", "rule", "memo", "text"]  # fmt: skip
# ani's keys, one per line: t001 Enter; t002 Enter; t003 reject the 2nd suggestion, Enter;
# t004 valence of code 1 negatif, a memo on the segment, Enter; quit on t005
ANI_KEYS = ["", "", "2", "", "v", "1", "n", "m", "", "Staf seksi hanya tiga orang.", "", "q"]


def run(*args: object, input: str | None = None, code: int = 0):
    result = runner.invoke(app, [str(a) for a in args], input=input, env=ENV)
    assert result.exit_code == code, (args, result.stdout, result.stderr, result.exception)
    return result


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def shown(stdout: str) -> dict[str, list[str]]:
    """``transcripts show``: segment id -> the code lines under it (``code valence (coder)``)."""
    found: dict[str, list[str]] = {}
    current = ""
    for line in stdout.splitlines():
        head = re.match(r"^\s+(t\d{3}) ", line)
        if head:
            current = head.group(1)
            found[current] = []
        elif coded := re.match(r"^ {10}(\S+ (?:positif|negatif|netral) \(\w+\))", line):
            found[current].append(coded.group(1))
    return found


def memos(root: Path) -> set[tuple[str, str, str, str, str]]:
    from odskcode.project import open_project

    with open_project(root).store() as store:
        found = store.conn.execute(
            "SELECT t.key, m.segment, m.code, m.coder, m.text FROM memos m JOIN transcripts t ON t.id = m.transcript_id"
        ).fetchall()
    return {tuple(r) for r in found}


def findings(root: Path, *options: str) -> dict[str, tuple[int, ...]]:
    """summarize --format json: code -> (informants, segments, positive, negative, mixed, neutral), non-zero rows."""
    data = json.loads(run("summarize", "-p", root, "--format", "json", *options).stdout)
    keys = ("informants", "segments", "positive", "negative", "mixed", "neutral")
    numbers = {f["code"]: tuple(f[k] for k in keys) for f in data["findings"]}
    return {code: n for code, n in numbers.items() if any(n)}


@dataclass
class Team:
    root: Path
    auto: int  # auto codings after the second autocode
    codings: int  # all codings of the project then


# --------------------------------------------------------------------------- the coding
@pytest.fixture(scope="module")
def team(tmp_path_factory) -> Team:
    base = tmp_path_factory.mktemp("workflow")
    root = base / "skripsi"
    result = run("init", root)
    codebook = root / "codebook.yaml"
    assert result.stdout == f"Project created in {root} (codebook: {codebook}). Next: odskcode import DIR\n"
    result = run("import", SAMPLE, "-p", root)
    assert result.stdout == "12 added, 0 unchanged, 0 metadata updated, 0 replaced\nNext: odskcode autocode\n"
    result = run("autocode", "-p", root)
    first = re.fullmatch(
        r"12 transcripts coded: (\d+) auto codings \(replacing 0\); 0 rejected suggestions not re-added\n",
        result.stdout,
    )
    assert first, result.stdout
    auto = int(first.group(1))
    # the suggestions the scripted session below decides on (by informant id, as docs/framework.md uses it)
    before = shown(run("transcripts", "show", "I03", "-p", root).stdout)
    assert {seg: before[seg] for seg in ("t001", "t002", "t003", "t004")} == {
        "t001": [],
        "t002": ["upaya.verifikasi_data netral (auto)"],
        "t003": ["efektivitas.perencanaan positif (auto)", "upaya.verifikasi_data netral (auto)"],
        "t004": ["efektivitas.pengorganisasian positif (auto)", "kendala.sdm_kurang negatif (auto)"],
    }

    # ani codes I03 in the session, then quits on t005
    result = run("code", "I03", "--coder", "ani", "-p", root, input="\n".join(ANI_KEYS) + "\n")
    out = result.stdout.splitlines()
    assert out[-1] == "I03.md: ani has coded 4 of 11 segments; go on with: odskcode code I03.md --coder ani"
    for message in (
        "t001 done",
        "t002 done; accepted upaya.verifikasi_data",
        "rejected upaya.verifikasi_data",
        "t003 done; accepted efektivitas.perencanaan",
        "valence of efektivitas.pengorganisasian: negatif",
        "memo: Staf seksi hanya tiga orang.",
        "memo saved",
        "t004 done; accepted kendala.sdm_kurang",
    ):
        assert message in out, message
    assert out.index("t001 done") < out.index("rejected upaya.verifikasi_data") < out.index("memo saved")

    # budi codes the same segments from a script
    for args, said in [
        (["tag", "I03", "t003", "efektivitas.perencanaan", "--valence", "positif"],
         "I03.md t003: added efektivitas.perencanaan (budi)\n"),
        (["tag", "I03.md", "t4", OLD, "--valence", "negatif", "--memo", "Kewalahan kalau jadwal bersamaan."],
         f"I03.md t004: added {OLD} (budi)\n"),
        (["tag", "I03", "2", "upaya.koordinasi", "efektivitas.pengorganisasian"],
         "I03.md t002: added upaya.koordinasi (budi)\nI03.md t002: added efektivitas.pengorganisasian (budi)\n"),
        (["untag", "I03", "t002", "efektivitas.pengorganisasian"],
         "I03.md t002: removed efektivitas.pengorganisasian (budi)\n"),
        (["untag", "I03", "t002", "upaya.verifikasi_data", "--reject"],
         "I03.md t002: upaya.verifikasi_data rejected by budi; autocode will not add it again\n"),
        (["memo", "I03", "t004", "Perlu ditanyakan lagi soal staf."], "I03.md t004: memo saved (budi)\n"),
        (["memo", "I03", "t004", "Perlu ditanyakan lagi soal staf."], "I03.md t004: same memo; nothing changed\n"),
    ]:  # fmt: skip
        assert run(*args, "--coder", "budi", "-p", root).stdout == said

    # the rules run again: the two rejected suggestions (ani's on t003, budi's on t002) stay out
    result = run("autocode", "-p", root)
    assert result.stdout == (
        f"12 transcripts coded: {auto - 2} auto codings (replacing {auto}); 2 rejected suggestions not re-added\n"
    )
    after = shown(run("transcripts", "show", "I03.md", "-p", root).stdout)
    assert {seg: after[seg] for seg in ("t001", "t002", "t003", "t004")} == {
        "t001": [],
        "t002": ["upaya.koordinasi netral (budi)", "upaya.verifikasi_data netral (ani)"],
        "t003": [
            "efektivitas.perencanaan positif (ani)",
            "efektivitas.perencanaan positif (auto)",
            "efektivitas.perencanaan positif (budi)",
        ],
        "t004": [
            "efektivitas.pengorganisasian negatif (ani)",
            "efektivitas.pengorganisasian positif (auto)",
            f"{OLD} negatif (ani)",
            f"{OLD} negatif (auto)",
            f"{OLD} negatif (budi)",
        ],
    }
    assert memos(root) == {
        ("I03.md", "t004", "", "ani", "Staf seksi hanya tiga orang."),
        ("I03.md", "t004", "", "budi", "Perlu ditanyakan lagi soal staf."),
    }
    return Team(root, auto - 2, auto - 2 + 7)


def test_the_team_codes_i03(team):
    """The fixture's steps; here what the people's codings are, as `segments` lists them."""
    got = rows(run("segments", "-p", team.root, "--informant", "I03", "--format", "csv").stdout)
    people = [(r["segment"], r["code"], r["coder"], r["valence"], r["origin"]) for r in got if r["coder"] != "auto"]
    assert people == [
        ("t002", "upaya.koordinasi", "budi", "netral", "manual"),
        ("t002", "upaya.verifikasi_data", "ani", "netral", "manual"),
        ("t003", "efektivitas.perencanaan", "ani", "positif", "manual"),
        ("t003", "efektivitas.perencanaan", "budi", "positif", "manual"),
        ("t004", "efektivitas.pengorganisasian", "ani", "negatif", "manual"),
        ("t004", OLD, "ani", "negatif", "manual"),
        ("t004", OLD, "budi", "negatif", "manual"),
    ]
    # where a person coded or reviewed, the auto codings do not count; elsewhere they do
    assert not [r for r in got if r["coder"] == "auto" and r["segment"] in ("t001", "t002", "t003", "t004")]
    assert ("t005", "efektivitas.pengawasan", "auto") in [(r["segment"], r["code"], r["coder"]) for r in got]


# --------------------------------------------------------------------------- agreement
def test_agreement_of_ani_and_budi(team):
    """Ani saw t001-t004 (t001 reviewed without a code), budi t002-t004: three segments compared.

    Values (t002, t003, t004), ani / budi: perencanaan 010/010, pengorganisasian 001/000,
    sdm_kurang 001/001, koordinasi 000/100, verifikasi_data 100/000. Pooled over the 15 pairs:
    12 agree; ani gave 4 ones, budi 3, so p_e = (4·3 + 11·12)/15² = 0.64 and
    kappa = (0.8 − 0.64)/(1 − 0.64) = 4/9; alpha = 1 − 29·6 / (2·23·7) (7 ones, 23 zeros, 3 disagreements).
    """
    data = json.loads(run("agreement", "--coders", "ani", "budi", "--format", "json", "-p", team.root).stdout)
    assert set(data) == {"schema_version", "unit", "segment_unit", "coders", "codes", "overall", "sources",
                         "disagreements", "notes"}  # fmt: skip
    assert (data["schema_version"], data["unit"], data["segment_unit"], data["coders"]) == (
        1,
        "segment",
        "turn",
        ["ani", "budi"],
    )
    per_code = {c["code"]: (c["units"], c["pairable"], c["agreements"], c["cohen_kappa"]) for c in data["codes"]}
    assert per_code == {
        "efektivitas.perencanaan": (4, 3, 3, 1.0),
        "efektivitas.pengorganisasian": (4, 3, 2, 0.0),
        OLD: (4, 3, 3, 1.0),
        "upaya.koordinasi": (4, 3, 2, 0.0),
        "upaya.verifikasi_data": (4, 3, 2, 0.0),
    }
    assert [c["code"] for c in data["codes"]][:3] == ["efektivitas.perencanaan", "efektivitas.pengorganisasian", OLD]
    pooled = data["overall"]["pooled"]
    assert (pooled["units"], pooled["pairable"], pooled["agreements"], pooled["codes"]) == (20, 15, 12, 5)
    assert pooled["percent_agreement"] == pytest.approx(0.8)
    assert pooled["cohen_kappa"] == pytest.approx(4 / 9)
    assert pooled["krippendorff_alpha"] == pytest.approx(1 - 29 * 6 / (2 * 23 * 7))
    mean = data["overall"]["mean"]
    assert mean["codes_defined"] == {"percent_agreement": 5, "cohen_kappa": 5, "krippendorff_alpha": 5}
    assert (mean["percent_agreement"], mean["cohen_kappa"]) == (pytest.approx(0.8), pytest.approx(0.4))
    assert [(d["segment"], d["code"], d["coded_by"], d["not_coded_by"]) for d in data["disagreements"]] == [
        ("t002", "upaya.koordinasi", "budi", "ani"),
        ("t002", "upaya.verifikasi_data", "ani", "budi"),
        ("t004", "efektivitas.pengorganisasian", "ani", "budi"),
    ]
    assert data["notes"] == [] and data["sources"] == []


# --------------------------------------------------------------------------- summaries
def test_summaries_by_coder_and_by_consensus(team):
    # (informants, segments, positive, negative, mixed, neutral): ani judged planning +, organising −
    assert findings(team.root, "--coder", "ani") == {
        "efektivitas": (1, 2, 0, 0, 1, 0),
        "efektivitas.perencanaan": (1, 1, 1, 0, 0, 0),
        "efektivitas.pengorganisasian": (1, 1, 0, 1, 0, 0),
        "kendala": (1, 1, 0, 1, 0, 0),
        OLD: (1, 1, 0, 1, 0, 0),
        "upaya": (1, 1, 0, 0, 0, 1),
        "upaya.verifikasi_data": (1, 1, 0, 0, 0, 1),
    }
    # the codes both gave on one segment: planning on t003, staff shortage on t004
    assert findings(team.root, "--consensus", "2") == {
        "efektivitas": (1, 1, 1, 0, 0, 0),
        "efektivitas.perencanaan": (1, 1, 1, 0, 0, 0),
        "kendala": (1, 1, 0, 1, 0, 0),
        OLD: (1, 1, 0, 1, 0, 0),
    }
    data = json.loads(run("summarize", "-p", team.root, "--consensus", "2", "--format", "json").stdout)
    eff = next(f for f in data["findings"] if f["code"] == "efektivitas")
    # 1 of 1 judging informant positive: very good; the linked obstacle adds the reservation
    assert (eff["share"], eff["assessment"], eff["reservation"]) == (1.0, "sangat_baik", True)
    assert eff["kendala"] == f"{OLD} (1)"
    three = run("summarize", "-p", team.root, "--consensus", "3", code=1).stderr
    assert three == "Error: a consensus of 3 coders needs at least 3 people who coded; the project has 2: ani, budi\n"


def test_segments_of_budi_as_csv(team):
    result = run("segments", "--coder", "budi", "--format", "csv", "-p", team.root)
    got = rows(result.stdout)
    assert result.stdout.splitlines()[0].split(",") == CONTRACT
    assert [(r["transcript"], r["informant"], r["group"], r["segment"], r["code"], r["category"], r["valence"],
             r["coder"], r["origin"], r["memo"]) for r in got] == [
        ("I03.md", "I03", "pemerintah", "t002", "upaya.koordinasi", "upaya", "netral", "budi", "manual", ""),
        ("I03.md", "I03", "pemerintah", "t003", "efektivitas.perencanaan", "efektivitas", "positif", "budi", "manual",
         ""),
        ("I03.md", "I03", "pemerintah", "t004", OLD, "kendala", "negatif", "budi", "manual",
         "Kewalahan kalau jadwal bersamaan."),
    ]  # fmt: skip
    text = (SAMPLE / "I03.md").read_text(encoding="utf-8")
    for r in got:  # each coding spans its whole segment, and `text` is those words
        assert int(r["end"]) - int(r["start"]) == len(r["text"])
        assert r["text"] in text
    assert got[2]["text"].startswith("Di seksi ini cuma ada saya dan tiga staf.")


# --------------------------------------------------------------------------- codings to a second project
def n_decisions(root) -> int:
    with closing(sqlite3.connect(Path(root) / ".odskcode" / "project.sqlite")) as conn:
        return int(conn.execute("SELECT count(*) FROM decisions").fetchone()[0])


def test_codings_move_to_a_second_project(team, tmp_path):
    exported = tmp_path / "tim.csv"
    result = run("codings", "export", "-p", team.root, "-o", exported)
    d = n_decisions(team.root)
    assert d == 12  # ani's session (accepted, rejected, reviewed) and budi's tags
    assert result.stderr == f"{team.codings} codings written to {exported} (and {d} decisions)\n"
    other = tmp_path / "laptop"
    run("init", other)
    run("import", SAMPLE, "-p", other)
    skipped = f"{team.auto} rows of coder auto skipped (import with --include-auto to bring them in)\n"
    first = run("codings", "import", exported, "-p", other).stdout
    decided = "decisions (reviewed, accepted, rejected): {} added, {} unchanged, 0 updated\n"
    assert first == f"7 added, 0 unchanged, 0 updated, {team.auto} skipped\n" + decided.format(d, 0) + skipped
    assert n_decisions(other) == d  # the reviews and rejections travel with the codings
    second = run("codings", "import", exported, "-p", other).stdout
    assert second == f"0 added, 7 unchanged, 0 updated, {team.auto} skipped\n" + decided.format(0, d) + skipped
    assert run("codings", "import", exported, "-p", other, "--include-auto").stdout == (
        f"{team.auto} added, 7 unchanged, 0 updated, 0 skipped\n" + decided.format(0, d)
    )
    assert run("codings", "import", exported, "-p", other, "--include-auto").stdout == (
        f"0 added, {team.codings} unchanged, 0 updated, 0 skipped\n" + decided.format(0, d)
    )  # fmt: skip
    # the same codings, nothing doubled: the second project exports the same file
    again = tmp_path / "again.csv"
    run("codings", "export", "-p", other, "-o", again)
    assert again.read_bytes() == exported.read_bytes()
    assert len(rows(exported.read_text(encoding="utf-8-sig"))) == team.codings + d
    for options in (["--coder", "ani"], ["--consensus", "2"]):
        assert findings(other, *options) == findings(team.root, *options)


# --------------------------------------------------------------------------- renaming a code both used
@pytest.fixture(scope="module")
def renamed(team, tmp_path_factory) -> Team:
    """A copy of the team's project with kendala.sdm_kurang renamed (the fixture ``team`` stays as it was)."""
    root = tmp_path_factory.mktemp("renamed") / "skripsi"
    shutil.copytree(team.root, root)
    old_auto = sum(r["code"] == OLD for r in rows(run("codings", "export", "-p", root, "--coder", "auto").stdout))
    result = run("codes", "rename", OLD, NEW, "-p", root)
    lines = result.stdout.splitlines()
    assert lines[:4] == [
        f"Renamed {OLD} to {NEW}",
        f"codings: {old_auto + 2} carried over, 0 duplicates collapsed; in the project: {team.codings} before, "
        f"{team.codings} after",
        "decisions: 2 carried over, 0 duplicates collapsed",  # ani's and budi's acceptance on t004
        "memos: 0 carried over",
    ]
    assert lines[-1] == "codebook.yaml and the project database updated"
    return Team(root, team.auto, team.codings)


def test_a_renamed_code_keeps_every_view(team, renamed):
    """Segments, summaries and agreement give what they gave before, under the new id."""
    for args in (
        ["segments", "--coder", "budi", "--format", "csv"],
        ["segments", "--format", "csv"],
        ["summarize", "--format", "csv"],
        ["summarize", "--coder", "ani", "--format", "csv"],
        ["summarize", "--consensus", "2", "--format", "csv"],
        ["agreement", "--coders", "ani", "budi", "--format", "json"],
    ):
        before = run(*args, "-p", team.root).stdout
        after = run(*args, "-p", renamed.root).stdout
        assert OLD in before and OLD not in after, args
        assert after == before.replace(OLD, NEW), args
    # autocode finds the renamed code under its new id and still leaves the rejected suggestions out
    assert run("autocode", "-p", renamed.root).stdout == (
        f"12 transcripts coded: {renamed.auto} auto codings (replacing {renamed.auto}); "
        "2 rejected suggestions not re-added\n"
    )
    codings = [r for r in rows(run("codings", "export", "-p", renamed.root).stdout) if not r["decision"]]
    assert len(codings) == renamed.codings and not [r for r in codings if r["code"] == OLD]
    # the old id is gone; the hint names the project's codebook, which lists the new one
    gone = run("segments", "--code", OLD, "-p", renamed.root, code=1)
    assert gone.stderr.startswith(f"Error: code '{OLD}' is not in the codebook")
    assert gone.stderr.endswith(f" — see the codes with: odskcode codebook show {renamed.root / 'codebook.yaml'}\n")
    tree = run("codebook", "show", renamed.root / "codebook.yaml", "--format", "json").stdout
    assert f'"{NEW}"' in tree and f'"{OLD}"' not in tree


# --------------------------------------------------------------------------- framework and triangulation
def test_displays_reflect_the_human_codings(renamed):
    """On I03 t003/t004 the people's codings count, not the suggestions: ani judged organising
    negatively where the rules said positive, so against the auto-coder's view (``--coder auto``)
    that indicator has one positive informant fewer and one negative more; nothing else moves."""
    people = json.loads(run("framework", "--format", "json", "-p", renamed.root).stdout)
    rules = json.loads(run("framework", "--format", "json", "--coder", "auto", "-p", renamed.root).stdout)
    assert people["sources"] == rules["sources"]
    numbers = ("informants", "positive", "negative", "mixed", "neutral", "observations", "documents")
    by_code = {r["code"]: r for r in people["rows"]}
    auto_by_code = {r["code"]: r for r in rules["rows"]}
    assert by_code.keys() == auto_by_code.keys()
    i03 = {code: [(c["segment"], c["mark"]) for c in r["cells"].get("I03", [])] for code, r in by_code.items()}
    assert i03["efektivitas.perencanaan"] == [("t003", "+")]  # ani and budi, one statement
    assert i03["efektivitas.pengorganisasian"] == [("t004", "−")]
    assert [(c["segment"], c["mark"]) for c in auto_by_code["efektivitas.pengorganisasian"]["cells"]["I03"]] == [
        ("t004", "+")
    ]
    assert i03["efektivitas.pengawasan"] == [("t005", "+")]  # not reviewed: the suggestion counts
    for code, row in by_code.items():
        auto_row = auto_by_code[code]
        others = {k: v for k, v in row["cells"].items() if k != "I03"}
        assert others == {k: v for k, v in auto_row["cells"].items() if k != "I03"}, code
        expected = {k: auto_row[k] for k in numbers}
        if code == "efektivitas.pengorganisasian":
            expected["positive"] -= 1
            expected["negative"] += 1
        assert {k: row[k] for k in numbers} == expected, code
    org = by_code["efektivitas.pengorganisasian"]
    judging = org["positive"] + org["negative"] + org["mixed"]
    assert org["share"] == round(org["positive"] / judging, 4)
    assert org["conclusion"].endswith(
        f": {org['informants']}/10 informants ({org['positive']} +, {org['negative']} −, {org['mixed']} ±); "
        "1 observation, 1 document"
    )

    tri = json.loads(run("triangulate", "--format", "json", "-p", renamed.root).stdout)
    tri_auto = json.loads(run("triangulate", "--format", "json", "--coder", "auto", "-p", renamed.root).stdout)
    key = ("code", "axis", "value")
    judged = {tuple(j[k] for k in key): j for j in tri["judgements"]}
    judged_auto = {tuple(j[k] for k in key): j for j in tri_auto["judgements"]}
    assert judged.keys() == judged_auto.keys()
    moved = {("efektivitas.pengorganisasian", "group", "pemerintah"), ("efektivitas.pengorganisasian", "technique",
                                                                        "wawancara")}  # fmt: skip
    for k, j in judged.items():
        a = judged_auto[k]
        if k in moved:  # I03 is a pemerintah informant, interviewed
            assert (j["positive"], j["negative"], j["judged"]) == (a["positive"] - 1, a["negative"] + 1, a["judged"])
            pos, neg, mixed = j["positive"], j["negative"], j["mixed"]
            lean = "positif" if pos > neg + mixed else "negatif" if neg > pos + mixed else "campuran"
            assert j["judgement"] == lean, k
        else:
            assert j == a, k
    assert judged[("efektivitas.pengorganisasian", "group", "pemerintah")]["judgement"] == "campuran"
    assert {v["code"]: v["status"] for v in tri["indicators"]}["efektivitas.pengorganisasian"] == "consistent"


# --------------------------------------------------------------------------- REFI-QDA round trip
def test_qdpx_round_trip_into_a_third_project(renamed, tmp_path):
    from odskcode.project import open_project, project_coders

    qdpx = tmp_path / "skripsi.qdpx"
    codes = len(open_project(renamed.root).codebook().codes)
    result = run("export", "--format", "qdpx", "--output", qdpx, "-p", renamed.root)
    assert result.stderr == f"{qdpx}: 12 sources, {codes} codes, {renamed.codings} codings, 3 coders (REFI-QDA 1.5)\n"
    third = tmp_path / "nvivo"
    run("init", third)
    result = run("import", qdpx, "-p", third)
    # the fresh project lacked only the renamed code: it takes the exported codebook whole, so no stale old id
    assert result.stdout == (
        f"{qdpx}: sources added 12 (already there 0); new codes 1; codings added {renamed.codings} "
        "(already there 0); memos 2; decisions 12; coders: ani, auto, budi\n"
    )
    assert result.stderr.endswith(
        f"this new project's codebook is now the exported project's codebook ({codes} codes)\n"
    )
    from odskcode.codebook import dump_codebook

    assert dump_codebook(open_project(third).codebook()) == dump_codebook(open_project(renamed.root).codebook())
    assert run("import", qdpx, "-p", third).stdout == (
        f"{qdpx}: sources added 0 (already there 12); new codes 0; codings added 0 (already there {renamed.codings}); "
        "memos 0; decisions 0; coders: ani, auto, budi\n"
    )
    # auto-coding the new project adds nothing and brings back no rejected suggestion: the same work
    assert run("autocode", "-p", third).exit_code == 0
    assert run("codings", "export", "-p", third).stdout == run("codings", "export", "-p", renamed.root).stdout
    # codings (range, code, coder, valence, memo, origin, rule, segment), memos and coders are those of the project
    assert run("codings", "export", "-p", third).stdout == run("codings", "export", "-p", renamed.root).stdout
    assert memos(third) == memos(renamed.root)
    assert project_coders(open_project(third)) == project_coders(open_project(renamed.root)) == ["ani", "auto", "budi"]
    assert findings(third, "--consensus", "2") == findings(renamed.root, "--consensus", "2")


# --------------------------------------------------------------------------- contract files
def test_export_contract_files(renamed, tmp_path):
    out = tmp_path / "hasil"
    assert run("export", out, "-p", renamed.root).stderr == f"4 files written to {out}\n"
    assert sorted(p.name for p in out.iterdir()) == ["findings.csv", "matrix.csv", "segments.csv", "summary.xlsx"]
    seg = rows((out / "segments.csv").read_text(encoding="utf-8"))
    assert list(seg[0]) == [*CONTRACT, "counts"]
    # one row per coding, those that do not count included (docs/findings.md, section 9) ...
    assert len(seg) == renamed.codings
    every = [r for r in rows(run("codings", "export", "-p", renamed.root).stdout) if not r["decision"]]
    fields = ("transcript", "segment", "start", "end", "code", "coder", "valence", "memo")
    assert sorted(tuple(r[f] for f in fields) for r in seg) == sorted(tuple(r[f] for f in fields) for r in every)
    # ... of which those that count are what `segments` lists: the 3 suggestions left on I03 t003/t004 do not
    counted = rows(run("segments", "--format", "csv", "-p", renamed.root).stdout)
    assert len(counted) == renamed.codings - 3
    reviewed = [r for r in seg if r["transcript"] == "I03.md" and r["segment"] in ("t002", "t003", "t004")]
    assert sorted((r["segment"], r["code"]) for r in reviewed if r["coder"] == "auto") == [
        ("t003", "efektivitas.perencanaan"),
        ("t004", "efektivitas.pengorganisasian"),
        ("t004", NEW),
    ]
    # `counts` marks exactly those: the rows `segments` lists count, the three left-over suggestions do not
    assert sum(r["counts"] == "True" for r in seg) == len(counted)
    assert all(r["counts"] == "False" for r in reviewed if r["coder"] == "auto")
    assert (out / "findings.csv").read_text(encoding="utf-8") == run(
        "summarize", "--format", "csv", "-p", renamed.root
    ).stdout
    matrix = {r["informant"]: r for r in rows((out / "matrix.csv").read_text(encoding="utf-8"))}
    assert matrix["I03"][NEW] == "1" and OLD not in matrix["I03"]
    # one coder's, and the consensus: only those codings
    run("export", tmp_path / "ani", "--coder", "ani", "-p", renamed.root)
    ani = rows((tmp_path / "ani" / "segments.csv").read_text(encoding="utf-8"))
    assert sorted((r["segment"], r["code"], r["coder"]) for r in ani) == [
        ("t002", "upaya.verifikasi_data", "ani"),
        ("t003", "efektivitas.perencanaan", "ani"),
        ("t004", "efektivitas.pengorganisasian", "ani"),
        ("t004", NEW, "ani"),
    ]
    run("export", tmp_path / "both", "--consensus", "2", "-p", renamed.root)
    both = rows((tmp_path / "both" / "segments.csv").read_text(encoding="utf-8"))
    assert [(r["segment"], r["code"], r["coder"], r["valence"]) for r in both] == [
        ("t003", "efektivitas.perencanaan", "ani+budi", "positif"),
        ("t004", NEW, "ani+budi", "negatif"),
    ]
