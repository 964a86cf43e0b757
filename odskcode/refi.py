"""REFI-QDA 1.5 interchange: ``.qdpx`` projects and ``.qdc`` codebooks (NVivo, ATLAS.ti, MAXQDA, QualCoder).

Export writes the project as ``project.qde`` plus ``sources/<guid>.txt`` in a zip. Valence,
which REFI has no field for, travels as a shared note per value (``valensi: positif``) that
each coding refers to with a ``NoteRef``: other programs show it as the coding's memo, and
odskcode reads it back. Beside the standard members, an ``odskcode/`` folder carries what
REFI cannot hold (the YAML codebook with its rules and both languages, the transcripts'
speaker turns, each coding's origin and rule, the GUID → id maps); other programs ignore it.

Import reads what other programs wrote (namespace and ``schemaLocation`` variants,
upper-case or braced GUIDs, CRLF or a BOM in sources, extra files) and refuses hostile
or broken archives with one clear error before it changes anything: a DTD or entity
declaration, a member path escaping the archive, members inflating past a limit,
truncated XML, a missing source, a coding outside its text. GUIDs of an export are
stable: they derive from the project's name and each object's own key.

The rules and choices are documented in ``docs/refi-qda.md``.
"""

from __future__ import annotations

import json
import posixpath
import re
import unicodedata
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .errors import ExportError, OdskcodeError, ProjectError
from .i18n import Msg, msg
from .model import VALENCES, Code, Codebook, CodeSet, Coding, Transcript, localized

if TYPE_CHECKING:
    from .project import Project

NS_PROJECT = "urn:QDA-XML:project:1.0"
NS_CODEBOOK = "urn:QDA-XML:codebook:1.0"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
GUID_NAMESPACE = uuid.UUID("6f9d3c1e-51a4-4c3e-9a55-0d5c0de5c0de")
VALENCE_NOTE = "valensi: {value}"
VALENCE_NOTE_RE = re.compile(r"^\s*valen(?:[cs]i[ae]?|ce)\s*:\s*(positif|negatif|netral)\s*$", re.IGNORECASE)
ROLE_SET = "odskcode role: {role}"
ROLE_SET_RE = re.compile(r"^odskcode role: (\w+)$")
MEMBER = "odskcode/"
DECISIONS = ("accepted", "rejected", "reviewed")
UNPLACED = "\x00"  # a coding read without odskcode's own record of its segment: located on import

# Limits against archives built to exhaust memory (a "zip bomb"): sane for interview projects.
MAX_MEMBER_BYTES = 256 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, for members above 1 MB
MAX_MEMBERS = 100_000
MAX_CODE_DEPTH = 50  # levels of a code tree


class RefiError(OdskcodeError):
    """A REFI-QDA file that cannot be read: broken, hostile, or inconsistent."""


# --------------------------------------------------------------------------- GUIDs
def stable_guid(project_name: str, kind: str, key: str) -> str:
    """The same GUID for the same object of the same project, export after export."""
    return str(uuid.uuid5(GUID_NAMESPACE, f"{project_name}\x1f{kind}\x1f{key}"))


def normalize_guid(value: str | None) -> str:
    """Upper-case and braced GUIDs (``{9F0C…}``) as written by some programs → lower-case, no braces."""
    return (value or "").strip().strip("{}").lower()


# --------------------------------------------------------------------------- XML writing
def _xml_text(value: str) -> str:
    """Text that XML 1.0 can hold: control characters other than tab and newline, U+FFFE and U+FFFF dropped."""
    return "".join(ch for ch in value if ch in "\t\n\r" or (ord(ch) >= 0x20 and ch not in "\ufffe\uffff"))


def _el(parent: Any, tag: str, ns: str = NS_PROJECT, **attrs: Any) -> Any:
    from lxml import etree

    element = etree.SubElement(parent, f"{{{ns}}}{tag}")
    for key, value in attrs.items():
        if value is not None:
            element.set(key, _xml_text(str(value)))
    return element


def _text_el(parent: Any, tag: str, text: str, ns: str = NS_PROJECT) -> Any:
    element = _el(parent, tag, ns)
    element.text = _xml_text(text)
    return element


def _color(value: str | None) -> str | None:
    return value if value and re.fullmatch(r"#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})", value) else None


def _code_tree(parent: Any, codebook: Codebook, guids: dict[str, str], lang: str, ns: str) -> None:
    """``Code`` elements (name = label, Description = definition), nested as in the codebook."""

    def add(into: Any, code: Code) -> None:
        element = _el(
            into, "Code", ns, guid=guids[code.id], name=code.name(lang), isCodable="true", color=_color(code.color)
        )
        definition = localized(code.definition, lang, "")
        if definition:
            _text_el(element, "Description", definition, ns)
        for child in code.children:
            add(element, codebook.codes[child])

    for category in codebook.categories():
        add(parent, category)


def _role_sets(
    codebook: Codebook, project: str, guids: dict[str, str], lang: str
) -> list[tuple[str, str, str, list[str]]]:
    """(guid, name, description, member guids): one set per role of the top-level categories, then the
    codebook's own sets."""
    out = []
    roles: dict[str, list[str]] = {}
    for category in codebook.categories():
        roles.setdefault(category.role, []).append(guids[category.id])
    for role, members in roles.items():
        out.append((stable_guid(project, "set", f"role:{role}"), ROLE_SET.format(role=role), "", members))
    for code_set in codebook.sets:
        members = [guids[c] for c in code_set.codes if c in guids]
        description = localized(code_set.description, lang, "")
        out.append((stable_guid(project, "set", code_set.name), code_set.name, description, members))
    return out


def _write_sets(parent: Any, sets: list[tuple[str, str, str, list[str]]], ns: str, member_attr: str) -> None:
    if not sets:
        return
    sets_el = _el(parent, "Sets", ns)
    for guid, set_name, description, members in sets:
        element = _el(sets_el, "Set", ns, guid=guid, name=set_name)
        if description:
            _text_el(element, "Description", description, ns)
        for member in members:
            _el(element, "MemberCode", ns, **{member_attr: member})


def codebook_qdc(codebook: Codebook, lang: str | None = None, project: str | None = None) -> bytes:
    """A REFI-QDA codebook (``.qdc``): the code tree with labels, definitions and colours, and sets."""
    from lxml import etree

    lang = lang or codebook.languages[0]
    name = project or codebook.id
    guids = {cid: stable_guid(name, "code", cid) for cid in codebook.codes}
    root = etree.Element(f"{{{NS_CODEBOOK}}}CodeBook", nsmap={None: NS_CODEBOOK})
    root.set("origin", f"odskcode {__version__}")
    _code_tree(_el(root, "Codes", NS_CODEBOOK), codebook, guids, lang, NS_CODEBOOK)
    _write_sets(root, _role_sets(codebook, name, guids, lang), NS_CODEBOOK, "guid")
    return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True))


def write_qdc(codebook: Codebook, path: str | Path, lang: str | None = None, project: str | None = None) -> Path:
    """Write :func:`codebook_qdc` to ``path`` atomically (``project``: the project whose GUIDs the codes take)."""
    from .export import atomic_write

    path = Path(path)
    data = codebook_qdc(codebook, lang, project)

    def write(tmp: Path) -> None:
        tmp.write_bytes(data)

    atomic_write({path: write})
    return path


@dataclass
class QdpxExport:
    path: Path
    sources: int
    codes: int
    codings: int
    users: int
    notes: int
    skipped: int = 0  # codings of codes no longer in the codebook, left out


def _project_rows(project: Project) -> dict[str, Any]:
    with project.store() as store:
        conn = store.conn
        coders = [r[0] for r in conn.execute("SELECT name FROM coders UNION SELECT DISTINCT coder FROM codings")]
        codings = conn.execute(
            'SELECT t.key, c.start, c."end", c.code, c.coder, c.valence, c.memo, c.origin, c.rule, c.segment, '
            "c.created_at FROM codings c JOIN transcripts t ON t.id = c.transcript_id WHERE c.status = 'ok' "
            'ORDER BY t.key, c.start, c."end", c.code, c.coder'
        ).fetchall()
        memos = conn.execute(
            "SELECT m.id, t.key, m.segment, m.code, m.coder, m.text, m.at FROM memos m "
            "LEFT JOIN transcripts t ON t.id = m.transcript_id ORDER BY m.id"
        ).fetchall()
        rows = conn.execute("SELECT key, path, source, informant, data FROM transcripts ORDER BY key").fetchall()
        decisions = conn.execute(
            "SELECT t.key, d.segment, d.coder, d.code, d.decision, d.at FROM decisions d "
            "JOIN transcripts t ON t.id = d.transcript_id ORDER BY t.key, d.segment, d.coder, d.code"
        ).fetchall()
    return {
        "coders": sorted(set(coders)),
        "codings": codings,
        "memos": memos,
        "transcripts": rows,
        "decisions": [
            dict(zip(("transcript", "segment", "coder", "code", "decision", "at"), r, strict=True)) for r in decisions
        ],
    }


def export_qdpx(project: Project, output: str | Path, lang: str | None = None) -> QdpxExport:
    """Write the whole project as a REFI-QDA ``.qdpx`` archive at ``output`` (atomically); code names
    and set descriptions in ``lang`` (default: the project's language)."""
    from lxml import etree

    from .export import atomic_write
    from .project import load_corpus

    output = Path(output)
    name = project.settings.name
    lang = lang or project.settings.lang
    codebook = project.codebook()
    corpus = load_corpus(project)
    rows = _project_rows(project)
    code_guid = {cid: stable_guid(name, "code", cid) for cid in codebook.codes}
    user_guid = {coder: stable_guid(name, "user", coder) for coder in rows["coders"]}
    source_guid = {tr.key: stable_guid(name, "source", tr.key) for tr in corpus.transcripts}

    root = etree.Element(f"{{{NS_PROJECT}}}Project", nsmap={None: NS_PROJECT, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{NS_PROJECT} Project.xsd")
    root.set("name", name)
    root.set("origin", f"odskcode {__version__}")
    if rows["coders"]:
        users = _el(root, "Users")
        for coder in rows["coders"]:
            _el(users, "User", guid=user_guid[coder], name=coder, id=coder)
    _code_tree(_el(_el(root, "CodeBook"), "Codes"), codebook, code_guid, lang, NS_PROJECT)

    # informant metadata: one Text variable per field, one case per informant (linked to its transcript)
    fields: list[str] = []
    cases: list[tuple[str, str, dict[str, Any]]] = []  # (informant, transcript key, metadata)
    from .summary import PRIVATE_META

    for tr in corpus.transcripts:
        for informant in tr.informants():
            meta = {"source": tr.source, **tr.informant_meta(informant)}
            meta = {k: v for k, v in meta.items() if k not in PRIVATE_META and v not in (None, "")}
            for key in meta:
                if key not in fields:
                    fields.append(key)
            cases.append((informant, tr.key, meta))
    variable_guid = {f: stable_guid(name, "variable", f) for f in fields}
    if fields:
        variables = _el(root, "Variables")
        for f in fields:
            _el(variables, "Variable", guid=variable_guid[f], name=f, typeOfVariable="Text")
    if cases:
        cases_el = _el(root, "Cases")
        for informant, key, meta in cases:
            case = _el(cases_el, "Case", guid=stable_guid(name, "case", f"{key}\x1f{informant}"), name=informant)
            for f, value in meta.items():
                vv = _el(case, "VariableValue")
                _el(vv, "VariableRef", targetGUID=variable_guid[f])
                _text_el(vv, "TextValue", str(value))
            _el(case, "SourceRef", targetGUID=source_guid[key])

    # notes: one per valence (shared by the codings), one per coding memo, one per project memo
    notes: list[tuple[str, str, str]] = []  # (guid, name, text)
    valence_note = {v: stable_guid(name, "note", f"valence:{v}") for v in VALENCES}
    for value in VALENCES:
        notes.append((valence_note[value], VALENCE_NOTE.format(value=value), VALENCE_NOTE.format(value=value)))
    extra = {"codings": {}, "memos": []}  # type: dict[str, Any]
    by_source: dict[str, dict[tuple[int, int], list[Any]]] = {}
    for c in rows["codings"]:
        by_source.setdefault(c["key"], {}).setdefault((c["start"], c["end"]), []).append(c)
    source_notes: dict[str, list[str]] = {}
    project_notes: list[str] = []
    for m in rows["memos"]:
        guid = stable_guid(name, "memo", str(m["id"]))
        label = " · ".join(x for x in (m["key"] or "", m["segment"], m["code"], m["coder"]) if x)
        notes.append((guid, label or "memo", m["text"]))
        extra["memos"].append(
            {
                "guid": guid,
                "transcript": m["key"],
                "segment": m["segment"],
                "code": m["code"],
                "coder": m["coder"],
                "at": m["at"],
            }
        )
        (source_notes.setdefault(m["key"], []) if m["key"] else project_notes).append(guid)

    sources_el = _el(root, "Sources")
    files: dict[str, bytes] = {}
    n_codings = skipped = 0
    for tr in corpus.transcripts:
        guid = source_guid[tr.key]
        source = _el(sources_el, "TextSource", guid=guid, name=tr.key, plainTextPath=f"internal://{guid}.txt")
        files[f"sources/{guid}.txt"] = tr.text.encode("utf-8")
        for (start, end), group in sorted(by_source.get(tr.key, {}).items()):
            selection = _el(
                source,
                "PlainTextSelection",
                guid=stable_guid(name, "selection", f"{tr.key}:{start}:{end}"),
                name=group[0]["segment"] or None,
                startPosition=start,
                endPosition=end,
            )
            for c in group:
                cguid = stable_guid(name, "coding", f"{tr.key}:{start}:{end}:{c['code']}:{c['coder']}")
                if c["code"] not in code_guid:
                    skipped += 1  # a code no longer in the codebook: the CLI warns
                    continue
                coding = _el(selection, "Coding", guid=cguid, creatingUser=user_guid.get(c["coder"]))
                _el(coding, "CodeRef", targetGUID=code_guid[c["code"]])
                _el(coding, "NoteRef", targetGUID=valence_note.get(c["valence"], valence_note["netral"]))
                if c["memo"]:
                    memo_guid = stable_guid(name, "note", f"coding-memo:{cguid}")
                    notes.append((memo_guid, "memo", c["memo"]))
                    _el(coding, "NoteRef", targetGUID=memo_guid)
                extra["codings"][cguid] = {"origin": c["origin"], "rule": c["rule"], "segment": c["segment"]}
                n_codings += 1
        for note_guid in source_notes.get(tr.key, []):
            _el(source, "NoteRef", targetGUID=note_guid)
    if not len(sources_el):  # Project.xsd: a Sources element holds at least one source
        root.remove(sources_el)
    notes_el = _el(root, "Notes")
    for guid, note_name, text in notes:
        note = _el(notes_el, "Note", guid=guid, name=note_name)
        _text_el(note, "PlainTextContent", text)
    _write_sets(root, _role_sets(codebook, name, code_guid, lang), NS_PROJECT, "targetGUID")
    for note_guid in project_notes:
        _el(root, "NoteRef", targetGUID=note_guid)

    from .codebook import dump_codebook

    files["project.qde"] = etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
    files[MEMBER + "codebook.yaml"] = dump_codebook(codebook).encode("utf-8")
    files[MEMBER + "transcripts.json"] = json.dumps(
        {
            source_guid[r["key"]]: {k: r[k] for k in ("key", "path", "source", "informant", "data")}
            for r in rows["transcripts"]
        },
        ensure_ascii=False,
        sort_keys=True,
        indent=1,
    ).encode("utf-8")
    files[MEMBER + "ids.json"] = json.dumps(
        {
            "codes": {g: c for c, g in code_guid.items()},
            "users": {g: u for u, g in user_guid.items()},
            "codings": extra["codings"],
            "memos": extra["memos"],
            "decisions": rows["decisions"],
        },
        ensure_ascii=False,
        sort_keys=True,
        indent=1,
    ).encode("utf-8")

    def write(tmp: Path) -> None:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for member in ["project.qde", *sorted(k for k in files if k != "project.qde")]:
                info = zipfile.ZipInfo(member, date_time=(2020, 1, 1, 0, 0, 0))  # same bytes for the same project
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, files[member])

    if output.parent and not output.parent.exists():
        try:
            output.parent.mkdir(parents=True)
        except OSError as exc:
            raise ExportError(msg("ex.write_failed", detail=str(exc)), file=output) from exc
    atomic_write({output: write})
    return QdpxExport(
        output, len(corpus.transcripts), len(codebook.codes), n_codings, len(rows["coders"]), len(notes), skipped
    )


# --------------------------------------------------------------------------- reading safely
def _fail(path: str | Path, message: Msg, hint: Msg | None = None, line: int | None = None) -> RefiError:
    return RefiError(message, file=path, line=line, hint=hint or msg("refi.hint"))


def _safe_members(path: Path, archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """The archive's members by normalised name; refuses escaping paths and inflation past the limits."""
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _fail(path, msg("refi.too_many", n=len(infos)))
    total = 0
    members: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        raw = info.filename.replace("\\", "/")
        clean = posixpath.normpath(raw)
        if raw.startswith("/") or re.match(r"^[A-Za-z]:", raw) or clean == ".." or clean.startswith("../"):
            raise _fail(path, msg("refi.escape", member=info.filename))
        if info.file_size > MAX_MEMBER_BYTES or (
            info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1)
        ):
            raise _fail(path, msg("refi.bomb", member=info.filename, size=info.file_size))
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise _fail(path, msg("refi.bomb", member=info.filename, size=total))
        if not info.is_dir():
            if clean in members:  # two members for one path: which one a program reads is anyone's guess
                raise _fail(path, msg("refi.duplicate", member=info.filename))
            members[clean] = info
    return members


def _read_member(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A member's bytes, reading no more than it declared (a lying header cannot inflate further).
    A member zipfile cannot read (encrypted, an unknown compression method, a bad checksum or a
    broken stream) is a damaged archive."""
    import zlib

    try:
        with archive.open(info) as handle:
            data = handle.read(info.file_size + 1)
    # RuntimeError: an encrypted member; its subclass NotImplementedError: an unknown compression method
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, zlib.error) as exc:
        raise _fail(path, msg("refi.not_zip", detail=str(exc))) from exc
    if len(data) > info.file_size:
        raise _fail(path, msg("refi.bomb", member=info.filename, size=len(data)))
    return data


def parse_xml(data: bytes, path: str | Path, member: str) -> Any:
    """Parse XML without DTDs, entities or network access; located errors for broken files."""
    from lxml import etree

    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise _fail(path, msg("refi.dtd", member=member))
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_blank_text=False
    )
    try:
        if not head:
            raise etree.XMLSyntaxError("empty document", None, 1, 1)
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if isinstance(exc.lineno, int) and exc.lineno > 0 else None
        raise _fail(path, msg("refi.bad_xml", member=member, detail=str(exc.msg or exc)), line=line) from exc


def _local(element: Any) -> str:
    from lxml import etree

    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _children(element: Any, name: str) -> list[Any]:
    return [c for c in element if _local(c) == name]


def _child(element: Any, name: str) -> Any | None:
    found = _children(element, name)
    return found[0] if found else None


def _text_of(element: Any | None) -> str:
    return "".join(element.itertext()) if element is not None else ""


def decode_source(data: bytes) -> tuple[str, list[int]]:
    """Source text as stored: UTF-8 (a BOM dropped), CRLF and CR turned into LF.

    Returns the text and, for each dropped ``\\r``, its position in the file's text, so
    positions that counted them can be moved (see :func:`shift_position`).
    """
    text = data.decode("utf-8-sig", errors="replace")
    dropped: list[int] = []
    if "\r" in text:
        out = []
        for i, ch in enumerate(text):
            if ch == "\r":
                if i + 1 < len(text) and text[i + 1] == "\n":
                    dropped.append(i)
                    continue
                out.append("\n")
                continue
            out.append(ch)
        text = "".join(out)
    return text, dropped


def shift_position(pos: int, dropped: list[int]) -> int:
    import bisect

    return pos - bisect.bisect_left(dropped, pos)


# --------------------------------------------------------------------------- reading a project
@dataclass
class RefiCode:
    guid: str
    name: str
    parent: str | None
    description: str
    color: str | None
    id: str = ""


@dataclass
class RefiSource:
    guid: str
    name: str
    text: str
    key: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    informant: str = ""
    note_guids: list[str] = field(default_factory=list)
    stored: Transcript | None = None  # the transcript odskcode exported for it (odskcode/transcripts.json)
    cases: list[tuple[str, dict[str, str]]] = field(default_factory=list)  # several: a focus group


@dataclass
class RefiProject:
    """What a ``.qdpx`` holds, read into plain data (ids and keys resolved)."""

    name: str
    origin: str
    users: dict[str, str]  # guid -> coder name
    codes: list[RefiCode]
    sets: list[tuple[str, str, list[str]]]  # (name, description, member guids)
    sources: list[RefiSource]
    codings: list[Coding]
    memos: list[dict[str, Any]]  # {transcript (key or None), text, segment, code, coder}
    codebook: Codebook | None = None  # the odskcode codebook carried in the archive, if any
    transcripts: dict[str, dict[str, Any]] = field(default_factory=dict)  # source guid -> stored transcript row
    decisions: list[dict[str, Any]] = field(default_factory=list)  # odskcode's reviews, from its own record
    warnings: list[Any] = field(default_factory=list)


_SLUG_RE = re.compile(r"[^a-z0-9]+")


def slug(name: str) -> str:
    """A code id part from a code name: ASCII letters, digits and _, starting with a letter."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    text = _SLUG_RE.sub("_", folded).strip("_")
    if not text:
        text = "kode"
    if not text[0].isalpha():
        text = "k_" + text
    return text[:60]


def _unique(value: str, used: set[str]) -> str:
    out, n = value, 2
    while out in used:
        out, n = f"{value}_{n}", n + 1
    used.add(out)
    return out


def read_qdpx(path: str | Path, match: Codebook | None = None, match_names: Iterable[str] = ()) -> RefiProject:
    """Read a ``.qdpx`` archive (every check of the module docstring) into a :class:`RefiProject`.

    ``match``: the codebook of the project it is imported into. A code that odskcode's own
    record does not name keeps the id of ``match``'s code with the same stable GUID (an
    odskcode export of a project named one of ``match_names``, re-exported by another
    program), else of the code with the same label under the same parent; only codes
    found neither way get new ids made from their names.
    """
    from .codebook import validate_text
    from .report import Problem

    path = Path(path)
    if not path.is_file():
        raise _fail(path, msg("refi.not_found"), hint=msg("refi.not_found_hint"))
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _fail(path, msg("refi.not_zip", detail=str(exc))) from exc
    with archive:
        members = _safe_members(path, archive)
        qde_name = next((m for m in members if m.lower().endswith(".qde") and "/" not in m), None)
        if qde_name is None:
            raise _fail(path, msg("refi.no_qde"))
        try:
            root = parse_xml(_read_member(path, archive, members[qde_name]), path, qde_name)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:  # a truncated archive
            raise _fail(path, msg("refi.not_zip", detail=str(exc))) from exc
        if _local(root) != "Project":
            raise _fail(path, msg("refi.not_project", found=_local(root)))
        extra_ids: dict[str, Any] = {}
        carried: Codebook | None = None
        transcripts: dict[str, dict[str, Any]] = {}
        damaged = False
        if MEMBER + "ids.json" in members:
            try:
                extra_ids = json.loads(_read_member(path, archive, members[MEMBER + "ids.json"]))
                transcripts = json.loads(_read_member(path, archive, members[MEMBER + "transcripts.json"]))
                _, carried = validate_text(
                    _read_member(path, archive, members[MEMBER + "codebook.yaml"]).decode("utf-8"),
                    f"{path.name}:{MEMBER}codebook.yaml",
                )
                damaged = carried is None  # a codebook that does not load
            except (KeyError, ValueError, UnicodeDecodeError):
                damaged = True
        warnings: list[Any] = []
        if damaged or not _extras_ok(extra_ids, transcripts):  # damaged odskcode extras: read it as REFI only
            extra_ids, transcripts, carried = {}, {}, None
            warnings.append(Problem("warning", "refi-extras", msg("refi.extras_damaged"), str(path)))
        users = {}
        users_el = _child(root, "Users")
        for user in _children(users_el, "User") if users_el is not None else []:
            guid = normalize_guid(user.get("guid"))
            users[guid] = extra_ids.get("users", {}).get(guid) or user.get("name") or user.get("id") or guid
        # codes
        codes: list[RefiCode] = []
        book = _child(root, "CodeBook")
        codes_el = _child(book, "Codes") if book is not None else None
        if codes_el is not None:
            codes = _read_codes(path, codes_el)
        known = extra_ids.get("codes", {})
        used: dict[str | None, set[str]] = {}
        by_guid = {c.guid: c for c in codes}
        by_stable: dict[str, str] = {}
        by_label: dict[tuple[str | None, str], str] = {}
        if match is not None:
            names = [root.get("name") or "", *match_names]
            by_stable = {stable_guid(n, "code", cid): cid for n in names if n for cid in match.codes}
            for cid, mcode in match.codes.items():
                for label in {*mcode.label.values(), cid.rsplit(".", 1)[-1]}:
                    by_label.setdefault((mcode.parent, label.strip().casefold()), cid)
        taken: set[str] = set()
        for code in codes:
            if code.guid in known and carried is not None and known[code.guid] in carried.codes:
                code.id = known[code.guid]
                continue
            parent_id = by_guid[code.parent].id if code.parent else None
            match_id = by_stable.get(code.guid) or by_label.get((parent_id, code.name.strip().casefold()))
            match_id_parent = match_id.rsplit(".", 1)[0] if match_id and "." in match_id else None
            if match_id is not None and match_id not in taken and match_id_parent == parent_id:
                code.id = match_id
                taken.add(match_id)
                used.setdefault(code.parent, set()).add(match_id.rsplit(".", 1)[-1])
                continue
            prefix = parent_id + "." if parent_id else ""
            code.id = prefix + _unique(slug(code.name), used.setdefault(code.parent, set()))
        sets: list[tuple[str, str, list[str]]] = []
        sets_el = _child(root, "Sets")
        for st in _children(sets_el, "Set") if sets_el is not None else []:
            members_of = [normalize_guid(m.get("targetGUID") or m.get("guid")) for m in _children(st, "MemberCode")]
            sets.append((st.get("name") or "", _text_of(_child(st, "Description")).strip(), members_of))
        # notes
        notes: dict[str, str] = {}
        notes_el = _child(root, "Notes")
        for note in _children(notes_el, "Note") if notes_el is not None else []:
            notes[normalize_guid(note.get("guid"))] = _text_of(_child(note, "PlainTextContent"))
        # variables and cases
        variables: dict[str, str] = {}
        variables_el = _child(root, "Variables")
        for var in _children(variables_el, "Variable") if variables_el is not None else []:
            variables[normalize_guid(var.get("guid"))] = var.get("name") or ""
        case_of: dict[str, list[tuple[str, dict[str, str]]]] = {}
        cases_el = _child(root, "Cases")
        for case in _children(cases_el, "Case") if cases_el is not None else []:
            values: dict[str, str] = {}
            for vv in _children(case, "VariableValue"):
                ref = _child(vv, "VariableRef")
                var_name = variables.get(normalize_guid(ref.get("targetGUID"))) if ref is not None else None
                value_el = next((c for c in vv if _local(c) != "VariableRef"), None)
                if var_name and value_el is not None:
                    values[var_name] = _text_of(value_el).strip()
            for ref in _children(case, "SourceRef"):
                case_of.setdefault(normalize_guid(ref.get("targetGUID")), []).append((case.get("name") or "", values))
        # sources and codings
        sources: list[RefiSource] = []
        codings: list[Coding] = []
        problems: list[Msg] = []
        keys: set[str] = set()
        code_ids = {c.guid: c.id for c in codes}
        extra_codings = extra_ids.get("codings", {})
        sources_el = _child(root, "Sources")
        skipped = [  # PDF, picture, audio and video sources: odskcode codes text only
            s.get("name") or s.get("guid") or "?"
            for s in (sources_el if sources_el is not None else [])
            if _local(s) not in ("", "TextSource")
        ]
        if skipped:
            found = msg("refi.not_text", n=len(skipped), names=", ".join(skipped))
            warnings.append(Problem("warning", "refi-not-text", found, str(path)))
        for src in _children(sources_el, "TextSource") if sources_el is not None else []:
            guid = normalize_guid(src.get("guid"))
            name = src.get("name") or posixpath.basename((src.get("plainTextPath") or "").replace("\\", "/")) or guid
            text, dropped = _source_text(path, archive, members, src, name, problems)
            if text is None:
                continue
            stored = transcripts.get(guid)
            key = stored["key"] if stored else _unique(_source_key(name), keys)
            keys.add(key)
            source = RefiSource(guid, name, text, key)
            if stored:
                source.stored = _stored_transcript(source, stored)
                if source.stored is None and not any(w.code == "refi-extras" for w in warnings):
                    warnings.append(Problem("warning", "refi-extras", msg("refi.extras_damaged"), str(path)))
            # odskcode's record of each coding's segment holds only where its transcript does
            known_codings = extra_codings if source.stored is not None else {}
            linked = case_of.get(guid, [])
            if len(linked) == 1:
                source.informant, source.meta = linked[0][0], dict(linked[0][1])
            elif len(linked) > 1 and source.stored is None:
                source.cases = list(linked)
                if _focus_group_turns(text, source.cases) is None:  # no "CASE: …" lines to split it by
                    cases = ", ".join(c[0] for c in linked)
                    warnings.append(
                        Problem("warning", "refi-cases", msg("refi.many_cases", name=name, cases=cases), str(path))
                    )
            if "\ufffd" in text and source.stored is None:
                warnings.append(Problem("warning", "refi-not-utf8", msg("refi.not_utf8", name=name), str(path)))
            source.note_guids = _refs(src, "NoteRef")
            if not text.strip():
                warnings.append(Problem("warning", "refi-empty-source", msg("refi.empty_source", name=name), str(path)))
            sources.append(source)
            user_default = normalize_guid(src.get("creatingUser"))
            for selection in _children(src, "PlainTextSelection"):
                try:
                    start = shift_position(int(selection.get("startPosition", "")), dropped)
                    end = shift_position(int(selection.get("endPosition", "")), dropped)
                except ValueError:
                    problems.append(msg("refi.bad_position", name=name, selection=selection.get("guid") or "?"))
                    continue
                if not (0 <= start <= end <= len(text)):
                    problems.append(msg("refi.outside", name=name, start=start, end=end, length=len(text)))
                    continue
                sel_user = normalize_guid(selection.get("creatingUser")) or user_default
                for coding in _children(selection, "Coding"):
                    codings.extend(
                        _coding(
                            coding, key, start, end, sel_user, users, code_ids, notes, known_codings, problems, name
                        )
                    )
            for coding in _children(src, "Coding"):  # the whole source coded
                codings.extend(
                    _coding(
                        coding, key, 0, len(text), user_default, users, code_ids, notes, known_codings, problems, name
                    )
                )
        if problems:
            detail = "; ".join(p.render("en") for p in problems[:5])
            more = len(problems) - 5
            raise _fail(
                path, msg("refi.problems", n=len(problems), detail=detail + (f"; … (+{more})" if more > 0 else ""))
            )
        # memos: notes the project or a source refers to; odskcode's own keep their segment, code and coder
        memo_info = {normalize_guid(m.get("guid")): m for m in extra_ids.get("memos", [])}
        memos: list[dict[str, Any]] = []
        owners = [(None, _refs(root, "NoteRef"))] + [(s.key, s.note_guids) for s in sources]
        for key, refs in owners:
            for ref in refs:
                if ref not in notes or VALENCE_NOTE_RE.match(notes[ref]):
                    continue
                info = memo_info.get(ref, {})
                memos.append(
                    {
                        "transcript": key,
                        "text": notes[ref],
                        "segment": info.get("segment") or "",
                        "code": info.get("code") or "",
                        "coder": info.get("coder") or "import",
                    }
                )
        return RefiProject(
            name=root.get("name") or path.stem,
            origin=root.get("origin") or "",
            users=users,
            codes=codes,
            sets=sets,
            sources=sources,
            codings=codings,
            memos=memos,
            codebook=carried,
            transcripts={g: t for g, t in transcripts.items()},
            warnings=warnings,
            decisions=[d for d in extra_ids.get("decisions", []) if d.get("decision") in DECISIONS],
        )


def _read_codes(path: Path, codes_el: Any) -> list[RefiCode]:
    """The ``Code`` elements below ``codes_el``, parents before children; a tree deeper than
    :data:`MAX_CODE_DEPTH` is refused (nobody codes that deep, and the ids would not fit a line)."""
    codes: list[RefiCode] = []

    def walk(element: Any, parent: str | None, depth: int) -> None:
        for code in _children(element, "Code"):
            if depth > MAX_CODE_DEPTH:
                raise _fail(path, msg("refi.too_deep", n=MAX_CODE_DEPTH))
            guid = normalize_guid(code.get("guid"))
            codes.append(
                RefiCode(
                    guid,
                    code.get("name") or guid,
                    parent,
                    _text_of(_child(code, "Description")).strip(),
                    _color(code.get("color")),
                )
            )
            walk(code, guid, depth + 1)

    walk(codes_el, None, 1)
    return codes


def _extras_ok(ids: Any, transcripts: Any) -> bool:
    """Whether ``odskcode/ids.json`` and ``transcripts.json`` have the shapes :func:`export_qdpx` writes."""
    if not isinstance(ids, dict) or not isinstance(transcripts, dict):
        return False
    maps = [ids.get("codes", {}), ids.get("users", {}), ids.get("codings", {}), transcripts]
    if not all(isinstance(m, dict) for m in maps) or not isinstance(ids.get("memos", []), list):
        return False
    decisions = ids.get("decisions", [])
    if not isinstance(decisions, list) or not all(isinstance(d, dict) for d in decisions):
        return False
    names = [*maps[0].values(), *maps[1].values()]
    rows = [*maps[2].values(), *ids.get("memos", []), *transcripts.values()]
    return (
        all(isinstance(v, str) for v in names)
        and all(isinstance(r, dict) for r in rows)
        and all(isinstance(r.get("key"), str) for r in transcripts.values())
    )


def _stored_transcript(source: RefiSource, stored: dict[str, Any]) -> Transcript | None:
    """The transcript odskcode exported for ``source`` (speaker turns, metadata), or None when that
    record does not fit the source's text (damaged, or the text was changed after the export)."""
    from .model import Speaker, Turn

    try:
        data = json.loads(stored["data"])
        tr = Transcript(
            key=source.key,
            path=str(stored["path"]),
            text=source.text,
            source=str(stored["source"]),
            informant=str(stored["informant"]),
            meta=dict(data["meta"]),
            speakers={str(k): Speaker(**v) for k, v in data["speakers"].items()},
            turns=[Turn(**{**t, "lines": [tuple(x) for x in t["lines"]]}) for t in data["turns"]],
        )
        bounds = [(t.start, t.end) for t in tr.turns] + [(a, b) for t in tr.turns for a, b in t.lines]
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    if not all(isinstance(a, int) and isinstance(b, int) and 0 <= a <= b <= len(tr.text) for a, b in bounds):
        return None
    return tr


def _focus_group_turns(text: str, cases: list[tuple[str, dict[str, str]]]) -> tuple[dict[str, Any], list[Any]] | None:
    """A source linked to several cases (a focus group): its ``CASE: …`` lines as speaker turns of those
    cases, with each case's variables as that informant's metadata; None when no line starts so."""
    from .model import Speaker
    from .transcripts import _LABEL_RE, _parse_turns

    speakers = {name: Speaker(name, name, dict(values)) for name, values in cases if name}
    # other labels that start two or more lines (P:, Moderator:) are the interviewer's, not the last case's
    labels = [m.group(1).strip() for m in map(_LABEL_RE.match, text.split("\n")) if m]
    known = {n.casefold() for n in speakers}
    others = {lb for lb in labels if lb.casefold() not in known and labels.count(lb) >= 2 and len(lb.split()) <= 3}
    turns = _parse_turns(text, 0, speakers, sorted(others))
    if not turns:
        return None
    return speakers, turns


def _refs(element: Any, name: str) -> list[str]:
    return [normalize_guid(r.get("targetGUID")) for r in _children(element, name)]


def _source_key(name: str) -> str:
    """A transcript key from a source name: the name itself when it is a safe relative path with ``/``
    (as odskcode names its sources: ``bitung/I01.md``); unsafe characters become ``_``, and empty,
    ``.`` and ``..`` parts are dropped."""
    parts = (re.sub(r"[\\:*?\"<>|\x00-\x1f]+", "_", part).strip(" .") for part in name.split("/"))
    cleaned = "/".join(part for part in parts if part) or "sumber"
    return cleaned[:120].rstrip("/")


def _source_text(
    path: Path,
    archive: zipfile.ZipFile,
    members: dict[str, zipfile.ZipInfo],
    src: Any,
    name: str,
    problems: list[Msg],
) -> tuple[str | None, list[int]]:
    """The plain text of a TextSource: its ``plainTextPath`` in ``sources/``, or its PlainTextContent."""
    content = _child(src, "PlainTextContent")
    plain = (src.get("plainTextPath") or "").strip()
    if plain:
        relative = re.sub(r"^(internal|relative)://", "", plain).replace("\\", "/").lstrip("/")
        candidates = [posixpath.normpath("sources/" + relative), posixpath.normpath(relative)]
        member = next((c for c in candidates if c in members), None)
        if member is None and content is None:
            problems.append(msg("refi.missing_source", name=name, member=candidates[0]))
            return None, []
        if member is not None:
            return decode_source(_read_member(path, archive, members[member]))
    if content is not None:
        return decode_source(_text_of(content).encode("utf-8"))
    problems.append(msg("refi.missing_source", name=name, member="sources/?"))
    return None, []


def _coding(
    element: Any,
    key: str,
    start: int,
    end: int,
    default_user: str,
    users: dict[str, str],
    code_ids: dict[str, str],
    notes: dict[str, str],
    extra: dict[str, Any],
    problems: list[Msg],
    source: str,
) -> list[Coding]:
    ref = _child(element, "CodeRef")
    target = normalize_guid(ref.get("targetGUID")) if ref is not None else ""
    if target not in code_ids:
        problems.append(msg("refi.unknown_code", name=source, guid=target or "?"))
        return []
    user = normalize_guid(element.get("creatingUser")) or default_user
    coder = users.get(user) or (user if user else "import")
    valence = "netral"
    memo_parts = []
    for note in _refs(element, "NoteRef"):
        text = notes.get(note, "")
        found = VALENCE_NOTE_RE.match(text)
        if found:
            valence = found.group(1).lower()
        elif text.strip():
            memo_parts.append(text.strip())
    info = extra.get(normalize_guid(element.get("guid")), {})
    return [
        Coding(
            key,
            start,
            end,
            code_ids[target],
            coder,
            valence,
            "\n\n".join(memo_parts),
            info.get("origin") or "import",
            info.get("rule") or "",
            str(info["segment"]) if "segment" in info else UNPLACED,
        )
    ]


# --------------------------------------------------------------------------- codebook from REFI
def refi_codebook(
    codes: list[RefiCode], sets: list[tuple[str, str, list[str]]], lang: str, ident: str, title: str
) -> Codebook:
    """A one-language codebook without rules from REFI codes: labels from names, definitions from
    descriptions, colours kept; roles from the ``odskcode role: …`` sets, else ``other``."""
    from .model import ROLES

    role_of: dict[str, str] = {}
    for name, _, members in sets:
        found = ROLE_SET_RE.match(name)
        if found and found.group(1) in ROLES:
            for member in members:
                role_of[member] = found.group(1)
    by_guid = {c.guid: c for c in codes}
    built: dict[str, Code] = {}
    for c in codes:
        top = c
        while top.parent:
            top = by_guid[top.parent]
        built[c.id] = Code(
            id=c.id,
            role=role_of.get(top.guid, "other"),
            label={lang: c.name.strip() or c.id},
            parent=by_guid[c.parent].id if c.parent else None,
            definition={lang: c.description} if c.description else {},
            color=c.color,
        )
    for code in built.values():
        if code.parent:
            built[code.parent].children.append(code.id)
    code_sets = [
        CodeSet(name, [by_guid[m].id for m in members if m in by_guid], {lang: description} if description else {})
        for name, description, members in sets
        if not ROLE_SET_RE.match(name)
    ]
    return Codebook(id=slug(ident), title={lang: title}, languages=[lang], codes=built, sets=code_sets)


def read_qdc(path: str | Path, lang: str = "id") -> Codebook:
    """A ``.qdc`` codebook (or the code book of a ``.qdpx``) as an odskcode codebook, validated."""
    path = Path(path)
    if path.suffix.lower() == ".qdpx":
        project = read_qdpx(path)
        codebook = refi_codebook(project.codes, project.sets, lang, path.stem, project.name)
        return _validated(codebook, path)
    if not path.is_file():
        raise _fail(path, msg("refi.not_found"), hint=msg("refi.not_found_hint"))
    data = path.read_bytes()
    if len(data) > MAX_MEMBER_BYTES:
        raise _fail(path, msg("refi.bomb", member=path.name, size=len(data)))
    root = parse_xml(data, path, path.name)
    if _local(root) != "CodeBook":
        raise _fail(path, msg("refi.not_codebook", found=_local(root)))
    codes: list[RefiCode] = []
    codes_el = _child(root, "Codes")
    if codes_el is not None:
        codes = _read_codes(path, codes_el)
    if not codes:
        raise _fail(path, msg("refi.no_codes"))
    used: dict[str | None, set[str]] = {}
    by_guid = {c.guid: c for c in codes}
    for c in codes:
        prefix = by_guid[c.parent].id + "." if c.parent else ""
        c.id = prefix + _unique(slug(c.name), used.setdefault(c.parent, set()))
    sets = []
    sets_el = _child(root, "Sets")
    for st in _children(sets_el, "Set") if sets_el is not None else []:
        members = [normalize_guid(m.get("guid") or m.get("targetGUID")) for m in _children(st, "MemberCode")]
        sets.append((st.get("name") or "", _text_of(_child(st, "Description")).strip(), members))
    return _validated(refi_codebook(codes, sets, lang, path.stem, path.stem), path)


def _validated(codebook: Codebook, path: Path) -> Codebook:
    """Dump and reload through the validator: an imported codebook must load (warnings allowed)."""
    from .codebook import dump_codebook, validate_text
    from .errors import CodebookError

    report, loaded = validate_text(dump_codebook(codebook), str(path))
    if loaded is None:  # pragma: no cover - a bug in the conversion, not in the file
        raise CodebookError(report.errors[0].message, file=path)
    loaded.path = None
    return loaded


# --------------------------------------------------------------------------- importing into a project
@dataclass
class QdpxImport:
    path: Path
    sources_added: list[str]
    sources_unchanged: list[str]
    codes_added: int
    codes_total: int
    codings_added: int
    codings_unchanged: int
    coders: list[str]
    memos_added: int
    warnings: list[Any]
    decisions_added: int = 0
    codebook_replaced: bool = False  # a new, empty project took the archive's odskcode codebook whole


def merge_codebooks(base: Codebook, extra: Codebook) -> tuple[Codebook, int]:
    """``base`` with the codes of ``extra`` it does not have (under their parents), and ``extra``'s sets."""
    import copy

    merged = copy.deepcopy(base)
    added = 0
    for code in extra.codes.values():
        if code.id in merged.codes:
            continue
        new = copy.deepcopy(code)
        new.children = []
        if new.parent and new.parent in merged.codes:
            new.role = merged.codes[new.parent].role
            merged.codes[new.parent].children.append(new.id)
        merged.codes[new.id] = new
        added += 1
    # keep pre-order: rebuild the dict by walking the tree
    ordered: dict[str, Code] = {}

    def visit(cid: str) -> None:
        ordered[cid] = merged.codes[cid]
        for child in merged.codes[cid].children:
            visit(child)

    for cid, code in merged.codes.items():
        if code.parent is None:
            visit(cid)
    merged.codes = ordered
    names = {s.name for s in merged.sets}
    merged.sets.extend(copy.deepcopy(s) for s in extra.sets if s.name not in names)
    return merged, added


def import_qdpx(project: Project, path: str | Path) -> QdpxImport:
    """Import a ``.qdpx`` into the project: sources as transcripts, codes into the project's codebook,
    users as coders, codings at their exact positions, notes as memos. All or nothing."""
    import os
    import tempfile

    from .codebook import dump_codebook, validate_text
    from .project import text_hash, transcript_data, transcript_from_row
    from .store import Store, now
    from .transcripts import _parse_paragraphs, segment_at, segments

    path = Path(path)
    base = project.codebook()
    refi = read_qdpx(path, match=base, match_names=[project.settings.name])
    incoming = refi.codebook or refi_codebook(refi.codes, refi.sets, project.settings.lang, path.stem, refi.name)
    with project.store() as store:
        empty = store.conn.execute("SELECT (SELECT count(*) FROM transcripts) + (SELECT count(*) FROM codings)")
        fresh = empty.fetchone()[0] == 0
    carried = refi.codebook
    replaced = fresh and carried is not None and dump_codebook(carried) != dump_codebook(base)
    merged: Codebook
    if replaced and carried is not None:  # a new project takes the exported project's codebook whole
        merged, added = carried, sum(1 for cid in incoming.codes if cid not in base.codes)
    else:
        merged, added = merge_codebooks(base, incoming)
    report, checked = validate_text(dump_codebook(merged), str(project.codebook_path))
    if checked is None:
        raise ProjectError(report.errors[0].message, file=project.codebook_path, line=report.errors[0].line)
    transcripts: list[Transcript] = []
    for source in refi.sources:
        tr = source.stored
        grouped = _focus_group_turns(source.text, source.cases) if tr is None and source.cases else None
        if grouped is not None:
            speakers, turns = grouped
            first = next(t.informant for t in turns if t.informant)
            kinds = {str(v.get("source", "")).strip().lower() for _, v in source.cases} - {""}
            kind = (
                kinds.pop() if len(kinds) == 1 and kinds <= {"wawancara", "observasi", "dokumentasi"} else "wawancara"
            )
            tr = Transcript(key=source.key, path=f"{path.name}:{source.name}", text=source.text, source=kind,
                            informant=first, speakers=speakers, turns=turns)  # fmt: skip
        if tr is None:
            informant = source.informant or Path(source.key).stem
            kind = str(source.meta.get("source", "")).strip().lower()
            kind = kind if kind in ("wawancara", "observasi", "dokumentasi") else "dokumentasi"
            meta = {k: v for k, v in source.meta.items() if k != "source"}
            tr = Transcript(
                key=source.key,
                path=f"{path.name}:{source.name}",
                text=source.text,
                source=kind,
                informant=informant,
                meta=meta,
                turns=_parse_paragraphs(source.text, 0, informant),
            )
        transcripts.append(tr)
    result = QdpxImport(
        path, [], [], added, len(merged.codes), 0, 0, sorted(set(refi.users.values())), 0, list(refi.warnings)
    )
    result.codebook_replaced = replaced
    unit = project.settings.unit
    # a source the project holds already keeps its own segments (its speaker turns, not the archive's paragraphs)
    with project.store() as store:
        held = {r["key"]: r for r in store.conn.execute("SELECT * FROM transcripts")}
    seg_index = {
        tr.key: segments(transcript_from_row(held[tr.key]) if tr.key in held else tr, unit) for tr in transcripts
    }
    # the codebook goes to a temporary file first; it replaces the old one only once the database committed
    codebook_text = dump_codebook(merged) if replaced or added or merged.sets != base.sets else None
    tmp_name = None
    if codebook_text is not None:
        fd, tmp_name = tempfile.mkstemp(prefix=".codebook.", suffix=".tmp", dir=project.codebook_path.parent)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(codebook_text)
    try:
        with project.store() as store, store.write() as conn:
            existing = {r["key"]: r for r in conn.execute("SELECT id, key, hash FROM transcripts")}
            owners = {inf: key for key, row in held.items() for inf in transcript_from_row(row).informants()}
            for tr in transcripts:  # one transcript per informant id, as a folder import keeps it
                if tr.key in existing:
                    continue
                for inf in tr.informants():
                    other = owners.setdefault(inf, tr.key)
                    if other != tr.key:
                        raise ProjectError(
                            msg("refi.duplicate_informant", key=tr.key, informant=inf, other=other),
                            file=path,
                            hint=msg("refi.duplicate_informant_hint"),
                        )
            ids: dict[str, int] = {}
            for tr in transcripts:
                digest = text_hash(tr.text)
                old = existing.get(tr.key)
                if old is not None:
                    if old["hash"] != digest:
                        raise ProjectError(
                            msg("refi.changed_source", key=tr.key), file=path, hint=msg("refi.changed_source_hint")
                        )
                    ids[tr.key] = old["id"]
                    result.sources_unchanged.append(tr.key)
                    continue
                cur = conn.execute(
                    "INSERT INTO transcripts(key, path, source, informant, text, hash, data, imported_at, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (tr.key, tr.path, tr.source, tr.informant, tr.text, digest, transcript_data(tr), now(), now()),
                )
                ids[tr.key] = int(cur.lastrowid or 0)
                result.sources_added.append(tr.key)
            for coder in result.coders:
                Store.ensure_coder(conn, coder)
            texts = {tr.key: tr.text for tr in transcripts}
            for c in refi.codings:
                Store.ensure_coder(conn, c.coder)
                segment = c.segment
                if segment == UNPLACED:  # from another program: the segment the selection starts in
                    located = segment_at(seg_index[c.transcript], c.start)
                    segment = located.id if located is not None and c.end <= located.end else ""
                cur = conn.execute(
                    'INSERT OR IGNORE INTO codings(transcript_id, start, "end", code, coder, valence, memo, origin, '
                    "rule, segment, created_at, status, anchor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ok', ?)",
                    (
                        ids[c.transcript],
                        c.start,
                        c.end,
                        c.code,
                        c.coder,
                        c.valence,
                        c.memo,
                        c.origin,
                        c.rule,
                        segment,
                        now(),
                        texts[c.transcript][c.start : c.end],
                    ),
                )
                if cur.rowcount:
                    result.codings_added += 1
                else:
                    result.codings_unchanged += 1
            for memo in refi.memos:
                tid = ids.get(memo["transcript"]) if memo["transcript"] else None
                values = (tid, memo["segment"], memo["code"], memo["coder"], memo["text"])
                # the same text on the same transcript is the same memo, whoever the archive names as its writer
                # (a program that re-exports an odskcode project drops who wrote it)
                same = conn.execute("SELECT 1 FROM memos WHERE transcript_id IS ? AND text = ?", (tid, memo["text"]))
                same = same.fetchone()
                if same is None and memo["text"].strip():
                    Store.ensure_coder(conn, memo["coder"])
                    conn.execute(
                        "INSERT INTO memos(transcript_id, segment, code, coder, text, at) VALUES (?, ?, ?, ?, ?, ?)",
                        (*values, now()),
                    )
                    result.memos_added += 1
            for d in refi.decisions:
                if d.get("transcript") not in ids or not isinstance(d.get("coder"), str):
                    continue
                Store.ensure_coder(conn, d["coder"])
                cur = conn.execute(
                    "INSERT OR IGNORE INTO decisions(transcript_id, segment, coder, code, decision, at) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        ids[d["transcript"]],
                        str(d.get("segment") or ""),
                        d["coder"],
                        str(d.get("code") or ""),
                        d["decision"],
                        str(d.get("at") or now()),
                    ),
                )
                result.decisions_added += cur.rowcount
            Store.log(
                conn,
                "import-qdpx",
                file=str(path),
                origin=refi.origin,
                sources=result.sources_added,
                codes_added=added,
                codings=result.codings_added,
            )
        if tmp_name is not None:
            os.replace(tmp_name, project.codebook_path)
            tmp_name = None
    finally:
        if tmp_name is not None:
            Path(tmp_name).unlink(missing_ok=True)
    return result


def import_codebook_file(path: str | Path, output: str | Path | None = None, lang: str = "id") -> tuple[Codebook, str]:
    """A ``.qdc`` (or a ``.qdpx``'s code book) as YAML; written atomically to ``output`` when given."""
    from .codebook import dump_codebook
    from .project import write_atomic

    codebook = read_qdc(path, lang)
    text = dump_codebook(codebook)
    if output is not None:
        write_atomic(Path(output), text)
    return codebook, text
