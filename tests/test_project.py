"""Projects at library level: init, discovery, import (idempotent, --replace re-anchoring),
the SQLite store (concurrency, crash safety, migrations), autocode, summaries and export."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import textwrap
from contextlib import closing
from pathlib import Path

import pytest

from odskcode.codebook import bundled_codebook_path
from odskcode.errors import CodebookError, ExportError, ProjectError
from odskcode.project import (
    Orphan,
    autocode_project,
    export_project,
    find_project,
    import_transcripts,
    init_project,
    list_transcripts,
    load_codings,
    load_corpus,
    open_project,
    project_summary,
    reviewed_segments,
    show_transcript,
    text_hash,
    transcript_data,
)
from odskcode.store import MIGRATIONS, SCHEMA_VERSION, Store, now
from odskcode.summary import codings_frame, counted_codings
from odskcode.transcripts import read_corpus
from odskcode.transcripts import segments as make_segments

from .conftest import MINI, SAMPLE, write_interview


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    monkeypatch.delenv("ODSKCODE_PROJECT", raising=False)
    monkeypatch.setenv("ODSKCODE_LANG", "en")


# --------------------------------------------------------------------------- helpers
def query(project, sql: str, params: tuple = ()) -> list[tuple]:
    with closing(sqlite3.connect(project.db_path)) as conn:
        return [tuple(r) for r in conn.execute(sql, params).fetchall()]


def count(project, table: str) -> int:
    return query(project, f"SELECT count(*) FROM {table}")[0][0]


def transcript_text(project, key: str) -> str:
    return load_corpus(project, [key]).transcripts[0].text


def segment_of(project, key: str, start: int):
    tr = load_corpus(project, [key]).transcripts[0]
    return next(s for s in make_segments(tr, project.settings.unit) if s.start <= start < s.end)


def add_coding(
    project,
    key: str,
    words: str | None = None,
    code: str = "efektivitas.pengawasan",
    coder: str = "ani",
    valence: str = "netral",
    memo: str = "",
    segment: str | None = None,
) -> tuple[int, int]:
    """Store a manual coding of ``words`` (or of the whole ``segment``) the way a coder would."""
    tr = load_corpus(project, [key]).transcripts[0]
    if segment is not None:
        seg = next(s for s in make_segments(tr, project.settings.unit) if s.id == segment)
        start, end = seg.start, seg.end
    else:
        assert words is not None and tr.text.count(words) == 1, words
        start = tr.text.index(words)
        end = start + len(words)
        seg = segment_of(project, key, start)
    with Store(project.db_path) as store, store.write() as conn:
        Store.ensure_coder(conn, coder)
        tid = conn.execute("SELECT id FROM transcripts WHERE key = ?", (key,)).fetchone()[0]
        conn.execute(
            'INSERT INTO codings(transcript_id, start, "end", code, coder, valence, memo, origin, rule, segment, '
            "created_at, status, anchor) VALUES (?, ?, ?, ?, ?, ?, ?, 'manual', '', ?, ?, 'ok', ?)",
            (tid, start, end, code, coder, valence, memo, seg.id, now(), tr.text[start:end]),
        )
    return start, end


def add_decision(project, key: str, segment: str, decision: str, code: str = "", coder: str = "ani") -> None:
    with Store(project.db_path) as store, store.write() as conn:
        Store.ensure_coder(conn, coder)
        tid = conn.execute("SELECT id FROM transcripts WHERE key = ?", (key,)).fetchone()[0]
        conn.execute(
            "INSERT INTO decisions(transcript_id, segment, coder, code, decision, at) VALUES (?, ?, ?, ?, ?, ?)",
            (tid, segment, coder, code, decision, now()),
        )


def write_mini_interviews(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    write_interview(folder, "I01.md", "I01", ["Perencanaan kami sudah baik.", "Pengawasan berjalan lancar."])
    write_interview(
        folder,
        "I02.md",
        "I02",
        ["Penyaluran bantuan lambat.", "Kami musyawarah kalau ada beda pendapat."],
        role="Penerima",
        group="masyarakat",
    )
    return folder


def make_mini_project(tmp_path: Path, autocode: bool = True):
    """A project with the mini codebook and two short interviews (5 auto codings)."""
    project = init_project(tmp_path / "proj", codebook=MINI)
    import_transcripts(project, [write_mini_interviews(tmp_path / "tx")])
    if autocode:
        autocode_project(project)
    return project


def copy_sample(tmp_path: Path, names: list[str] | None = None) -> Path:
    target = tmp_path / "sample"
    if names is None:
        shutil.copytree(SAMPLE, target)
    else:
        target.mkdir()
        for name in names:
            shutil.copy2(SAMPLE / name, target / name)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def snapshot(project) -> tuple[list[tuple], list[tuple], list[tuple]]:
    return (
        query(project, "SELECT * FROM transcripts ORDER BY id"),
        query(project, "SELECT * FROM codings ORDER BY id"),
        query(project, "SELECT * FROM decisions ORDER BY id"),
    )


# --------------------------------------------------------------------------- init
def test_init_creates_settings_codebook_and_database(tmp_path):
    project = init_project(tmp_path / "proj")
    root = tmp_path / "proj"
    assert project.root == root.resolve()
    assert (root / "odskcode.yaml").is_file()
    assert (root / "codebook.yaml").read_text(encoding="utf-8") == bundled_codebook_path("odsk").read_text(
        encoding="utf-8-sig"
    )
    assert project.db_path == root / ".odskcode" / "project.sqlite"
    assert query(project, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert project.settings.name == "proj"
    assert project.settings.unit == "turn"
    reopened = open_project(root)
    assert reopened.settings == project.settings
    assert reopened.codebook().id == "odsk"
    assert query(project, "SELECT action FROM log") == [("init",)]


def test_init_with_codebook_and_name(tmp_path):
    project = init_project(tmp_path / "proj", codebook=MINI, name="Bitung 2020")
    assert (project.root / "codebook.yaml").read_text(encoding="utf-8") == MINI.read_text(encoding="utf-8")
    assert project.codebook().id == "mini"
    assert open_project(project.root).settings.name == "Bitung 2020"


def test_init_twice_fails(tmp_path):
    init_project(tmp_path / "proj")
    with pytest.raises(ProjectError) as err:
        init_project(tmp_path / "proj", codebook=MINI)
    assert str(err.value) == (
        f"{tmp_path / 'proj' / 'odskcode.yaml'}: a project already exists here"
        " — use this project, or give odskcode init another folder"
    )
    assert open_project(tmp_path / "proj").codebook().id == "odsk"  # untouched


def test_init_with_invalid_codebook_creates_nothing(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("odskcode_codebook: 1\ncodes: [\n", encoding="utf-8")
    with pytest.raises(CodebookError):
        init_project(tmp_path / "proj", codebook=bad)
    assert not (tmp_path / "proj").exists()
    existing = tmp_path / "empty"
    existing.mkdir()
    with pytest.raises(CodebookError):
        init_project(existing, codebook=bad)
    assert list(existing.iterdir()) == []


# --------------------------------------------------------------------------- discovery
def test_find_project_explicit_env_and_upward(tmp_path, monkeypatch):
    project = init_project(tmp_path / "proj")
    root = project.root
    sub = root / "a" / "b"
    sub.mkdir(parents=True)
    assert find_project(root) == root
    assert find_project(cwd=sub) == root
    monkeypatch.chdir(sub)
    assert find_project() == root
    assert open_project().root == root
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.setenv("ODSKCODE_PROJECT", str(root))
    assert find_project() == root
    assert open_project().root == root
    # --project wins over the environment
    other = init_project(tmp_path / "other").root
    assert find_project(other) == other


def test_find_project_none_found(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ProjectError) as err:
        find_project()
    assert str(err.value) == (
        "no odskcode project in this folder or above it"
        " — create one with: odskcode init [DIR], or choose one with --project DIR"
    )


def test_find_project_explicit_or_env_not_a_project(tmp_path, monkeypatch):
    with pytest.raises(ProjectError) as err:
        find_project(tmp_path)
    assert str(err.value).startswith(f"'{tmp_path}' is not an odskcode project (no odskcode.yaml) — create one with")
    monkeypatch.setenv("ODSKCODE_PROJECT", str(tmp_path / "nowhere"))
    with pytest.raises(ProjectError, match="is not an odskcode project"):
        find_project()


def test_open_project_without_database(tmp_path):
    project = init_project(tmp_path / "proj")
    shutil.rmtree(project.root / ".odskcode")
    with pytest.raises(ProjectError) as err:
        open_project(project.root)
    assert str(err.value).startswith(f"{project.db_path}: the project database is missing")


# --------------------------------------------------------------------------- import
def test_import_twice_doubles_nothing(tmp_path):
    sample = copy_sample(tmp_path)
    project = init_project(tmp_path / "proj")
    first = import_transcripts(project, [sample])
    keys = sorted(t.key for t in load_corpus(project).transcripts)
    assert sorted(first.added) == keys
    assert len(keys) == 12
    autocode_project(project)
    before = snapshot(project)
    second = import_transcripts(project, [sample])
    assert sorted(second.unchanged) == keys
    assert (second.added, second.updated, second.replaced, second.moved, second.orphaned) == ([], [], [], {}, [])
    assert snapshot(project) == before
    assert count(project, "transcripts") == 12
    assert query(project, "SELECT count(*) FROM log WHERE action = 'import'") == [(1,)]


def test_import_metadata_change_updates_without_touching_codings(tmp_path):
    sample = copy_sample(tmp_path)
    project = init_project(tmp_path / "proj")
    import_transcripts(project, [sample])
    autocode_project(project)
    add_coding(project, "I01.md", "menyusun rencana operasional", code="efektivitas.perencanaan")
    codings_before = query(project, "SELECT * FROM codings ORDER BY id")
    hash_before = query(project, "SELECT hash, text FROM transcripts WHERE key = 'I01.md'")
    edit(sample / "I01.md", "role: Kepala Dinas Sosial Kota Bitung", "role: Kepala Dinas Sosial")
    report = import_transcripts(project, [sample])
    assert report.updated == ["I01.md"]
    assert len(report.unchanged) == 11
    assert (report.added, report.replaced, report.orphaned) == ([], [], [])
    assert query(project, "SELECT * FROM codings ORDER BY id") == codings_before
    assert query(project, "SELECT hash, text FROM transcripts WHERE key = 'I01.md'") == hash_before
    roles = dict(zip(list_transcripts(project)["transcript"], list_transcripts(project)["role"], strict=True))
    assert roles["I01.md"] == "Kepala Dinas Sosial"


def test_import_changed_file_is_refused_without_replace(tmp_path):
    sample = copy_sample(tmp_path, ["I01.md", "I02.md"])
    project = init_project(tmp_path / "proj")
    import_transcripts(project, [sample])
    autocode_project(project)
    add_coding(project, "I02.md", segment="t002")
    before = snapshot(project)
    edit(sample / "I01.md", "role: Kepala Dinas Sosial Kota Bitung", "role: Kepala Dinas")  # metadata too
    text = (sample / "I02.md").read_text(encoding="utf-8")
    (sample / "I02.md").write_text(text.replace("I02: ", "I02: Nah, ", 1), encoding="utf-8")
    with pytest.raises(ProjectError) as err:
        import_transcripts(project, [sample])
    assert str(err.value) == (
        "1 transcript changed since it was imported: I02.md"
        " — import again with --replace to move their codings onto the new text"
    )
    assert snapshot(project) == before  # nothing changed, not even I01's metadata
    old_text = before[0][1][5]
    assert query(project, "SELECT hash FROM transcripts WHERE key = 'I02.md'") == [(text_hash(old_text),)]


def test_import_duplicate_informant_across_files_is_refused(tmp_path):
    project = make_mini_project(tmp_path, autocode=False)
    other = tmp_path / "other"
    other.mkdir()
    write_interview(other, "I01b.md", "I01", ["Perencanaan."])
    before = snapshot(project)
    with pytest.raises(Exception, match=r"informant id 'I01' is already used by the project's transcript I01\.md"):
        import_transcripts(project, [other])
    assert snapshot(project) == before


# --------------------------------------------------------------------------- --replace
I01_CODINGS = {
    "exact": "menyusun rencana operasional",
    "fuzzy": "Bantuan dibagikan sesuai jadwal yang kami tetapkan",
    "deleted": "Saya sendiri beberapa kali turun melihat pembagian",
}


def replace_scenario(tmp_path: Path):
    """I01 with manual codings, then edited above them; returns (project, sample, codings before)."""
    sample = copy_sample(tmp_path, ["I01.md"])
    project = init_project(tmp_path / "proj")
    import_transcripts(project, [sample])
    old_text = transcript_text(project, "I01.md")
    ranges = {
        "exact": add_coding(project, "I01.md", I01_CODINGS["exact"], code="efektivitas.perencanaan"),
        "fuzzy": add_coding(project, "I01.md", I01_CODINGS["fuzzy"], code="efektivitas.aktualisasi"),
        "deleted": add_coding(project, "I01.md", I01_CODINGS["deleted"], code="efektivitas.pengawasan"),
        "segment": add_coding(project, "I01.md", segment="t002", code="upaya.koordinasi"),
    }
    assert segment_of(project, "I01.md", ranges["exact"][0]).id == "t003"
    assert segment_of(project, "I01.md", ranges["fuzzy"][0]).id == "t005"
    path = sample / "I01.md"
    # a new exchange above the codings, and some words changed elsewhere
    edit(
        path, "P: Bisa Bapak ceritakan", "P: Apakah Bapak ikut menyusun?\nI01: Ya, sejak awal.\nP: Bisa Bapak ceritakan"
    )
    edit(path, "Strukturnya sederhana saja.", "Strukturnya cukup sederhana.")
    edit(path, I01_CODINGS["fuzzy"], "Bantuan dibagi sesuai jadwal yang telah kami tetapkan")
    edit(path, I01_CODINGS["deleted"] + ", supaya tahu keadaan sebenarnya, bukan hanya membaca laporan staf.", "")
    return project, sample, old_text, ranges


def codings_by_code(project, status: str | None = "ok") -> dict[str, object]:
    return {c.code: c for c in load_codings(project, status=status)}


def test_replace_reanchors_codings_onto_the_new_text(tmp_path):
    project, sample, old_text, ranges = replace_scenario(tmp_path)
    report = import_transcripts(project, [sample], replace=True)
    assert report.replaced == ["I01.md"]
    assert report.moved == {"exact": 2, "fuzzy": 1}
    new_text = transcript_text(project, "I01.md")
    assert new_text != old_text
    codings = codings_by_code(project)

    exact = codings["efektivitas.perencanaan"]
    assert new_text[exact.start : exact.end] == I01_CODINGS["exact"]
    assert exact.start > ranges["exact"][0]  # moved down by the new exchange
    assert exact.segment == "t004" == segment_of(project, "I01.md", exact.start).id

    fuzzy = codings["efektivitas.aktualisasi"]
    assert new_text[fuzzy.start : fuzzy.end].rstrip(",") == "Bantuan dibagi sesuai jadwal yang telah kami tetapkan"
    assert fuzzy.segment == "t006"

    whole = codings["upaya.koordinasi"]  # a segment-level coding stays segment-level
    seg = next(s for s in make_segments(load_corpus(project).transcripts[0], "turn") if s.id == "t002")
    assert (whole.start, whole.end) == (seg.start, seg.end)
    assert new_text[whole.start : whole.end] == old_text[ranges["segment"][0] : ranges["segment"][1]]

    anchors = dict(query(project, "SELECT code, anchor FROM codings WHERE status = 'ok'"))
    assert anchors["efektivitas.perencanaan"] == I01_CODINGS["exact"]
    assert anchors["efektivitas.aktualisasi"] == new_text[fuzzy.start : fuzzy.end]


def test_replace_keeps_unplaceable_codings_as_orphaned(tmp_path):
    project, sample, _, ranges = replace_scenario(tmp_path)
    report = import_transcripts(project, [sample], replace=True)
    start, end = ranges["deleted"]
    assert report.orphaned == [
        Orphan("I01.md", "efektivitas.pengawasan", "ani", start, end, I01_CODINGS["deleted"]),
    ]
    assert query(
        project, "SELECT status, anchor, start, \"end\" FROM codings WHERE code = 'efektivitas.pengawasan'"
    ) == [("orphaned", I01_CODINGS["deleted"], start, end)]
    assert count(project, "codings") == 4  # nothing lost
    assert "efektivitas.pengawasan" not in codings_by_code(project)
    assert len(load_codings(project)) == 3
    assert len(load_codings(project, status=None)) == 4
    assert [c.code for c in load_codings(project, status="orphaned")] == ["efektivitas.pengawasan"]
    view = show_transcript(project, "I01.md")
    assert [(c.code, c.coder, c.start, c.end) for c in view.orphaned] == [("efektivitas.pengawasan", "ani", start, end)]
    assert all(c.code != "efektivitas.pengawasan" for cs in view.codings.values() for c in cs)
    row = list_transcripts(project).iloc[0]
    assert (row["manual"], row["auto"], row["orphaned"]) == (3, 0, 1)
    # the summary counts only placed codings
    summary = project_summary(project)
    assert "efektivitas.pengawasan" not in set(summary.segments["code"])


def test_replace_places_an_orphan_again_when_its_words_come_back(tmp_path):
    project, sample, _, _ = replace_scenario(tmp_path)
    import_transcripts(project, [sample], replace=True)
    again = import_transcripts(project, [sample], replace=True)  # same text: nothing to do
    assert again.unchanged == ["I01.md"]
    assert len(load_codings(project, status="orphaned")) == 1
    edit(sample / "I01.md", "Sama-sama.", "Sama-sama. " + I01_CODINGS["deleted"] + ".")
    report = import_transcripts(project, [sample], replace=True)
    assert report.orphaned == []
    assert load_codings(project, status="orphaned") == []
    back = codings_by_code(project)["efektivitas.pengawasan"]
    assert transcript_text(project, "I01.md")[back.start : back.end] == I01_CODINGS["deleted"]
    assert back.segment == segment_of(project, "I01.md", back.start).id


def test_replace_moves_decisions_with_their_segments(tmp_path):
    # two consecutive reviewed segments below the new exchange: each moves one down, onto the
    # other's old id, and neither is lost or left on the wrong segment
    project, sample, _, _ = replace_scenario(tmp_path)
    add_decision(project, "I01.md", "t006", "reviewed")
    add_decision(project, "I01.md", "t007", "reviewed")
    add_decision(project, "I01.md", "t006", "rejected", code="upaya.musyawarah")
    add_decision(project, "I01.md", "t001", "reviewed")  # above the edit: stays
    import_transcripts(project, [sample], replace=True)
    assert reviewed_segments(project) == {("I01.md", "t001"), ("I01.md", "t007"), ("I01.md", "t008")}
    assert query(project, "SELECT segment, code, decision FROM decisions ORDER BY id") == [
        ("t007", "", "reviewed"),
        ("t008", "", "reviewed"),
        ("t007", "upaya.musyawarah", "rejected"),
        ("t001", "", "reviewed"),
    ]
    text = transcript_text(project, "I01.md")
    segs = {s.id: s for s in make_segments(load_corpus(project).transcripts[0], "turn")}
    assert text[segs["t007"].start :].startswith("Pengawasannya berjenjang.")
    assert text[segs["t008"].start :].startswith("Tentu ada.")


def _two_turns(folder: Path, first: str, second: str, before: str = "") -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / "I01.md"
    path.write_text(
        f"---\ninformant: I01\nsource: wawancara\n---\n{before}P: Q1?\nI01: {first}\nP: Q2?\nI01: {second}\n",
        encoding="utf-8",
    )
    return path


def test_replace_coding_moving_onto_another_codings_old_range_loses_nothing(tmp_path):
    # two answers of the same length, both coded with one code by one coder; a new exchange of
    # exactly their distance is inserted above, so the first moves onto the second's old range
    first, second = "Rapat koordinasi tiap bulan.", "Semua warga sudah terima ya."
    assert len(first) == len(second)
    tx = tmp_path / "tx"
    _two_turns(tx, first, second)
    project = init_project(tmp_path / "proj", codebook=MINI)
    import_transcripts(project, [tx])
    add_coding(project, "I01.md", segment="t001", code="upaya.musyawarah")
    add_coding(project, "I01.md", segment="t002", code="upaya.musyawarah")
    before = "P: Q0?\nI01: Baru sekali disampaikan ini.\n"
    old_text = transcript_text(project, "I01.md")
    assert len(before) == old_text.index(second) - old_text.index(first)
    _two_turns(tx, first, second, before=before)
    report = import_transcripts(project, [tx], replace=True)
    assert report.moved == {"exact": 2}
    text = transcript_text(project, "I01.md")
    placed = [(c.segment, text[c.start : c.end]) for c in load_codings(project)]
    assert placed == [("t002", first), ("t003", second)]


def test_replace_orphan_keeps_its_row_when_a_placed_coding_takes_its_old_range(tmp_path):
    first, second = "Rapat koordinasi tiap bulan.", "Semua warga sudah terima ya."
    tx = tmp_path / "tx"
    path = _two_turns(tx, first, second)
    project = init_project(tmp_path / "proj", codebook=MINI)
    import_transcripts(project, [tx])
    add_coding(project, "I01.md", segment="t001", code="upaya.musyawarah")
    add_coding(project, "I01.md", segment="t002", code="upaya.musyawarah")
    path.write_text(f"---\ninformant: I01\nsource: wawancara\n---\nP: Q2?\nI01: {second}\n", encoding="utf-8")
    report = import_transcripts(project, [tx], replace=True)
    assert [o.words for o in report.orphaned] == [first]
    text = transcript_text(project, "I01.md")
    assert [(c.segment, text[c.start : c.end]) for c in load_codings(project)] == [("t001", second)]
    assert query(project, "SELECT anchor FROM codings WHERE status = 'orphaned'") == [(first,)]


# --------------------------------------------------------------------------- store: concurrency and crashes
WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from odskcode.store import Store, now

    db, tid, coder, go = sys.argv[1], int(sys.argv[2]), sys.argv[3], Path(sys.argv[4])
    store = Store(db)
    deadline = time.monotonic() + 30
    while not go.exists() and time.monotonic() < deadline:
        time.sleep(0.005)
    for i in range(50):
        with store.write() as conn:
            Store.ensure_coder(conn, coder)
            conn.execute(
                'INSERT INTO codings(transcript_id, start, "end", code, coder, origin, created_at) '
                "VALUES (?, ?, ?, 'efektivitas.perencanaan', ?, 'manual', ?)",
                (tid, i, i + 1, coder, now()),
            )
    store.close()
    print("done")
    """
)


def test_two_processes_write_at_once(tmp_path):
    project = make_mini_project(tmp_path, autocode=False)
    tid = query(project, "SELECT id FROM transcripts WHERE key = 'I01.md'")[0][0]
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(project.db_path), str(tid), coder, str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for coder in ("ani", "budi")
    ]
    go.touch()
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        assert out == "done\n"
    assert query(project, "SELECT coder, count(*) FROM codings GROUP BY coder ORDER BY coder") == [
        ("ani", 50),
        ("budi", 50),
    ]
    assert query(project, "PRAGMA integrity_check") == [("ok",)]


CRASHER = textwrap.dedent(
    """
    import os, sys, time
    from odskcode.store import Store, now

    db, tid, how = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    store = Store(db)
    with store.write() as conn:
        Store.ensure_coder(conn, "crash")
        for i in range(20):
            conn.execute(
                'INSERT INTO codings(transcript_id, start, "end", code, coder, origin, created_at) '
                "VALUES (?, ?, ?, 'efektivitas.perencanaan', 'crash', 'manual', ?)",
                (tid, i, i + 1, now()),
            )
        if how == "exit":
            os._exit(1)
        print("inside", flush=True)
        time.sleep(60)
    """
)


@pytest.mark.parametrize("how", ["exit", "kill"])
def test_killed_writer_leaves_the_project_as_it_was(tmp_path, how):
    project = make_mini_project(tmp_path)
    before = snapshot(project)
    tid = query(project, "SELECT id FROM transcripts WHERE key = 'I01.md'")[0][0]
    proc = subprocess.Popen(
        [sys.executable, "-c", CRASHER, str(project.db_path), str(tid), how],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        if how == "kill":
            assert proc.stdout.readline() == "inside\n"
            proc.kill()
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode != 0
    with Store(project.db_path) as store:
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.conn.execute("SELECT count(*) FROM codings WHERE coder = 'crash'").fetchone()[0] == 0
        assert store.conn.execute("SELECT count(*) FROM coders WHERE name = 'crash'").fetchone()[0] == 0
    assert snapshot(project) == before
    add_coding(project, "I01.md", segment="t001")  # and it can be written again
    assert len(load_codings(project)) == 6


def test_exception_inside_write_rolls_back(tmp_path):
    project = make_mini_project(tmp_path)
    before = snapshot(project)
    with pytest.raises(RuntimeError), Store(project.db_path) as store, store.write() as conn:
        conn.execute("DELETE FROM codings")
        raise RuntimeError("boom")
    assert snapshot(project) == before


# --------------------------------------------------------------------------- store: migrations
def test_version_1_database_is_migrated(tmp_path):
    project = init_project(tmp_path / "proj", codebook=MINI)
    tx = write_mini_interviews(tmp_path / "tx")
    tr = read_corpus([tx]).transcripts[0]
    for suffix in ("", "-wal", "-shm"):
        Path(f"{project.db_path}{suffix}").unlink(missing_ok=True)
    words = "Perencanaan kami sudah baik."
    start = tr.text.index(words)
    with closing(sqlite3.connect(project.db_path)) as conn:
        conn.executescript(MIGRATIONS[0])
        conn.execute("PRAGMA user_version = 1")
        conn.execute(
            "INSERT INTO transcripts(key, path, source, informant, text, hash, data, imported_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, '2020-06-15', '2020-06-15')",
            (tr.key, tr.path, tr.source, tr.informant, tr.text, text_hash(tr.text), transcript_data(tr)),
        )
        conn.execute("INSERT INTO coders(name, created_at) VALUES ('ani', '2020-06-15')")
        conn.execute(
            'INSERT INTO codings(transcript_id, start, "end", code, coder, valence, origin, segment, created_at) '
            "VALUES (1, ?, ?, 'efektivitas.perencanaan', 'ani', 'positif', 'manual', 't001', '2020-06-15')",
            (start, start + len(words)),
        )
        conn.commit()
    with Store(project.db_path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"transcripts", "coders", "codings", "log", "decisions", "memos"} <= tables
    assert query(project, 'SELECT start, "end", status, anchor FROM codings') == [
        (start, start + len(words), "ok", words)
    ]
    opened = open_project(project.root)
    assert [(c.code, c.coder, c.valence) for c in load_codings(opened)] == [
        ("efektivitas.perencanaan", "ani", "positif")
    ]
    assert import_transcripts(opened, [tx / "I01.md"]).unchanged == ["I01.md"]


def test_newer_database_is_refused(tmp_path):
    project = init_project(tmp_path / "proj")
    with closing(sqlite3.connect(project.db_path)) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(ProjectError) as err:
        Store(project.db_path)
    assert str(err.value) == (
        f"{project.db_path}: the database has schema version {SCHEMA_VERSION + 1};"
        f" this odskcode knows up to {SCHEMA_VERSION}"
    )
    with pytest.raises(ProjectError):
        load_codings(project)
    assert query(project, "PRAGMA user_version") == [(SCHEMA_VERSION + 1,)]


def test_damaged_database_is_a_project_error(tmp_path):
    project = init_project(tmp_path / "proj")
    project.db_path.write_bytes(b"this is not an SQLite database\n" * 64)
    with pytest.raises(ProjectError) as err:
        Store(project.db_path)
    assert str(err.value) == f"{project.db_path}: the project database is damaged: file is not a database"
    with pytest.raises(ProjectError, match="the project database is damaged"):
        list_transcripts(open_project(project.root))


# --------------------------------------------------------------------------- autocode
def auto_rows(project, key: str | None = None) -> list[tuple]:
    sql = (
        'SELECT c.id, t.key, c.start, c."end", c.code, c.segment FROM codings c JOIN transcripts t '
        "ON t.id = c.transcript_id WHERE c.coder = 'auto'"
    )
    rows = query(project, sql + " ORDER BY c.id")
    return [r for r in rows if key is None or r[1] == key]


def test_autocode_stores_auto_codings(tmp_path):
    project = make_mini_project(tmp_path, autocode=False)
    report = autocode_project(project)
    assert (report.transcripts, report.codings, report.removed, report.skipped_rejected) == (2, 5, 0, 0)
    assert [(r[1], r[4], r[5]) for r in auto_rows(project)] == [
        ("I01.md", "efektivitas.perencanaan", "t001"),
        ("I01.md", "efektivitas.pengawasan", "t002"),
        ("I02.md", "responsivitas.kecepatan", "t001"),
        ("I02.md", "kendala.perbedaan_pendapat", "t002"),
        ("I02.md", "upaya.musyawarah", "t002"),
    ]
    assert query(project, "SELECT DISTINCT coder, origin, status FROM codings") == [("auto", "rule", "ok")]
    assert query(project, "SELECT name FROM coders") == [("auto",)]


def test_autocode_again_replaces_and_keeps_manual_codings(tmp_path):
    project = make_mini_project(tmp_path)
    first = [r[1:] for r in auto_rows(project)]
    add_coding(project, "I01.md", segment="t001", code="efektivitas.pengawasan", valence="negatif", memo="catatan")
    manual = query(project, "SELECT * FROM codings WHERE coder = 'ani'")
    report = autocode_project(project)
    assert (report.codings, report.removed) == (5, 5)
    assert [r[1:] for r in auto_rows(project)] == first
    assert query(
        project,
        "SELECT count(*) FROM (SELECT DISTINCT transcript_id, start, \"end\", code FROM codings WHERE coder = 'auto')",
    ) == [(5,)]
    assert query(project, "SELECT * FROM codings WHERE coder = 'ani'") == manual


def test_autocode_never_re_adds_a_rejected_code(tmp_path):
    project = make_mini_project(tmp_path)
    add_decision(project, "I02.md", "t002", "rejected", code="upaya.musyawarah")
    add_decision(project, "I02.md", "t001", "accepted", code="responsivitas.kecepatan")
    report = autocode_project(project)
    assert (report.codings, report.removed, report.skipped_rejected) == (4, 5, 1)
    assert ("I02.md", "upaya.musyawarah") not in {(r[1], r[4]) for r in auto_rows(project)}
    assert ("I02.md", "kendala.perbedaan_pendapat") in {(r[1], r[4]) for r in auto_rows(project)}


def test_autocode_one_transcript(tmp_path):
    project = make_mini_project(tmp_path)
    other = auto_rows(project, "I02.md")
    report = autocode_project(project, ["I01.md"])
    assert (report.transcripts, report.codings, report.removed) == (1, 2, 2)
    assert auto_rows(project, "I02.md") == other  # same rows, same ids
    assert len(auto_rows(project, "I01.md")) == 2


def test_autocode_unknown_transcript(tmp_path):
    project = make_mini_project(tmp_path)
    before = snapshot(project)
    with pytest.raises(ProjectError) as err:
        autocode_project(project, ["I01.md", "X.md"])
    assert str(err.value) == "no transcript 'X.md' in the project — list them with: odskcode transcripts list"
    assert snapshot(project) == before


def test_autocode_empty_project(tmp_path):
    project = init_project(tmp_path / "proj")
    with pytest.raises(ProjectError) as err:
        autocode_project(project)
    assert str(err.value) == "the project has no transcripts yet — import transcripts with: odskcode import DIR"


# --------------------------------------------------------------------------- summaries
def findings_numbers(project) -> dict[str, tuple[int, int, int, int, int]]:
    f = project_summary(project).findings
    return {
        r.code: (r.informants, r.segments, r.positive, r.negative, r.mixed)
        for r in f.itertuples(index=False)
        if r.code in {"efektivitas.perencanaan", "efektivitas.pengawasan", "responsivitas", "upaya.musyawarah"}
    }


def test_summary_counts_human_codings_where_a_person_coded_or_reviewed(tmp_path):
    project = make_mini_project(tmp_path)
    assert findings_numbers(project) == {
        "efektivitas.perencanaan": (1, 1, 1, 0, 0),
        "efektivitas.pengawasan": (1, 1, 1, 0, 0),
        "responsivitas": (1, 1, 0, 1, 0),
        "upaya.musyawarah": (1, 1, 0, 0, 0),
    }
    # ani codes I01 t001 by hand: there, the auto perencanaan coding no longer counts
    add_coding(project, "I01.md", segment="t001", code="efektivitas.pengawasan", valence="negatif")
    # ani reviewed I02 t001 and accepted nothing: its auto coding no longer counts either
    add_decision(project, "I02.md", "t001", "reviewed")
    assert findings_numbers(project) == {
        "efektivitas.perencanaan": (0, 0, 0, 0, 0),
        "efektivitas.pengawasan": (1, 2, 0, 0, 1),  # + on t002 (auto), − on t001 (ani): campuran
        "responsivitas": (0, 0, 0, 0, 0),
        "upaya.musyawarah": (1, 1, 0, 0, 0),
    }
    counted = counted_codings(
        codings_frame(load_corpus(project), project.codebook(), load_codings(project)), reviewed_segments(project)
    )
    assert sorted(zip(counted["transcript"], counted["segment"], counted["code"], counted["coder"], strict=True)) == [
        ("I01.md", "t001", "efektivitas.pengawasan", "ani"),
        ("I01.md", "t002", "efektivitas.pengawasan", "auto"),
        ("I02.md", "t002", "kendala.perbedaan_pendapat", "auto"),
        ("I02.md", "t002", "upaya.musyawarah", "auto"),
    ]


def test_summary_segment_counts_once_per_code(tmp_path):
    project = make_mini_project(tmp_path)
    add_coding(project, "I01.md", segment="t002", code="efektivitas.pengawasan", coder="ani", valence="positif")
    add_coding(project, "I01.md", segment="t002", code="efektivitas.pengawasan", coder="budi", valence="positif")
    assert findings_numbers(project)["efektivitas.pengawasan"] == (1, 1, 1, 0, 0)


def test_summary_on_empty_project(tmp_path):
    project = init_project(tmp_path / "proj")
    with pytest.raises(ProjectError, match="the project has no transcripts yet"):
        project_summary(project)


# --------------------------------------------------------------------------- listing
def test_list_and_show_transcripts(tmp_path):
    project = make_mini_project(tmp_path)
    add_coding(project, "I01.md", segment="t002", code="efektivitas.pengawasan", valence="negatif")
    frame = list_transcripts(project)
    assert frame.to_dict(orient="records") == [
        {"transcript": "I01.md", "informants": "I01", "source": "wawancara", "role": "Staf", "group": "pemerintah",
         "segments": 2, "auto": 2, "manual": 1, "orphaned": 0},
        {"transcript": "I02.md", "informants": "I02", "source": "wawancara", "role": "Penerima",
         "group": "masyarakat", "segments": 2, "auto": 3, "manual": 0, "orphaned": 0},
    ]  # fmt: skip
    view = show_transcript(project, "I01.md")
    assert [s.id for s in view.segments] == ["t001", "t002"]
    assert {k: sorted((c.code, c.coder) for c in v) for k, v in view.codings.items()} == {
        "t001": [("efektivitas.perencanaan", "auto")],
        "t002": [("efektivitas.pengawasan", "ani"), ("efektivitas.pengawasan", "auto")],
    }
    assert view.orphaned == []
    # as the coding commands take it: the key without its extension, or the informant id
    assert show_transcript(project, "I01").transcript.key == "I01.md"
    assert show_transcript(project, "i02").transcript.key == "I02.md"
    with pytest.raises(ProjectError, match=r"no transcript 'X\.md' in the project"):
        show_transcript(project, "X.md")


# --------------------------------------------------------------------------- export
def test_export_writes_contract_files(tmp_path):
    project = make_mini_project(tmp_path)
    written = export_project(project, tmp_path / "out", lang="en")
    assert sorted(p.name for p in written) == ["findings.csv", "matrix.csv", "segments.csv", "summary.xlsx"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in written)


def test_export_is_atomic(tmp_path, monkeypatch):
    project = make_mini_project(tmp_path)

    def broken(path, tables):
        Path(path).write_bytes(b"half")
        raise OSError("disk full")

    monkeypatch.setattr("odskcode.export.write_xlsx", broken)
    out = tmp_path / "out"
    with pytest.raises(ExportError) as err:
        export_project(project, out)
    assert str(err.value) == f"{out}: could not write the files: disk full"
    assert list(out.iterdir()) == []
    # an earlier export stays as it was
    (out / "findings.csv").write_text("old\n", encoding="utf-8")
    with pytest.raises(ExportError):
        export_project(project, out)
    assert [p.name for p in out.iterdir()] == ["findings.csv"]
    assert (out / "findings.csv").read_text(encoding="utf-8") == "old\n"


def test_import_metadata_change_that_splits_turns_moves_codings_to_their_new_segments(tmp_path):
    # the text is unchanged, but declaring a speaker makes a continuation line a turn of its own:
    # the segment ids after it shift, and a coding must stay on its words, not on its old id
    tx = tmp_path / "tx"
    tx.mkdir()
    body = (
        "P: Q1?\nI01: Perencanaan kami sudah baik.\nIbu Ani: Pengawasan berjalan lancar.\n"
        "P: Q2?\nI01: Penyaluran bantuan lambat.\n"
    )
    (tx / "FGD.md").write_text("---\ninformant: I01\n---\n" + body, encoding="utf-8")
    project = init_project(tmp_path / "proj", codebook=MINI)
    import_transcripts(project, [tx])
    add_coding(project, "FGD.md", segment="t002", code="efektivitas.pengawasan", valence="negatif")
    add_decision(project, "FGD.md", "t002", "reviewed")
    (tx / "FGD.md").write_text("---\nspeakers: {I01: I01, 'Ibu Ani': I02}\n---\n" + body, encoding="utf-8")
    report = import_transcripts(project, [tx])
    assert report.updated == ["FGD.md"]
    coding = load_codings(project)[0]
    assert coding.segment == segment_of(project, "FGD.md", coding.start).id == "t003"
    assert reviewed_segments(project) == {("FGD.md", "t003")}
    counted = project_summary(project, lang="en").counted
    assert counted[["informant", "segment", "code"]].values.tolist() == [["I01", "t003", "efektivitas.pengawasan"]]


def test_export_interrupted_leaves_no_temporary_files(tmp_path, monkeypatch):
    project = make_mini_project(tmp_path)

    def interrupted(path, tables):
        Path(path).write_bytes(b"half")
        raise KeyboardInterrupt

    monkeypatch.setattr("odskcode.export.write_xlsx", interrupted)
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        export_project(project, out)
    assert list(out.iterdir()) == []


def test_replace_keeps_a_decision_whose_turn_was_deleted_on_no_segment(tmp_path):
    tx = tmp_path / "tx"
    _two_turns(tx, "Rapat koordinasi tiap bulan berjalan rutin.", "Semua warga sudah menerima bantuan.")
    project = init_project(tmp_path / "proj", codebook=MINI)
    import_transcripts(project, [tx])
    add_decision(project, "I01.md", "t001", "reviewed")
    # the first answer is deleted: the old t002 becomes t001
    (tx / "I01.md").write_text(
        "---\ninformant: I01\nsource: wawancara\n---\nP: Q2?\nI01: Semua warga sudah menerima bantuan.\n",
        encoding="utf-8",
    )
    import_transcripts(project, [tx], replace=True)
    assert reviewed_segments(project) == {("I01.md", "~orphaned:t001")}
    assert query(project, "SELECT segment, decision FROM decisions") == [("~orphaned:t001", "reviewed")]


def test_counted_codings_keep_codings_without_a_segment():
    import pandas as pd

    from odskcode.summary import SEGMENT_COLUMNS, counted_codings

    row = dict.fromkeys(SEGMENT_COLUMNS, "")
    frame = pd.DataFrame(
        [{**row, "transcript": "A.md", "segment": None, "code": "x", "coder": "ani", "valence": "netral"}]
    )
    assert len(counted_codings(frame)) == 1
