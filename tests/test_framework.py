"""Miles–Huberman displays: the framework matrix (matriks reduksi data) and triangulation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from odskcode.autocode import code_corpus
from odskcode.cli import app
from odskcode.displays import (
    framework_data,
    framework_display,
    triangulation_data,
    write_display,
)
from odskcode.framework import condense, framework, triangulate
from odskcode.narrative import narrative
from odskcode.pipeline import analyze
from odskcode.summary import summarize
from odskcode.transcripts import read_corpus, segments

from .conftest import SAMPLE, write_interview

runner = CliRunner()


@pytest.fixture(scope="module")
def sample():
    return analyze([SAMPLE])


# --------------------------------------------------------------------------- framework on the sample
def test_framework_columns_are_every_informant_then_observation_then_document(sample):
    fw = framework(sample.summary)
    keys = list(fw.columns["key"])
    assert keys == ["I01", "I02", "I03", "I04", "I06", "I05", "I07", "I08", "I09", "I10", "OBS01", "DOK01"]
    strata = list(fw.columns["stratum"])
    # informants grouped by stratum, strata in the order of their first informant
    assert strata[:10] == ["pemerintah"] * 5 + ["pendamping"] + ["masyarakat"] * 4
    assert list(fw.columns["source"])[-2:] == ["observasi", "dokumentasi"]


def test_framework_rows_are_the_indicators_under_their_dimension(sample):
    fw = framework(sample.summary)
    assert list(fw.rows["code"])[:5] == [
        "efektivitas.perencanaan",
        "efektivitas.pengorganisasian",
        "efektivitas.aktualisasi",
        "efektivitas.pengawasan",
        "efektivitas.pencapaian_target",
    ]
    assert [d for d, _ in fw.dimensions()] == ["efektivitas", "responsivitas", "akuntabilitas"]


def test_every_cell_traces_back_to_a_segment(sample):
    fw = framework(sample.summary)
    corpus = sample.corpus
    by_key = {tr.key: tr for tr in corpus.transcripts}
    assert not fw.cells.empty
    for cell in fw.cells.itertuples(index=False):
        tr = by_key[cell.transcript]
        seg = next(s for s in segments(tr, "turn") if s.id == cell.segment)
        assert seg.informant == cell.key
        quote = cell.quote.rstrip("…")
        assert " ".join(quote.split()) in " ".join(seg.text.split())
        assert cell.statement == f"“{cell.quote}” ({cell.mark}) {cell.segment}"
    # and the counted codings behind each cell are that source's codings of the indicator
    counted = sample.summary.counted
    for code in fw.rows["code"]:
        expected = counted[counted["code"].map(lambda c, n=code: c == n or c.startswith(n + "."))]
        pairs = set(zip(expected["transcript"], expected["segment"], strict=True))
        cells = fw.cells[fw.cells["code"] == code]
        assert set(zip(cells["transcript"], cells["segment"], strict=True)) == pairs


def test_all_sources_appear_in_cells(sample):
    fw = framework(sample.summary)
    assert set(fw.cells["key"]) == set(fw.columns["key"])


def test_conclusion_uses_the_findings_numbers(sample):
    fw = framework(sample.summary)
    findings = sample.summary.findings.set_index("code")
    for row in fw.rows.itertuples(index=False):
        f = findings.loc[row.code]
        assert (row.informants, row.positive, row.negative, row.mixed) == (
            f.informants,
            f.positive,
            f.negative,
            f.mixed,
        )
        assert (row.observations, row.documents) == (f.observations, f.documents)
    speed = fw.rows.set_index("code").loc["responsivitas.kecepatan_ketepatan"]
    assert speed.conclusion.startswith("Cukup baik, meskipun masih terdapat kekurangan: 10/10 informan (5 +, 3 −, 2 ±)")


def test_codes_prefix_selects_rows(sample):
    fw = framework(sample.summary, codes="kendala")
    assert all(c.startswith("kendala.") for c in fw.rows["code"])
    assert [d for d, _ in fw.dimensions()] == ["kendala"]
    one = framework(sample.summary, codes="responsivitas.kecepatan_ketepatan")
    assert list(one.rows["code"]) == ["responsivitas.kecepatan_ketepatan"]


def test_condense_picks_the_sentence_with_the_rule_word():
    text = "Selamat pagi, Pak. Laporan pertanggungjawaban kami kirim tiap bulan ke walikota. Anak saya sekolah."
    assert (
        condense(text, "words:laporan pertanggungjawaban")
        == "Laporan pertanggungjawaban kami kirim tiap bulan ke walikota."
    )
    assert condense(text, "") == "Selamat pagi, Pak."
    long = "Penyaluran " + "bantuan sangat lancar " * 10 + "sekali."
    short = condense(long, "words:penyaluran", limit=40)
    assert len(short) <= 40 and short.endswith("…") and not short[:-1].endswith(" ")


# --------------------------------------------------------------------------- triangulation on the sample
def test_sample_disbursement_speed_is_divergent(sample):
    tri = triangulate(sample.summary)
    verdicts = tri.verdicts.set_index("code")
    speed = verdicts.loc["responsivitas.kecepatan_ketepatan"]
    assert speed.status == "divergent"
    assert speed.group_status == "divergent"
    assert speed.reason == (
        "Penilaian kecepatan dan ketepatan tidak konsisten: informan kelompok pemerintah menilai positif (5/5), "
        "sedangkan informan kelompok masyarakat menilai negatif (3/4); dokumen menilai positif (1/1), "
        "sedangkan observasi menilai negatif (1/1)."
    )
    assert tri.sentences() == [speed.reason]
    assert "Kelompok dengan kurang dari 2 informan ditampilkan tetapi tidak menentukan." in tri.rule


def test_sample_groups_carry_sizes_and_counts(sample):
    tri = triangulate(sample.summary, by="group")
    rows = tri.table[tri.table["code"] == "responsivitas.kecepatan_ketepatan"].set_index("value")
    assert rows.loc["pemerintah", ["size", "positive", "negative", "judgement"]].tolist() == [5, 5, 0, "positif"]
    assert rows.loc["masyarakat", ["size", "positive", "negative", "judgement"]].tolist() == [4, 0, 3, "negatif"]
    assert not rows.loc["pendamping", "decides"]  # one informant: shown, never decides
    assert set(tri.table["axis"]) == {"group"}


def test_narrative_reports_the_divergence_in_both_languages(sample):
    text_id = " ".join(narrative(sample.summary)["text"])
    assert (
        "Penilaian kecepatan dan ketepatan tidak konsisten: informan kelompok pemerintah menilai positif (5/5)"
        in text_id
    )
    en = analyze([SAMPLE], lang="en")
    text_en = " ".join(narrative(en.summary)["text"])
    assert (
        "The assessment of speed and accuracy is inconsistent: informants of group pemerintah judge it positive (5/5), "
        "whereas informants of group masyarakat judge it negative (3/4)" in text_en
    )


# --------------------------------------------------------------------------- small hand-made corpora
def _summary(folder: Path, codebook):
    corpus = read_corpus([folder])
    return summarize(corpus, codebook, code_corpus(corpus, codebook))


def _people(folder: Path, groups: dict[str, tuple[str, str]]) -> None:
    """groups: informant -> (group, answer)."""
    for informant, (group, answer) in groups.items():
        write_interview(folder, f"{informant}.md", informant, [answer], group=group)


GOOD = "Penyaluran bantuan lancar dan cepat."
BAD = "Penyaluran bantuan lambat dan sulit."


def _verdict(tri, code="responsivitas.kecepatan"):
    return tri.verdicts.set_index("code").loc[code]


def test_all_groups_positive_is_consistent(tmp_path, mini_codebook):
    _people(tmp_path, {"A1": ("pemerintah", GOOD), "A2": ("pemerintah", GOOD), "B1": ("masyarakat", GOOD),
                       "B2": ("masyarakat", GOOD)})  # fmt: skip
    tri = triangulate(_summary(tmp_path, mini_codebook), by="group")
    v = _verdict(tri)
    assert (v.status, v.group_status) == ("consistent", "consistent")
    assert v.reason == (
        "Penilaian kecepatan konsisten: informan kelompok pemerintah menilai positif (2/2) "
        "dan informan kelompok masyarakat menilai positif (2/2)."
    )
    assert tri.sentences() == []


def test_split_groups_are_divergent(tmp_path, mini_codebook):
    _people(tmp_path, {"A1": ("pemerintah", GOOD), "A2": ("pemerintah", GOOD), "B1": ("masyarakat", BAD),
                       "B2": ("masyarakat", BAD)})  # fmt: skip
    tri = triangulate(_summary(tmp_path, mini_codebook), by="group")
    v = _verdict(tri)
    assert v.status == "divergent"
    assert v.reason == (
        "Penilaian kecepatan tidak konsisten: informan kelompok pemerintah menilai positif (2/2), "
        "sedangkan informan kelompok masyarakat menilai negatif (2/2)."
    )


def test_one_person_group_never_decides(tmp_path, mini_codebook):
    _people(tmp_path, {"A1": ("pemerintah", GOOD), "A2": ("pemerintah", GOOD), "C1": ("pendamping", BAD)})
    summary = _summary(tmp_path, mini_codebook)
    tri = triangulate(summary, by="group")
    v = _verdict(tri)
    assert v.status == "single"  # the only deciding group is pemerintah
    assert v.reason == (
        "Penilaian kecepatan hanya didukung satu kelompok informan: informan kelompok pemerintah menilai positif "
        "(2/2) dan informan kelompok pendamping menilai negatif (1/1) (kelompok kecil, tidak menentukan)."
    )
    # with --min-group 1 the one-person group decides, and the groups diverge
    assert _verdict(triangulate(summary, by="group", min_group=1)).status == "divergent"


def test_indicator_only_documents_mention_is_divergent(tmp_path, mini_codebook):
    _people(tmp_path, {"A1": ("pemerintah", "Perencanaan baik."), "B1": ("masyarakat", "Perencanaan baik.")})
    (tmp_path / "DOK01.md").write_text(
        "---\ninformant: DOK01\nsource: dokumentasi\n---\nPenyaluran bantuan tahap satu lancar dan tepat waktu.\n",
        encoding="utf-8",
    )
    tri = triangulate(_summary(tmp_path, mini_codebook), by="technique")
    v = _verdict(tri)
    assert (v.status, v.technique_status) == ("divergent", "divergent")
    assert v.reason == (
        "Penilaian kecepatan tidak konsisten: dokumen menilai positif (1/1), "
        "tetapi tidak satu pun wawancara menyinggungnya."
    )
    planning = _verdict(tri, "efektivitas.perencanaan")
    assert planning.status == "single"  # interviews only: one technique
    assert planning.reason == "Penilaian perencanaan hanya didukung satu teknik: wawancara menilai positif (2/2)."


def test_nobody_speaks_is_none(tmp_path, mini_codebook):
    _people(tmp_path, {"A1": ("pemerintah", "Perencanaan baik.")})
    v = _verdict(triangulate(_summary(tmp_path, mini_codebook)))
    assert (v.status, v.reason) == ("none", "Tidak ada data tentang kecepatan.")


def test_triangulate_rejects_bad_arguments(sample):
    from odskcode.errors import OdskcodeError

    with pytest.raises(OdskcodeError, match="--by must be group, technique or both, not 'kelompok'"):
        triangulate(sample.summary, by="kelompok")
    with pytest.raises(OdskcodeError, match="--min-group must be at least 1, not 0"):
        triangulate(sample.summary, min_group=0)


# --------------------------------------------------------------------------- formats
def test_framework_xlsx_is_a_printable_matrix(sample, tmp_path):
    from openpyxl import load_workbook

    fw = framework(sample.summary)
    path = write_display(framework_display(fw), "xlsx", tmp_path / "matriks.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["Efektivitas", "Responsivitas", "Akuntabilitas"]
    ws = wb["Responsivitas"]
    headers = [c.value for c in ws[2]]
    assert headers[0] == "Indikator" and headers[-1] == "Kesimpulan"
    assert headers[1:13] == [framework_display(fw).blocks[1].headers[i] for i in range(1, 13)]
    assert headers[11] == "OBS01\nObservasi" and headers[12] == "DOK01\nDokumen"
    assert ws.print_title_rows == "$2:$2"
    assert ws.page_setup.orientation == "landscape"
    speed = next(r for r in ws.iter_rows(min_row=3, values_only=True) if r[0] == "Kecepatan dan ketepatan")
    assert speed[-1].startswith("Cukup baik")
    i01 = speed[1]
    assert "(+)" in i01 and "t0" in i01
    assert ws.cell(row=3, column=2).alignment.wrap_text


def test_framework_docx_has_one_landscape_table_per_dimension(sample, tmp_path):
    import docx
    from docx.enum.section import WD_ORIENT

    fw = framework(sample.summary)
    path = write_display(framework_display(fw), "docx", tmp_path / "matriks.docx")
    document = docx.Document(str(path))
    assert document.sections[0].orientation == WD_ORIENT.LANDSCAPE
    assert len(document.tables) == 3
    table = document.tables[1]
    assert table.rows[0].cells[0].text == "Indikator"
    assert table.rows[0]._tr.trPr.xml.count("tblHeader") == 1  # header row repeated on each page
    assert len(table.columns) == 14
    assert any(row.cells[0].text == "Kecepatan dan ketepatan" for row in table.rows)
    captions = [p for p in document.paragraphs if p.style.name == "Caption"]
    assert [p.runs[-1].text for p in captions] == [
        ". Matriks reduksi data: Efektivitas",
        ". Matriks reduksi data: Responsivitas",
        ". Matriks reduksi data: Akuntabilitas",
    ]
    assert [p._p.xpath("./w:fldSimple//w:t/text()")[0] for p in captions] == ["1", "2", "3"]
    assert document.sections[0].footer.paragraphs[0]._p.xpath("./w:fldSimple/@w:instr") == [" PAGE "]


def test_framework_json_parity_with_library(sample):
    fw = framework(sample.summary)
    result = runner.invoke(app, ["framework", str(SAMPLE), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data == json.loads(json.dumps(framework_data(fw), ensure_ascii=False))
    assert data["table"] == "framework"
    speed = next(r for r in data["rows"] if r["code"] == "responsivitas.kecepatan_ketepatan")
    assert set(speed["cells"]) >= {"I01", "I07", "OBS01", "DOK01"}


def test_triangulate_json_parity_with_library(sample):
    tri = triangulate(sample.summary)
    result = runner.invoke(app, ["triangulate", str(SAMPLE), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == json.loads(json.dumps(triangulation_data(tri), ensure_ascii=False))


def test_framework_markdown_and_csv(sample):
    md = runner.invoke(app, ["framework", str(SAMPLE), "--format", "markdown", "--lang", "en"])
    assert md.exit_code == 0
    assert md.stdout.startswith("# Data reduction matrix\n\n## Effectiveness\n\n| Indicator | I01<br>pemerintah |")
    csv = runner.invoke(app, ["framework", str(SAMPLE), "--format", "csv"])
    assert csv.stdout.splitlines()[0] == (
        "dimension,code,label,I01,I02,I03,I04,I06,I05,I07,I08,I09,I10,OBS01,DOK01,conclusion"
    )


def test_triangulate_table_on_a_narrow_terminal(sample):
    result = runner.invoke(app, ["triangulate", str(SAMPLE)], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    assert "Kecepatan dan ketepatan  tidak konsisten" in result.stdout
    assert "pemerintah +5 −0 /5 · pendamping* +0 −0 ±1 /1 · masyarakat +0 −3 ±1 /4" in result.stdout
    assert all(len(line) <= 80 for line in result.stdout.splitlines())


def test_file_formats_need_output_and_unknown_code_is_named():
    result = runner.invoke(app, ["framework", str(SAMPLE), "--format", "docx"])
    assert result.exit_code == 2
    assert "--format docx writes a file: add --output FILE.docx" in result.output
    result = runner.invoke(app, ["framework", str(SAMPLE), "--codes", "kendal", "--lang", "en"])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "Error: code 'kendal' is not in the codebook (did you mean 'kendala'?) — see the codes with: odskcode codebook show odsk"
    )


def test_framework_docx_via_cli(tmp_path):
    out = tmp_path / "m.docx"
    result = runner.invoke(app, ["framework", str(SAMPLE), "-f", "docx", "-o", str(out)])
    assert result.exit_code == 0 and out.is_file()
    tri = tmp_path / "t.xlsx"
    result = runner.invoke(app, ["triangulate", str(SAMPLE), "-f", "xlsx", "-o", str(tri), "--lang", "en"])
    assert result.exit_code == 0
    from openpyxl import load_workbook

    ws = load_workbook(tri)["Responsiveness"]
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    speed = next(r for r in rows if r[0] == "Speed and accuracy")
    assert speed[-1] == "divergent"
    assert speed[1:4] == ("+5 −0 /5", "+0 −0 ±1 /1", "+0 −3 ±1 /4")
    planning = next(r for r in load_workbook(tri)["Effectiveness"].iter_rows(min_row=3, values_only=True))
    assert planning[1:7] == ("+4 −0 ±1 /5", "+1 −0 /1", "+1 −0 /4", "+6 −0 ±1 /10", "—", "+1 −0 /1")
    organising = next(load_workbook(tri)["Effectiveness"].iter_rows(min_row=4, values_only=True))
    assert organising[6] == "+0 −0 ○1 /1"  # the document mentions it without judging


def test_xlsx_cells_that_look_like_formulas_stay_text(tmp_path):
    from openpyxl import load_workbook

    from odskcode.displays import Block, Display

    display = Display("T", "id", [Block("d", "D", ["a", "b"], [["=1+1", "@x"]], [1, 1], ["=HYPERLINK(1)"])], [])
    path = write_display(display, "xlsx", tmp_path / "x.xlsx")
    ws = load_workbook(path)["D"]
    assert [c.value for c in ws[3]] == ["=1+1", "@x"]
    assert [c.data_type for c in ws[3]] == ["s", "s"]
    assert ws.cell(row=5, column=1).value == "=HYPERLINK(1)" and ws.cell(row=5, column=1).data_type == "s"


@pytest.mark.parametrize("command", [["summarize"], ["framework"], ["triangulate"]])
def test_latex_output_compiles_with_pdflatex(tmp_path, command):
    """pdflatex knows no U+2212 minus or U+25CB circle: the LaTeX output maps them (and compiles, where
    pdflatex is installed)."""
    import shutil
    import subprocess

    result = runner.invoke(app, [*command, str(SAMPLE), "--format", "latex"])
    assert result.exit_code == 0
    body = result.stdout
    assert "−" not in body and "○" not in body and "±" not in body
    if shutil.which("pdflatex") is None:
        pytest.skip("pdflatex is not installed")
    (tmp_path / "table.tex").write_text(body, encoding="utf-8")
    (tmp_path / "doc.tex").write_text(
        "\\documentclass[a4paper]{article}\n\\usepackage[utf8]{inputenc}\n\\usepackage[T1]{fontenc}\n"
        "\\usepackage{array,booktabs,longtable,pdflscape}\n\\usepackage[margin=2.5cm]{geometry}\n"
        "\\begin{document}\n\\input{table.tex}\n\\end{document}\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"],
        check=False,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-2000:]
    assert (tmp_path / "doc.pdf").stat().st_size > 1000


# --------------------------------------------------------------------------- second reading (review fixes)
def test_conclusion_takes_the_findings_assessment_and_reservation(sample):
    """The findings table adds the reservation for an obstacle linked to the indicator; so does the matrix."""
    fw = framework(sample.summary)
    findings = sample.summary.findings.set_index("code")
    for row in fw.rows.itertuples(index=False):
        f = findings.loc[row.code]
        assert (row.assessment, bool(row.reservation)) == (f.assessment, bool(f.reservation)), row.code
    supervision = fw.rows.set_index("code").loc["efektivitas.pengawasan"]
    assert (supervision.negative, supervision.mixed) == (0, 0)
    assert supervision.conclusion.startswith("Sangat baik, meskipun masih terdapat kekurangan: 9/10 informan")


def test_rows_outside_the_dimensions_are_counted_not_rated(sample):
    """Obstacles and efforts have no verdict in the findings table: the matrix counts who raised them."""
    import pandas as pd

    fw = framework(sample.summary, codes="kendala")
    findings = sample.summary.findings.set_index("code")
    row = fw.rows.set_index("code").loc["kendala.perbedaan_pendapat"]
    assert findings.loc["kendala.perbedaan_pendapat"].assessment == ""
    assert row.assessment == "" and pd.isna(row.share) and not row.reservation
    assert row.conclusion == "Disebut 4/10 informan"
    efforts = framework(analyze([SAMPLE], lang="en").summary, codes="upaya").rows
    assert set(efforts["assessment"]) == {""}
    assert all(c.startswith("Raised by ") or c in ("No data", "Not mentioned in the interviews") for c in
               efforts["conclusion"])  # fmt: skip


def test_a_codebook_without_dimensions_says_so_in_every_format(tmp_path):
    from openpyxl import load_workbook

    from .conftest import MINI

    codebook = tmp_path / "tanpa-dimensi.yaml"
    codebook.write_text(MINI.read_text(encoding="utf-8").replace("role: dimension", "role: other"), encoding="utf-8")
    note = "Tidak ada indikator: codebook tidak punya kategori berperan dimension; pilih baris dengan --codes PREFIX"
    for command in ("framework", "triangulate"):
        out = tmp_path / f"{command}.xlsx"
        result = runner.invoke(app, [command, str(SAMPLE), "-c", str(codebook), "-f", "xlsx", "-o", str(out)])
        assert result.exit_code == 0, result.output
        wb = load_workbook(out)
        assert len(wb.sheetnames) == 1
        assert note in [c.value for c in wb.active["A"]]
        md = runner.invoke(app, [command, str(SAMPLE), "-c", str(codebook), "-f", "markdown"])
        assert md.exit_code == 0 and note in md.stdout


def test_output_naming_a_folder_is_a_clear_error(tmp_path):
    folder = tmp_path / "hasil"
    folder.mkdir()
    for fmt in ("csv", "xlsx"):
        result = runner.invoke(app, ["framework", str(SAMPLE), "-f", fmt, "-o", str(folder), "--lang", "en"])
        assert result.exit_code == 1
        assert result.stderr.strip() == f"Error: {folder}: '{folder}' is a folder; give a file name for --output"
    assert list(tmp_path.iterdir()) == [folder] and not list(folder.iterdir())  # no temporary file left


def test_groups_all_too_small_to_decide_are_not_called_one_group(tmp_path, mini_codebook):
    """Every group below --min-group: the sentence says no group is large enough, not 'one group only'."""
    _people(tmp_path, {"A1": ("pemerintah", GOOD), "B1": ("masyarakat", GOOD), "C1": ("pendamping", BAD)})
    v = _verdict(triangulate(_summary(tmp_path, mini_codebook), by="group"))
    assert v.status == "single"
    assert v.reason == (
        "Penilaian kecepatan belum dapat ditriangulasi antarkelompok: tidak ada kelompok dengan sedikitnya "
        "2 informan yang menyinggungnya; informan kelompok pemerintah menilai positif (1/1) (kelompok kecil, "
        "tidak menentukan), informan kelompok masyarakat menilai positif (1/1) (kelompok kecil, tidak menentukan) "
        "dan informan kelompok pendamping menilai negatif (1/1) (kelompok kecil, tidak menentukan)."
    )


def test_interview_only_corpus_triangulates_groups_only(tmp_path, mini_codebook):
    _people(tmp_path, {"A1": ("pemerintah", GOOD), "A2": ("pemerintah", GOOD), "B1": ("masyarakat", GOOD),
                       "B2": ("masyarakat", BAD)})  # fmt: skip
    tri = triangulate(_summary(tmp_path, mini_codebook))  # --by both, but one technique only
    v = _verdict(tri)
    assert (v.status, v.group_status, v.technique_status) == ("consistent", "consistent", "")
    assert v.reason == (
        "Penilaian kecepatan konsisten: informan kelompok pemerintah menilai positif (2/2) "
        "dan informan kelompok masyarakat menilai campuran (+1 −1 ±0 dari 2)."
    )
    assert set(tri.table["axis"]) == {"group"}
    assert tri.rule.endswith(
        "Korpus hanya memakai satu teknik pengumpulan data, jadi triangulasi teknik tidak berlaku; "
        "status hanya dari kelompok informan."
    )


def test_a_document_that_only_mentions_an_indicator_claims_nothing(tmp_path, mini_codebook):
    _people(tmp_path, {"A1": ("pemerintah", "Perencanaan baik."), "B1": ("masyarakat", "Perencanaan baik.")})
    (tmp_path / "DOK01.md").write_text(
        "---\ninformant: DOK01\nsource: dokumentasi\n---\nPenyaluran bantuan tahap satu dilakukan bulan Maret.\n",
        encoding="utf-8",
    )
    v = _verdict(triangulate(_summary(tmp_path, mini_codebook), by="technique"))
    assert (v.status, v.technique_status) == ("single", "single")
    assert v.reason == "Penilaian kecepatan hanya didukung satu teknik: dokumen menyebutnya tanpa menilai (1/1)."
