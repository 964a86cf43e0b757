"""Resolving orphaned codings: list, place on a segment of the new text, drop (logged)."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

import pytest
from typer.testing import CliRunner

from odskcode.cli import app
from odskcode.errors import ProjectError
from odskcode.orphans import drop_orphans, list_orphans, place_orphan
from odskcode.project import import_transcripts, load_codings, load_corpus
from odskcode.transcripts import segments

from .test_project import I01_CODINGS, count, query, replace_scenario

runner = CliRunner()


@pytest.fixture
def orphaned(tmp_path):
    project, sample, _, ranges = replace_scenario(tmp_path)
    report = import_transcripts(project, [sample], replace=True)
    assert len(report.orphaned) == 1
    return project, ranges


def test_list_orphans(orphaned):
    project, ranges = orphaned
    frame = list_orphans(project)
    assert list(frame.columns) == ["id", "transcript", "code", "coder", "valence", "memo", "origin", "old_start",
                                   "old_end", "words"]  # fmt: skip
    row = frame.iloc[0]
    assert (row.transcript, row.code, row.coder, row.words) == (
        "I01.md",
        "efektivitas.pengawasan",
        "ani",
        I01_CODINGS["deleted"],
    )
    assert (row.old_start, row.old_end) == ranges["deleted"]
    assert list_orphans(project, "I01.md").shape[0] == 1
    with pytest.raises(ProjectError, match=r"I99\.md"):
        list_orphans(project, "I99.md")


def test_place_an_orphan_on_a_segment(orphaned):
    project, _ = orphaned
    orphan_id = int(list_orphans(project).iloc[0].id)
    text = load_corpus(project, ["I01.md"]).transcripts[0].text
    seg = next(s for s in segments(load_corpus(project).transcripts[0], "turn") if s.id == "t006")
    placed = place_orphan(project, orphan_id, "t006")
    assert (placed.segment, placed.start, placed.end, placed.merged) == ("t006", seg.start, seg.end, False)
    assert list_orphans(project).empty
    coding = next(c for c in load_codings(project) if c.code == "efektivitas.pengawasan")
    assert (coding.start, coding.end, coding.segment, coding.coder) == (seg.start, seg.end, "t006", "ani")
    assert query(project, "SELECT anchor FROM codings WHERE id = ?", (orphan_id,)) == [(text[seg.start : seg.end],)]
    actions = [a for (a,) in query(project, "SELECT action FROM log ORDER BY id")]
    assert actions[-1] == "place-orphan"


def test_place_inside_a_segment_and_merge_with_the_same_coding(orphaned):
    project, _ = orphaned
    orphan_id = int(list_orphans(project).iloc[0].id)
    seg = next(s for s in segments(load_corpus(project).transcripts[0], "turn") if s.id == "t006")
    with pytest.raises(ProjectError, match=r"range .* is not inside segment t006"):
        place_orphan(project, orphan_id, "t006", seg.start, seg.end + 5)
    with pytest.raises(ProjectError, match=r"transcript I01\.md has no segment 't999'"):
        place_orphan(project, orphan_id, "t999")
    with pytest.raises(ProjectError, match="no orphaned coding with id 4242"):
        place_orphan(project, 4242, "t006")
    # the same coder's same code already on the target range: the orphan joins it, nothing doubles
    existing = next(c for c in load_codings(project) if c.code == "efektivitas.perencanaan")
    query_before = count(project, "codings")
    with closing(sqlite3.connect(project.db_path)) as conn:
        conn.execute("UPDATE codings SET code = 'efektivitas.perencanaan', memo = 'lama' WHERE id = ?", (orphan_id,))
        conn.commit()
    placed = place_orphan(project, orphan_id, existing.segment, existing.start, existing.end)
    assert placed.merged
    assert count(project, "codings") == query_before - 1
    assert query(project, "SELECT memo FROM codings WHERE status = 'ok' AND code = 'efektivitas.perencanaan'") == [
        ("lama",)
    ]


def test_drop_orphans_logs_their_contents(orphaned):
    project, _ = orphaned
    before = count(project, "codings")
    assert drop_orphans(project) == 1
    assert count(project, "codings") == before - 1
    (details,) = query(project, "SELECT details FROM log WHERE action = 'drop-orphan'")
    logged = json.loads(details[0])
    assert (logged["code"], logged["coder"], logged["words"]) == (
        "efektivitas.pengawasan",
        "ani",
        I01_CODINGS["deleted"],
    )
    assert drop_orphans(project) == 0


def test_cli(orphaned):
    project, _ = orphaned
    root = str(project.root)
    result = runner.invoke(app, ["codings", "orphans", "-p", root, "--format", "json"])
    assert result.exit_code == 0
    orphan_id = json.loads(result.stdout)["rows"][0]["id"]
    result = runner.invoke(app, ["codings", "drop-orphans", "-p", root])
    assert result.exit_code == 2
    assert "name the orphans to drop (ID...), or give --all" in result.output
    result = runner.invoke(app, ["codings", "place", str(orphan_id), "t006", "-p", root])
    assert result.exit_code == 0
    assert result.stdout.startswith(f"coding {orphan_id} (efektivitas.pengawasan, ani) is now on I01.md t006 (")
    result = runner.invoke(app, ["codings", "orphans", "-p", root])
    assert (result.exit_code, result.stdout.strip()) == (0, "no orphaned codings")
    result = runner.invoke(app, ["codings", "place", str(orphan_id), "t006", "-p", root])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: no orphaned coding with id {orphan_id} — see their ids with: odskcode codings orphans"
    )
    result = runner.invoke(app, ["codings", "drop-orphans", "--all", "-p", root, "--lang", "id"])
    assert (result.exit_code, result.stdout.strip()) == (0, "0 koding yatim dihapus (isinya tercatat di log proyek)")
