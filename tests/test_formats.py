"""Every output format: golden files on a small hand-made corpus, reopened XLSX and DOCX,
inert user text, and narrative numbers equal to the table's."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from odskcode.cli import app
from odskcode.codebook import load_codebook
from odskcode.export import report_text, summary_to_dict, write_report
from odskcode.narrative import narrative, quantifier
from odskcode.pipeline import analyze

from .conftest import MINI, SAMPLE

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = bool(os.environ.get("ODSKCODE_UPDATE_GOLDEN"))
runner = CliRunner()

ANSWERS = {
    "I01": (
        "pemerintah",
        ["Perencanaan kami sudah baik dan lancar.", "Kadang ada beda pendapat, lalu kami musyawarah."],
    ),
    "I02": ("pemerintah", ["Pengawasan berjalan baik.", "Penyaluran cepat dan tepat waktu."]),
    "I03": ("masyarakat", ["Perencanaan tidak baik.", "Penyaluran lambat sekali, kami menunggu."]),
    "I04": ("masyarakat", ["Pengawasan kurang lancar.", "Penyaluran nyanda cepat."]),
}


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    for informant, (group, answers) in ANSWERS.items():
        lines = ["---", f"informant: {informant}", f"role: Informan {informant}", f"group: {group}", "---"]
        for i, answer in enumerate(answers, start=1):
            lines += [f"P: Pertanyaan {i}?", f"{informant}: {answer}"]
        (folder / f"{informant}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "OBS01.md").write_text(
        "---\ninformant: OBS01\nsource: observasi\ngroup: observasi\n---\nPenyaluran terlambat satu jam.\n",
        encoding="utf-8",
    )
    return folder


def _summary(corpus_dir, lang):
    return analyze([corpus_dir], codebook=load_codebook(MINI), lang=lang).summary


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE or not path.exists():
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs; regenerate with ODSKCODE_UPDATE_GOLDEN=1"


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize(("fmt", "suffix"), [("markdown", "md"), ("latex", "tex"), ("html", "html"), ("csv", "csv")])
def test_text_formats_match_golden_files(corpus_dir, fmt, suffix, lang):
    text = report_text(_summary(corpus_dir, lang), fmt).replace(str(corpus_dir), "CORPUS")
    _golden(f"report-{lang}.{suffix}", text)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_narrative_matches_golden_file(corpus_dir, lang):
    _golden(f"narrative-{lang}.txt", "\n\n".join(narrative(_summary(corpus_dir, lang))["text"]) + "\n")


def test_golden_files_are_committed():
    assert sorted(p.name for p in GOLDEN.iterdir()) == sorted(
        [f"report-{lang}.{s}" for lang in ("id", "en") for s in ("md", "tex", "html", "csv")]
        + ["narrative-id.txt", "narrative-en.txt"]
    )


def test_json_has_parity_with_the_library(corpus_dir):
    result = runner.invoke(app, ["analyze", str(corpus_dir), "--codebook", str(MINI), "--format", "json"])
    assert result.exit_code == 0, result.output
    library = json.loads(json.dumps(summary_to_dict(_summary(corpus_dir, "id")), ensure_ascii=False))
    assert json.loads(result.stdout) == library


def test_xlsx_reopens_with_named_sheets(corpus_dir, tmp_path):
    from openpyxl import load_workbook

    path = write_report(_summary(corpus_dir, "en"), "xlsx", tmp_path / "report.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == [
        "findings", "narrative", "matrix", "matrix_segments", "frequencies", "cooccurrence", "by_group",
        "segments", "sources",
    ]  # fmt: skip
    ws = wb["findings"]
    assert ws.freeze_panes == "A2"
    assert [c.value for c in ws[1]][:3] == ["level", "category", "code"]
    assert ws.column_dimensions["A"].width >= 6
    narrative_sheet = wb["narrative"]
    assert narrative_sheet.cell(row=2, column=1).value == "dimension"


def test_docx_reopens_with_real_tables_and_landscape_pages(corpus_dir, tmp_path):
    import docx
    from docx.enum.section import WD_ORIENT

    path = write_report(_summary(corpus_dir, "id"), "docx", tmp_path / "report.docx")
    document = docx.Document(str(path))
    findings = document.tables[0]
    assert [c.text for c in findings.rows[0].cells][:3] == ["Dimensi", "Indikator", "Informan (n/N)"]
    assert [r.cells[0].text for r in findings.rows[1:]] == ["Efektivitas", "Responsivitas"]
    assert findings.rows[1].cells[2].text == "4/4"
    assert document.sections[0].orientation == WD_ORIENT.LANDSCAPE
    assert document.sections[1].orientation == WD_ORIENT.PORTRAIT
    matrix = document.tables[1]
    assert [r.cells[0].text for r in matrix.rows[1:]] == ["I01", "I02", "I03", "I04"]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Pada dimensi Efektivitas, semua informan (4 dari 4) memberikan keterangan." in text
    # numbered captions in Word's Caption style, with SEQ fields Word renumbers; a page number in every footer
    captions = [p for p in document.paragraphs if p.style.name == "Caption"]
    shown = [
        (p.runs[0].text, p._p.xpath("./w:fldSimple/@w:instr")[0].strip(), p._p.xpath("./w:fldSimple//w:t/text()")[0],
         p.runs[-1].text)
        for p in captions
    ]  # fmt: skip
    assert [s[2] for s in shown] == ["1", "2", "3", "4"]
    assert {(s[0], s[1]) for s in shown} == {("Tabel ", "SEQ Tabel \\* ARABIC")}
    assert shown[2][3] == ". Frekuensi kode"
    assert all(section.footer.paragraphs[0]._p.xpath("./w:fldSimple/@w:instr") == [" PAGE "] for section in
               document.sections)  # fmt: skip


def test_file_formats_need_output(corpus_dir):
    result = runner.invoke(app, ["analyze", str(corpus_dir), "--format", "xlsx"])
    assert result.exit_code == 2
    assert "--format xlsx writes a file: add --output FILE.xlsx" in result.output


def test_hostile_text_comes_out_inert(tmp_path):
    (tmp_path / "I01.md").write_text(
        '---\ninformant: I01\nrole: \'=HYPERLINK("http://x","klik")\'\n---\n'
        "P: Bagaimana?\nI01: Perencanaan baik <script>alert(1)</script> & lancar.\n"
        'P: Lagi?\nI01: =HYPERLINK("http://x") perencanaan baik.\n',
        encoding="utf-8",
    )
    summary = analyze([tmp_path], codebook=load_codebook(MINI), lang="en").summary
    html_text = report_text(summary, "html")
    assert "<script>" not in html_text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html_text
    csv_text = report_text(summary, "csv")
    assert ",=HYPERLINK" not in csv_text and "\n=HYPERLINK" not in csv_text
    assert "'=HYPERLINK" in csv_text
    from openpyxl import load_workbook

    wb = load_workbook(write_report(summary, "xlsx", tmp_path / "r.xlsx"))
    values = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not any(v.startswith("=") for v in values)
    assert any(v.startswith("'=HYPERLINK") for v in values)
    latex = report_text(summary, "latex")
    assert "<script>alert(1)</script> \\& lancar" in latex


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_number_in_the_narrative_is_the_tables(lang):
    summary = analyze([SAMPLE], lang=lang).summary
    paragraphs = narrative(summary)
    for row in summary.dimensions().itertuples(index=False):
        text = paragraphs[paragraphs["code"] == row.code]["text"].iloc[0]
        of = "dari" if lang == "id" else "of"
        assert f"({row.informants} {of} {row.informants_total})" in text
        judging = row.positive + row.negative + row.mixed
        if judging:
            assert f"({row.positive} {of} {judging})" in text
        for item in [p for p in str(row.kendala).split("; ") if p][:3]:
            code, n = re.match(r"(\S+) \((\d+)\)", item).groups()
            label = summary.codebook.codes[code].name(lang)
            assert re.search(re.escape(label[1:]) + rf" \({n}\b", text), (label, n, text)


@pytest.mark.parametrize(
    ("n", "total", "id_word", "en_word"),
    [
        (10, 10, "semua informan", "all informants"),
        (9, 10, "hampir semua informan", "almost all informants"),
        (6, 10, "sebagian besar informan", "most informants"),
        (5, 10, "separuh informan", "half of the informants"),
        (3, 10, "beberapa informan", "some informants"),
        (1, 10, "satu informan", "one informant"),
        (1, 12, "satu informan", "one informant"),
        (2, 12, "sebagian kecil informan", "a few informants"),
        (0, 10, "tidak ada informan", "no informant"),
    ],
)
def test_quantifier_words(n, total, id_word, en_word):
    assert quantifier(n, total, "id") == id_word
    assert quantifier(n, total, "en") == en_word


def test_narrative_and_quotes_commands(corpus_dir):
    result = runner.invoke(app, ["narrative", str(corpus_dir), "--codebook", str(MINI), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("On Effectiveness, all informants (4 of 4) gave an account.")
    quotes = runner.invoke(
        app, ["quotes", "responsivitas", str(corpus_dir), "--codebook", str(MINI), "--by", "group", "--format", "json"]
    )
    assert quotes.exit_code == 0, quotes.output
    data = json.loads(quotes.stdout)
    assert [(q["group"], q["informant"], q["valence"]) for q in data["quotes"]] == [
        ("masyarakat", "I03", "negatif"),
        ("masyarakat", "I04", "negatif"),
        ("observasi", "OBS01", "negatif"),
        ("pemerintah", "I02", "positif"),
    ]
    bad = runner.invoke(app, ["quotes", "responsivitas", str(corpus_dir), "--codebook", str(MINI), "--by", "kabupaten"])
    assert bad.exit_code == 1
    assert bad.stderr.startswith("Error: no metadata field 'kabupaten'; available: role, group, source")


def test_summarize_tables_and_breakdown(corpus_dir):
    base = ["summarize", str(corpus_dir), "--codebook", str(MINI)]
    by = runner.invoke(app, [*base, "--by", "group", "--format", "csv"])
    assert by.exit_code == 0, by.output
    lines = by.stdout.splitlines()
    assert lines[0] == "code,label,by,group,total,informants,positive,negative,mixed,neutral,share,judgement"
    assert "responsivitas.kecepatan,Kecepatan,group,masyarakat,2,2,0,2,0,0,0.0,negatif" in lines
    assert "responsivitas.kecepatan,Kecepatan,group,pemerintah,2,1,1,0,0,0,1.0,positif" in lines
    technique = runner.invoke(app, [*base, "--by", "technique", "--format", "json"])
    rows = json.loads(technique.stdout)["rows"]
    assert {(r["code"], r["group"]) for r in rows} >= {("responsivitas", "observasi"), ("responsivitas", "wawancara")}
    freq = runner.invoke(app, [*base, "--table", "frequencies", "--format", "markdown"])
    assert freq.stdout.splitlines()[0].startswith("| level | category | code | label |")
    co = runner.invoke(app, [*base, "--table", "cooccurrence", "--format", "csv"])
    assert co.stdout.splitlines()[0].startswith("code,efektivitas.perencanaan,")
    bad = runner.invoke(app, [*base, "--table", "frequencies", "--format", "docx", "-o", "x.docx"])
    assert bad.exit_code == 2


def test_anonymize_leaves_no_id_or_listed_name_in_any_output(tmp_path):
    import docx
    from openpyxl import load_workbook

    folder = tmp_path / "c"
    folder.mkdir()
    for inf, name in (("I01", "Budi Santoso"), ("I02", "Meiske")):
        (folder / f"{inf}.md").write_text(
            f"---\ninformant: {inf}\nrole: Staf\ngroup: pemerintah\nnames: [{name}]\n---\n"
            f"P: Bagaimana?\n{inf}: Saya {name}, perencanaan baik kata I01 dan {name.split()[0]}.\n",
            encoding="utf-8",
        )
    (folder / "OBS01.md").write_text(
        "---\ninformant: OBS01\nsource: observasi\n---\nPenyaluran lambat, Meiske menunggu.\n", encoding="utf-8"
    )
    forbidden = re.compile(r"I01|I02|OBS01|Budi Santoso|Meiske")
    outputs: list[str] = []
    base = [str(folder), "--codebook", str(MINI), "--anonymize"]
    for fmt in ("json", "csv", "markdown", "latex", "html"):
        result = runner.invoke(app, ["summarize", *base, "--format", fmt])
        assert result.exit_code == 0, result.output
        outputs.append(result.stdout)
    outputs.append(runner.invoke(app, ["narrative", *base, "--format", "json"]).stdout)
    outputs.append(runner.invoke(app, ["quotes", "efektivitas", *base, "--format", "json", "--limit", "0"]).stdout)
    export = tmp_path / "out"
    result = runner.invoke(app, ["analyze", *base, "--export", str(export), "--format", "json"])
    outputs.append(result.stdout)
    outputs += [p.read_text(encoding="utf-8") for p in export.glob("*.csv")]
    wb = load_workbook(export / "summary.xlsx")
    outputs += [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    runner.invoke(app, ["summarize", *base, "--format", "docx", "-o", str(tmp_path / "r.docx")])
    document = docx.Document(str(tmp_path / "r.docx"))
    outputs += [p.text for p in document.paragraphs]
    outputs += [c.text for table in document.tables for row in table.rows for c in row.cells]
    leaks = [m.group() for text in outputs for m in forbidden.finditer(text)]
    assert leaks == []
    data = json.loads(outputs[0])
    assert [s["informant"] for s in data["sources"]] == ["R01", "R02", "O01"]
    assert "Saya [nama], perencanaan baik kata R01 dan [nama]." in {s["text"] for s in data["segments"]}


def test_export_transcripts_appendix(corpus_dir, tmp_path):
    base = ["export-transcripts", str(corpus_dir), "--codebook", str(MINI), "--lang", "en"]
    md = runner.invoke(app, base)
    assert md.exit_code == 0, md.output
    lines = md.stdout.splitlines()
    assert lines[0] == "## Transcript I01.md"
    assert "*P:* Pertanyaan 1?" in lines
    assert "`t001` **I01**: Perencanaan kami sudah baik dan lancar.  " in lines
    assert "> Codes: Planning (+)" in lines
    html_out = runner.invoke(app, [*base, "--format", "html", "--anonymize"])
    assert "I01" not in html_out.stdout and "<td>t001</td><td><b>R01:</b>" in html_out.stdout
    target = tmp_path / "lampiran.docx"
    result = runner.invoke(app, [*base, "--format", "docx", "--output", str(target)])
    assert result.exit_code == 0, result.output
    import docx

    document = docx.Document(str(target))
    assert len(document.tables) == 5
    assert [c.text for c in document.tables[0].rows[2].cells] == [
        "t001",
        "I01: Perencanaan kami sudah baik dan lancar.",
        "Planning (+)",
    ]


@pytest.mark.parametrize(("kind", "suffix", "magic"), [("matrix", "png", b"\x89PNG"), ("frequencies", "svg", b"<?xml")])
def test_plot_writes_figures(corpus_dir, tmp_path, kind, suffix, magic):
    target = tmp_path / f"fig.{suffix}"
    result = runner.invoke(app, ["plot", kind, str(corpus_dir), "--codebook", str(MINI), "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(magic)


def test_plot_in_the_terminal_and_bad_suffix(corpus_dir, tmp_path):
    bars = runner.invoke(app, ["plot", "frequencies", str(corpus_dir), "--codebook", str(MINI), "--lang", "en"])
    assert bars.exit_code == 0
    assert [line.split()[0] for line in bars.stdout.splitlines()] == [
        "Speed",
        "Planning",
        "Supervision",
        "differences",
        "deliberation",
    ]
    bad = runner.invoke(
        app, ["plot", "matrix", str(corpus_dir), "--codebook", str(MINI), "-o", str(tmp_path / "x.gif")]
    )
    assert bad.exit_code == 1
    assert bad.stderr == f"Error: {tmp_path / 'x.gif'}: the figure file must end in .png, .svg or .pdf, not '.gif'\n"


@pytest.mark.skipif(not (shutil.which("chromium") or shutil.which("chromium-browser")), reason="no headless Chromium")
def test_html_report_renders_in_headless_chromium(corpus_dir, tmp_path):
    page = write_report(_summary(corpus_dir, "id"), "html", tmp_path / "report.html")
    shot = tmp_path / "report.png"
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,900", f"--screenshot={shot}", page.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 10_000


@pytest.mark.parametrize("lang", ["id", "en"])
def test_obstacles_paragraph_numbers_are_the_tables(lang):
    from odskcode.tables import obstacle_responses

    summary = analyze([SAMPLE], lang=lang).summary
    paragraphs = narrative(summary)
    text = paragraphs[paragraphs["section"] == "obstacles"]["text"].iloc[0]
    f = summary.findings
    top = f[(f["level"] == "code") & (f["role"] == "obstacle")].sort_values(
        "informants", ascending=False, kind="stable"
    )
    first = top.iloc[0]
    assert f"{first.label.lower()} ({first.informants} informan" in text.lower()
    responses = obstacle_responses(summary)
    for row in responses[responses["obstacle"] == "kendala.perbedaan_pendapat"].head(3).itertuples(index=False):
        label = summary.codebook.codes[row.effort].name(lang).lower()
        assert f"{label} ({row.informants})" in text.lower()


def test_breakdown_and_quotes_by_a_sheet_column_with_a_space(tmp_path):
    # informants sheet headers are free text ("jenis kelamin"): not a Python identifier
    folder = tmp_path / "c"
    folder.mkdir()
    for inf, answer in (("I01", "Perencanaan kami sudah baik."), ("I02", "Penyaluran lambat sekali.")):
        (folder / f"{inf}.md").write_text(f"P: Bagaimana?\n{inf}: {answer}\n", encoding="utf-8")
    (folder / "informants.csv").write_text(
        "file,informant,jenis kelamin\nI01.md,I01,L\nI02.md,I02,P\n", encoding="utf-8"
    )
    base = [str(folder), "--codebook", str(MINI), "--by", "jenis kelamin", "--format", "csv"]
    by = runner.invoke(app, ["summarize", *base])
    assert by.exit_code == 0, by.output
    assert "efektivitas,Efektivitas,jenis kelamin,L,1,1,1,0,0,0,1.0,positif" in by.stdout.splitlines()
    quotes = runner.invoke(app, ["quotes", "efektivitas", *base])
    assert quotes.exit_code == 0, quotes.output
    assert quotes.stdout.splitlines()[1].startswith("efektivitas,L,I01,")


def test_anonymize_masks_names_in_every_text_column(tmp_path):
    from odskcode.anonymize import anonymize

    (tmp_path / "I01.md").write_text(
        "---\ninformant: I01\nrole: Penerima bantuan (Ibu Ani)\nnames: [Ani]\n---\nP: Bagaimana?\nI01: Perencanaan baik.\n",
        encoding="utf-8",
    )
    summary = anonymize(analyze([tmp_path], codebook=load_codebook(MINI)).summary)
    row = summary.findings[summary.findings["code"] == "efektivitas"].iloc[0]
    assert row.quote_role == "Penerima bantuan (Ibu [nama])"
    assert row.quote_informant == "R01"
    assert set(summary.sources["role"]) == {"Penerima bantuan (Ibu [nama])"}


def test_efforts_count_only_in_the_obstacles_segment_or_the_next_one(tmp_path):
    from odskcode.tables import obstacle_responses

    write = [
        ("I01", ["Ada beda pendapat.", "Lalu kami musyawarah."]),  # next segment: counts
        ("I02", ["Ada beda pendapat.", "Cuaca cerah.", "Lalu kami musyawarah."]),  # two later: does not
    ]
    for informant, answers in write:
        lines = ["---", f"informant: {informant}", "---"]
        for i, answer in enumerate(answers, start=1):
            lines += [f"P: Tanya {i}?", f"{informant}: {answer}"]
        (tmp_path / f"{informant}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = analyze([tmp_path], codebook=load_codebook(MINI)).summary
    responses = obstacle_responses(summary)
    assert responses.to_dict("records") == [
        {"obstacle": "kendala.perbedaan_pendapat", "effort": "upaya.musyawarah", "informants": 1}
    ]
