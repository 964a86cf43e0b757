"""Word (python-docx) details that theses need: numbered table captions and page numbers.

Captions use Word's built-in *Caption* style and a ``SEQ`` field, so Word renumbers them
and can build a list of tables (*Daftar Tabel*); the number odskcode writes is already the
right one, so the document reads correctly before any field update.
"""

from __future__ import annotations

from typing import Any

from .i18n import t


def _field(paragraph: Any, instruction: str, shown: str) -> None:
    """A simple field (``PAGE``, ``SEQ Tabel``) showing ``shown`` until Word updates it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = shown
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


class Captions:
    """Numbers the table captions of one document: "Tabel 1. …", "Tabel 2. …"."""

    def __init__(self, document: Any, lang: str) -> None:
        self.document = document
        self.lang = lang
        self.n = 0

    def table(self, text: str) -> Any:
        self.n += 1
        label = t("docx.table", self.lang)
        paragraph = self.document.add_paragraph(style="Caption")
        paragraph.add_run(f"{label} ")
        _field(paragraph, f" SEQ {label} \\* ARABIC ", str(self.n))
        paragraph.add_run(f". {text}")
        paragraph.paragraph_format.keep_with_next = True
        return paragraph


def page_numbers(document: Any) -> None:
    """A centred page number in the footer of every section."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    for section in document.sections:
        footer = section.footer
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        if paragraph.text or paragraph._p.xpath(".//w:fldSimple"):
            continue
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _field(paragraph, " PAGE ", "1")
