"""evaluate, explain and --jobs through the library and the CLI."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from odskcode import parallel
from odskcode.cli import app
from odskcode.codebook import load_codebook
from odskcode.evaluate import evaluate
from odskcode.pipeline import analyze
from odskcode.transcripts import plan_corpus

from .conftest import MINI, ROOT, SAMPLE, write_interview

runner = CliRunner()


def test_evaluate_counts_on_a_hand_made_gold(tmp_path, mini_codebook):
    write_interview(tmp_path, "I01.md", "I01", ["Perencanaan baik.", "Pengawasan lambat.", "Basa-basi."])
    gold = tmp_path / "gold.csv"
    gold.write_text(
        "transcript,segment,code,valence\n"
        "I01.md,t001,efektivitas.perencanaan,positif\n"  # hit, valence agrees
        "I01.md,t002,efektivitas.pengawasan,positif\n"  # hit, valence disagrees (auto: negatif)
        "I01.md,t003,kendala.perbedaan_pendapat,negatif\n",  # missed
        encoding="utf-8",
    )
    result = evaluate(gold, codebook=mini_codebook)
    o = result.overall
    assert (o["gold_units"], o["predicted_units"]) == (3, 2)
    assert o["code_micro_precision"] == 1.0
    assert o["code_micro_recall"] == pytest.approx(2 / 3)
    assert o["code_micro_f1"] == pytest.approx(0.8)
    assert o["category_micro_f1"] == pytest.approx(0.8)  # efektivitas twice right, kendala missed
    assert (o["valence_compared"], o["valence_agreement"]) == (2, 0.5)
    assert list(zip(result.disagreements["segment"], result.disagreements["kind"], strict=True)) == [
        ("t002", "valence"),
        ("t003", "missed"),
    ]
    row = result.per_code.set_index("id").loc["efektivitas.perencanaan"]
    assert (row.tp, row.fp, row.fn, row.f1) == (1, 0, 0, 1.0)


def test_evaluate_rejects_unknown_segment_with_line(tmp_path, mini_codebook):
    write_interview(tmp_path, "I01.md", "I01", ["Perencanaan baik."])
    gold = tmp_path / "gold.csv"
    gold.write_text("transcript,segment,code\nI01.md,t009,efektivitas.perencanaan\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", "--gold", str(gold), "--codebook", str(MINI)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {gold}:2: transcript 'I01.md' has no segment 't009'\n"


def test_evaluate_sample_json_has_the_figures():
    result = runner.invoke(app, ["evaluate", "--gold", str(SAMPLE / "expected.csv"), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["overall"]["transcripts"] == 12
    assert data["overall"]["gold_units"] > 150
    assert {"category_micro_f1", "code_macro_f1", "valence_agreement"} <= set(data["overall"])
    assert {r["id"] for r in data["per_category"]} == {
        "efektivitas", "responsivitas", "akuntabilitas", "kendala", "upaya", "saran"
    }  # fmt: skip


def test_explain_cli_on_a_file():
    result = runner.invoke(app, ["explain", str(SAMPLE / "I03.md"), "t006"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "kendala.perbedaan_pendapat" in result.stdout
    assert "fixed by valence.by_role" in result.stdout


def test_explain_cli_unknown_segment():
    result = runner.invoke(app, ["explain", str(SAMPLE / "I03.md"), "t099"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: transcript 'I03.md' has no segment 't099' (unit turn)"
        " — see the segment ids with: odskcode transcripts show I03.md\n"
    )


def test_parallel_jobs_give_identical_results(monkeypatch):
    monkeypatch.setattr(parallel, "SERIAL_BELOW_BYTES", 0)  # force worker processes on the small sample
    codebook = load_codebook()
    plan = plan_corpus([SAMPLE])
    one_tr, one = parallel.parse_and_code(plan, codebook, n_jobs=1)
    two_tr, two = parallel.parse_and_code(plan, codebook, n_jobs=2)
    assert one == two
    assert [t.key for t in one_tr] == [t.key for t in two_tr]
    assert [t.text for t in one_tr] == [t.text for t in two_tr]
    _, only = parallel.parse_and_code(plan, codebook, n_jobs=2, keep_transcripts=False)
    assert only == one


def test_analyze_jobs_option_same_output():
    one = runner.invoke(app, ["analyze", str(SAMPLE), "--format", "json", "--jobs", "1"])
    two = runner.invoke(app, ["analyze", str(SAMPLE), "--format", "json", "--jobs", "2"])
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout
    assert json.loads(one.stdout) == json.loads(
        json.dumps(__import__("odskcode.export").export.summary_to_dict(analyze([SAMPLE]).summary))
    )


@pytest.mark.parametrize("gold", ["sample_interviews/expected.csv", "tests/heldout/expected.csv"])
def test_readme_reports_both_sets_figures(gold):
    """The README's table states the figures the code produces today."""
    o = evaluate(ROOT / gold).overall
    row = next(line for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines() if f"`{gold}`" in line)
    p, r, f = (o[f"category_micro_{k}"] for k in ("precision", "recall", "f1"))
    assert f"{p:.3f} / {r:.3f} / **{f:.3f}**" in row
    assert f"{o['code_micro_f1']:.3f}" in row
    assert f"**{o['valence_agreement']:.3f}** ({o['valence_compared']} compared)" in row
