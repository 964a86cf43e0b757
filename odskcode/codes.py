"""Code management without loss: rename, merge and move the codes of a project.

:func:`rename_code`, :func:`merge_codes` and :func:`move_code` change the project's
``codebook.yaml`` and, in one store transaction, every coding, decision and memo that
uses the codes concerned. Each returns a :class:`CodeChange` (what changed, with counts
before and after); with ``dry_run`` nothing is written and the same report says what
would change.

Ids encode the tree (``efektivitas.perencanaan`` is the child ``perencanaan`` of
``efektivitas``), so renaming or moving a code changes the ids of all its descendants
too (``OLD.x`` becomes ``NEW.x``), and their codings follow.

**Both or neither.** The codebook file and the database change together:

1. the new codebook text is made (comments and layout kept, see :mod:`odskcode.cbedit`),
   validated, and checked against the expected codebook;
2. it is written to a temporary file beside ``codebook.yaml``, and the current file is
   copied to a second temporary file;
3. in one ``BEGIN IMMEDIATE`` transaction: the codebook file is checked to be unchanged
   since step 1, the codings, decisions and memos are updated, the action is logged, and
   as the last step the new file is renamed over ``codebook.yaml``; then the transaction commits;
4. if anything fails before the commit, the transaction rolls back, and if the rename had
   already happened the copy of the old file is renamed back. The temporary files are removed.

The one case this cannot cover is the machine stopping between the rename and the
commit (a few microseconds): the codebook is then new and the database old, which the
log shows (the last ``codes.*`` entry is missing).
"""

from __future__ import annotations

import copy
import dataclasses
import difflib
import os
import re
import sqlite3
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .cbedit import (
    RULE_LISTS,
    TEXT_FIELDS,
    Doc,
    Edit,
    Unsupported,
    flow,
    mapped_refs,
    mention_pattern,
    rule_items,
    rules_dict,
    scalar,
)
from .errors import CodebookError, ProjectError
from .i18n import msg
from .model import Code, Codebook, CodeSet, Near
from .project import Project

ID_PART = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass
class CodeChange:
    """What a rename, merge or move changed (or, with ``dry_run``, would change)."""

    action: str  # rename | merge | move
    mapping: dict[str, str]  # codebook ids: old -> new (a merge maps each source to the target)
    removed: list[str] = field(default_factory=list)  # codes taken out of the codebook (merge sources)
    codings: int = 0  # codings whose code changed
    codings_collapsed: int = 0  # of those, duplicates of another coding (same range and coder) folded into it
    codings_before: int = 0  # codings in the project, before and after
    codings_after: int = 0
    decisions: int = 0
    decisions_collapsed: int = 0
    decisions_before: int = 0
    decisions_after: int = 0
    memos: int = 0
    valence_conflicts: int = 0  # collapsed codings whose valence differed from the kept one
    decision_conflicts: int = 0  # collapsed decisions that said otherwise (accepted / rejected)
    collapsed: list[dict[str, Any]] = field(default_factory=list)  # the codings taken out, as they were
    role: tuple[str, str] | None = None  # (old, new) when the code's role changes
    folded: dict[str, int] = field(default_factory=dict)  # merge: items added to the target, per rule key
    mentions: int = 0  # ids mentioned in definitions and when-to-use texts, updated
    layout_kept: bool = True  # False: the codebook was written anew from its data (comments lost)
    codebook: str = ""  # the codebook file
    patch: str = ""  # unified diff of the codebook text
    dry_run: bool = False

    def to_dict(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        out["role"] = list(self.role) if self.role else None
        return out


@dataclass
class _Edit:
    """A planned codebook change: the new text and what the database must follow."""

    base: str  # the codebook text the edit was made from
    raw: bytes  # the file's bytes then
    text: str
    layout_kept: bool
    db_map: Callable[[str], str | None]  # stored code -> new code, None: unchanged
    rank: Callable[[str], int]  # which of several collapsing codings is kept (lower first)
    mentions: int = 0
    folded: dict[str, list[Any]] = field(default_factory=dict)


# --------------------------------------------------------------------------- public functions
def rename_code(project: Project, old: str, new: str, dry_run: bool = False) -> CodeChange:
    """Give code ``old`` (and its descendants ``old.*``) the id ``new``, with all their codings.

    ``new`` may name another parent (``kendala.sdm`` to ``hambatan.sdm``): the code then also moves.
    """
    return _relocate(project, "rename", old, new, dry_run)


def move_code(project: Project, code: str, parent: str | None, dry_run: bool = False) -> CodeChange:
    """Put ``code`` under ``parent`` (None: at the top level); its id becomes ``parent.<last part>``."""
    cb = _codebook(project)[1]
    if code not in cb.codes:
        raise _unknown(project, cb, code)
    if parent is not None and parent not in cb.codes:
        raise _unknown(project, cb, parent, "codes.no_parent")
    local = code.rsplit(".", 1)[-1]
    return _relocate(project, "move", code, f"{parent}.{local}" if parent else local, dry_run)


def merge_codes(
    project: Project, sources: Iterable[str], target: str, dry_run: bool = False, fold: bool = True
) -> CodeChange:
    """Make the codings, decisions and memos of ``sources`` those of ``target`` and drop the sources.

    Codings that become duplicates (same transcript, range and coder) collapse into one: the
    target's own coding is kept if there is one, else the first source's (in the order given);
    memos are joined, rules joined; a different valence is counted and the taken-out codings
    are kept in the log. With ``fold``, the sources' rules and examples are added to the
    target's, so that ``autocode`` keeps finding what the sources found.
    """
    text, cb, raw = _codebook(project)
    wanted = list(dict.fromkeys(sources))
    if not wanted:
        raise ProjectError(msg("codes.merge_into"))
    for code in [*wanted, target]:
        if code not in cb.codes:
            raise _unknown(project, cb, code)
    if target in wanted:
        raise ProjectError(msg("codes.merge_self", code=target))
    for code in wanted:
        if cb.codes[code].children:
            raise ProjectError(
                msg("codes.merge_children", code=code),
                hint=msg("codes.merge_children_hint", child=cb.codes[code].children[0], target=target),
            )
    source_set = set(wanted)

    def f(code: str) -> str:
        return target if code in source_set else code

    expected, mentions, folded = _model_merge(cb, wanted, target, f, fold)
    new_text, kept = _text_merge(text, wanted, target, f, expected, folded)
    order = {code: i + 1 for i, code in enumerate(wanted)}
    plan = _Edit(
        text,
        raw,
        new_text,
        kept,
        db_map=lambda c: target if c in source_set else None,
        rank=lambda c: order.get(c, 0),
        mentions=mentions,
        folded=folded,
    )
    change = CodeChange("merge", {code: target for code in wanted}, removed=wanted)
    roles = [cb.codes[c].role for c in wanted if cb.codes[c].role != cb.codes[target].role]
    if roles:
        change.role = (roles[0], cb.codes[target].role)
    details = {"sources": wanted, "target": target, "fold": fold}
    return _commit(project, change, plan, details, dry_run)


# --------------------------------------------------------------------------- checks
def _codebook(project: Project) -> tuple[str, Codebook, bytes]:
    """(normalised text, codebook, raw bytes) of the project's codebook; an invalid one raises."""
    from .codebook import load_codebook, validate_text

    path = project.codebook_path
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError):
        load_codebook(path)  # raises the codebook error that says what is wrong
        raise
    _, cb = validate_text(text, str(path))
    if cb is None:
        load_codebook(path)
        raise CodebookError(msg("cb.not_found"), file=path)  # pragma: no cover - load_codebook raised
    return text, cb, raw


def _file(project: Project) -> str:
    return project.settings.codebook


def _unknown(project: Project, cb: Codebook, code: str, key: str = "codes.unknown") -> ProjectError:
    tails = [c for c in cb.codes if c.endswith("." + code)]  # 'sdm_kurang' for 'kendala.sdm_kurang'
    heads = [c for c in cb.codes if c.startswith(code) and c != code]  # a cut-off id: 'kendala.sdm'
    close = tails[:1] or heads[:1] or difflib.get_close_matches(code, list(cb.codes), n=1, cutoff=0.6)
    suggestion = msg("cb.did_you_mean", word=close[0]) if close else ""
    return ProjectError(
        msg(key, code=code, file=_file(project), suggestion=suggestion),
        hint=msg("codes.unknown_hint", file=_file(project)),
    )


def _parent(code_id: str) -> str | None:
    return code_id.rsplit(".", 1)[0] if "." in code_id else None


def _local(code_id: str) -> str:
    return code_id.rsplit(".", 1)[-1]


# --------------------------------------------------------------------------- rename / move
def _relocate(project: Project, action: str, old: str, new: str, dry_run: bool) -> CodeChange:
    text, cb, raw = _codebook(project)
    if old not in cb.codes:
        raise _unknown(project, cb, old)
    if not all(ID_PART.match(part) for part in new.split(".")):
        raise ProjectError(msg("codes.bad_id", code=new))
    if new == old:
        raise ProjectError(msg("codes.same", code=old))
    if new in cb.codes:
        raise ProjectError(
            msg("codes.exists", code=new, file=_file(project)), hint=msg("codes.exists_hint", old=old, code=new)
        )
    if new.startswith(old + "."):
        raise ProjectError(msg("codes.into_self", code=old, new=new))
    parent = _parent(new)
    if parent is not None and parent not in cb.codes:
        raise _unknown(project, cb, parent, "codes.no_parent")

    def f(code: str) -> str:
        return new + code[len(old) :] if code == old or code.startswith(old + ".") else code

    def db_map(code: str) -> str | None:
        mapped = f(code)
        return mapped if mapped != code else None

    expected, mentions = _model_relocate(cb, old, new, f)
    new_text, kept = _text_relocate(text, cb, old, new, f, expected)
    plan = _Edit(text, raw, new_text, kept, db_map=db_map, rank=lambda c: 1, mentions=mentions)
    subtree = [old, *(c.id for c in cb.descendants(old))]
    change = CodeChange(action, {c: f(c) for c in subtree})
    new_role = expected.codes[new].role
    if new_role != cb.codes[old].role:
        change.role = (cb.codes[old].role, new_role)
    details: dict[str, Any] = {"old": old, "new": new}
    if action == "move":
        details = {"code": old, "parent": parent, "new": new}
    return _commit(project, change, plan, details, dry_run)


def _rebuild(cb: Codebook, codes: dict[str, Code], roots: list[str]) -> Codebook:
    ordered: dict[str, Code] = {}

    def visit(code_id: str) -> None:
        ordered[code_id] = codes[code_id]
        for child in codes[code_id].children:
            visit(child)

    for root in roots:
        visit(root)
    return dataclasses.replace(cb, codes=ordered)


def _rewrite_code(code: Code, own: str, f: Callable[[str], str], pattern: re.Pattern[str] | None) -> int:
    """Map the ``not_with`` references and the mentions in the texts of ``code`` (in place); count mentions."""
    refs = mapped_refs(own, code.rules.not_with, f)
    if refs is not None:
        code.rules.not_with = [r for r in refs if r is not None]
    mentions = 0
    if pattern is not None:
        for key in TEXT_FIELDS:
            texts: dict[str, str] = getattr(code, key)
            for lang, value in texts.items():
                texts[lang], n = pattern.subn(lambda m: f(m.group(0)), value)
                mentions += n
    return mentions


def _model_relocate(cb: Codebook, old: str, new: str, f: Callable[[str], str]) -> tuple[Codebook, int]:
    """The codebook as it must read after ``old`` became ``new``, and the number of mentions updated."""
    subtree = {old, *(c.id for c in cb.descendants(old))}
    parent = _parent(new)
    role = cb.codes[parent].role if parent is not None else cb.codes[old].role
    pattern = mention_pattern(subtree)
    codes: dict[str, Code] = {}
    mentions = 0
    for code in cb.codes.values():
        c = copy.deepcopy(code)
        c.id = f(code.id)
        c.parent = parent if code.id == old else (f(code.parent) if code.parent else None)
        c.children = [f(x) for x in code.children]
        if code.id in subtree:
            c.role = role
        mentions += _rewrite_code(c, c.id, f, pattern)
        codes[c.id] = c
    roots = [f(c.id) for c in cb.categories()]
    old_parent = cb.codes[old].parent
    if old_parent != parent:
        (codes[old_parent].children if old_parent else roots).remove(new)
        (codes[parent].children if parent else roots).append(new)
    return dataclasses.replace(_rebuild(cb, codes, roots), sets=_model_sets(cb, f)), mentions


def _not_with_edits(doc: Doc, code_id: str, own: str, f: Callable[[str], str]) -> list[Edit]:
    import yaml

    entry = doc.codes[code_id].fields.get("rules")
    if entry is None or not isinstance(entry[1], yaml.MappingNode):
        return []
    seq_entry = doc.fields(entry[1]).get("not_with")
    if seq_entry is None or not isinstance(seq_entry[1], yaml.SequenceNode):
        return []
    return _ref_edits(doc, seq_entry[1], own, f)


def _set_edits(doc: Doc, f: Callable[[str], str]) -> list[Edit]:
    """Edits that map the members of the named code sets."""
    return [edit for seq in doc.set_lists for edit in _ref_edits(doc, seq, "", f)]


def _model_sets(cb: Codebook, f: Callable[[str], str]) -> list[CodeSet]:
    out = []
    for code_set in cb.sets:
        refs = mapped_refs("", code_set.codes, f)
        members = list(code_set.codes) if refs is None else [r for r in refs if r is not None]
        out.append(CodeSet(code_set.name, members, dict(code_set.description)))
    return out


def _ref_edits(doc: Doc, seq: Any, own: str, f: Callable[[str], str]) -> list[Edit]:
    """Edits that map a list of code ids (``not_with``, a set's ``codes``)."""
    import yaml

    if any(not isinstance(item, yaml.ScalarNode) for item in seq.value):
        raise Unsupported("a code reference that is not text")
    refs = [str(item.value).strip() for item in seq.value]
    new = mapped_refs(own, refs, f)
    if new is None:
        return []
    if seq.flow_style:
        return [doc.replace(seq, flow([r for r in new if r is not None]))]
    edits = []
    for i, value in enumerate(new):
        if value is None:
            edits.append(doc.remove_item(seq, i))
        elif value != refs[i]:
            edits.append(doc.replace(seq.value[i], scalar(value)))
    return edits


def _text_relocate(
    text: str, cb: Codebook, old: str, new: str, f: Callable[[str], str], expected: Codebook
) -> tuple[str, bool]:
    """The codebook text after the move, comments kept where possible; (text, layout kept)."""

    def edit() -> str:
        doc = Doc(text)
        subtree = {old, *(c.id for c in cb.descendants(old))}
        pattern = mention_pattern(subtree)
        old_parent, parent = cb.codes[old].parent, _parent(new)
        edits: list[Edit] = []
        node = doc.codes[old]
        if old_parent == parent and _local(old) != _local(new):
            edits.append(doc.replace(node.fields["id"][1], scalar(_local(new))))
        for code_id in doc.codes:
            edits += _not_with_edits(doc, code_id, f(code_id), f)
            if pattern is not None:
                edits += doc.mention_edits(code_id, pattern, f)
        edits += _set_edits(doc, f)
        if old_parent is None and parent is not None:
            edits.append(doc.remove_key(node.node, "role"))
        elif old_parent is not None and parent is None:
            edits.append(doc.add_after(node.node, "id", f"role: {scalar(cb.codes[old].role)}"))
        out = doc.apply(text, edits)
        if old_parent == parent:
            return out
        doc = Doc(out)
        inside = []
        if _local(old) != _local(new):
            inside.append(doc.replace(doc.codes[old].fields["id"][1], scalar(_local(new))))
        out, block = doc.cut(old, inside)
        return Doc(out).paste(block, parent)

    return _checked(edit, expected)


def _checked(edit: Callable[[], str], expected: Codebook) -> tuple[str, bool]:
    """The edited text if it loads to ``expected``; else the codebook written from its data."""
    from .codebook import codebook_to_dict, dump_codebook, validate_text

    want = codebook_to_dict(expected)
    try:
        text = edit()
        _, got = validate_text(text, "codebook.yaml")
        if got is not None and codebook_to_dict(got) == want:
            return text, True
    except Unsupported:
        pass
    text = dump_codebook(expected)
    report, got = validate_text(text, "codebook.yaml")
    if got is None or codebook_to_dict(got) != want:  # pragma: no cover - a bug, refuse to write
        first = report.errors[0].message if report.errors else "?"
        raise ProjectError(msg("codes.bad_result", first=first))
    return text, False


# --------------------------------------------------------------------------- merge
def _model_merge(
    cb: Codebook, sources: list[str], target: str, f: Callable[[str], str], fold: bool
) -> tuple[Codebook, int, dict[str, list[Any]]]:
    """The codebook after the merge, the mentions updated, and what was folded into the target."""
    pattern = mention_pattern(sources)
    codes: dict[str, Code] = {}
    mentions = 0
    for code in cb.codes.values():
        if code.id in sources:
            continue
        c = copy.deepcopy(code)
        c.children = [x for x in c.children if x not in sources]
        # the target's own texts keep their mentions of the sources: "not X (source)" would become "not X (itself)"
        mentions += _rewrite_code(c, c.id, f, pattern if c.id != target else None)
        codes[c.id] = c
    roots = [c.id for c in cb.categories() if c.id not in sources]
    folded: dict[str, list[Any]] = {}
    if fold:
        into = codes[target]
        for key in RULE_LISTS:
            have = rule_items(into.rules, key)
            add: list[Any] = []
            for source in sources:
                for item in rule_items(cb.codes[source].rules, key):
                    value = f(item) if key == "not_with" else item
                    if value in have or value in add or (key == "not_with" and value == target):
                        continue
                    add.append(value)
            if add:
                folded[key] = add
                items = have + add
                if key == "all":
                    into.rules.all = [list(g) for g in items]
                elif key == "near":
                    into.rules.near = [Near(list(n["words"]), n["within"]) for n in items]
                else:
                    setattr(into.rules, key, list(items))
        examples: list[dict[str, str]] = []
        for source in sources:
            for example in cb.codes[source].examples:
                if example not in into.examples and example not in examples:
                    examples.append(dict(example))
        if examples:
            folded["examples"] = examples
            into.examples = [*into.examples, *examples]
    return dataclasses.replace(_rebuild(cb, codes, roots), sets=_model_sets(cb, f)), mentions, folded


def _text_merge(
    text: str,
    sources: list[str],
    target: str,
    f: Callable[[str], str],
    expected: Codebook,
    folded: dict[str, list[Any]],
) -> tuple[str, bool]:
    def edit() -> str:
        doc = Doc(text)
        pattern = mention_pattern(sources)
        edits: list[Edit] = []
        for code_id in doc.codes:
            if code_id in sources:
                continue
            edits += _not_with_edits(doc, code_id, code_id, f)
            if pattern is not None and code_id != target:
                edits += doc.mention_edits(code_id, pattern, f)
        edits += _set_edits(doc, f)
        out = doc.apply(text, edits)
        if folded:
            doc = Doc(out)
            out = doc.apply(out, _fold_edits(doc, target, expected.codes[target], folded))
        for source in sources:
            out = Doc(out).cut(source)[0]
        return out

    return _checked(edit, expected)


def _fold_edits(doc: Doc, target: str, merged: Code, folded: dict[str, list[Any]]) -> list[Edit]:
    """Edits that add the folded rules and examples to the target's text."""
    import yaml

    node = doc.codes[target]
    edits: list[Edit] = []
    rule_adds = {k: v for k, v in folded.items() if k in RULE_LISTS}
    if rule_adds:
        entry = node.fields.get("rules")
        merged_rules = rules_dict(merged.rules)
        if entry is None:
            if node.node.flow_style:
                lines = [f"rules: {flow(merged_rules)}"]
            else:
                lines = ["rules:", *(f"  {k}: {flow(v)}" for k, v in merged_rules.items())]
            edits.append(doc.add_key(node.node, lines, before=("children",)))
        elif not isinstance(entry[1], yaml.MappingNode) or entry[1].flow_style:
            edits.append(doc.replace(entry[1], flow(merged_rules)))
        else:
            fields = doc.fields(entry[1])
            new_keys = []
            for key, add in rule_adds.items():
                if key not in fields:
                    new_keys.append(f"{key}: {flow(add)}")
                    continue
                value = fields[key][1]
                appendable = isinstance(value, yaml.SequenceNode) and bool(value.value)
                if appendable and key == "all":  # a flat list is one group: write the groups out
                    appendable = all(isinstance(i, yaml.SequenceNode) for i in value.value)
                if appendable and key == "near":
                    appendable = all(isinstance(i, yaml.MappingNode) for i in value.value)
                if appendable:
                    edits.append(doc.append_items(value, add))  # type: ignore[arg-type]
                else:
                    edits.append(doc.replace(value, flow(rule_items(merged.rules, key))))
            if new_keys:
                edits.append(doc.add_key(entry[1], new_keys))
    examples = folded.get("examples")
    if examples:
        entry = node.fields.get("examples")
        if entry is None:
            if node.node.flow_style:
                lines = [f"examples: {flow(examples)}"]
            else:
                lines = ["examples:", *(f"  - {flow(e)}" for e in examples)]
            edits.append(doc.add_key(node.node, lines, before=("rules", "children")))
        elif isinstance(entry[1], yaml.SequenceNode) and entry[1].value:
            edits.append(doc.append_items(entry[1], examples))
        else:
            edits.append(doc.replace(entry[1], flow(merged.examples)))
    return edits


# --------------------------------------------------------------------------- the store
@dataclass
class _DbPlan:
    coding_updates: list[tuple[str, str, str, int]] = field(default_factory=list)  # code, memo, rule, id
    coding_deletes: list[int] = field(default_factory=list)
    decision_updates: list[tuple[str, int]] = field(default_factory=list)
    decision_deletes: list[int] = field(default_factory=list)
    memo_updates: list[tuple[str, int]] = field(default_factory=list)
    codings: int = 0
    decisions: int = 0
    codings_total: int = 0
    decisions_total: int = 0
    valence_conflicts: int = 0
    decision_conflicts: int = 0
    collapsed: list[dict[str, Any]] = field(default_factory=list)


def _join(values: Iterable[str], sep: str) -> str:
    seen: list[str] = []
    for value in values:
        for part in value.split(sep) if sep != "\n" else [value]:
            part = part.strip()
            if part and part not in seen:
                seen.append(part)
    return sep.join(seen)


def _plan_db(conn: sqlite3.Connection, db_map: Callable[[str], str | None], rank: Callable[[str], int]) -> _DbPlan:
    plan = _DbPlan()
    rows = conn.execute(
        'SELECT c.id, c.transcript_id, t.key, c.start, c."end", c.code, c.coder, c.valence, c.memo, c.rule, '
        "c.origin, c.status FROM codings c JOIN transcripts t ON t.id = c.transcript_id"
    ).fetchall()
    plan.codings_total = len(rows)
    moved = {r["id"]: new for r in rows if (new := db_map(r["code"])) is not None}
    plan.codings = len(moved)
    finals = set(moved.values())
    groups: dict[tuple[Any, ...], list[sqlite3.Row]] = {}
    for r in rows:
        final = moved.get(r["id"])
        if final is None and r["code"] not in finals:
            continue
        key = (r["transcript_id"], r["start"], r["end"], r["coder"], final or r["code"])
        groups.setdefault(key, []).append(r)
    for key, members in groups.items():
        if not any(m["id"] in moved for m in members):
            continue
        members.sort(key=lambda m: (rank(m["code"]) if m["id"] in moved else 0, m["id"]))
        keeper, others = members[0], members[1:]
        memo, rule = keeper["memo"], keeper["rule"]
        if others:  # memos and rules of the collapsed codings are joined into the kept one
            memo = _join((m["memo"] for m in members), "\n")
            rule = _join((m["rule"] for m in members), "; ")
        plan.coding_updates.append((key[-1], memo, rule, keeper["id"]))
        for other in others:
            plan.coding_deletes.append(other["id"])
            if other["valence"] != keeper["valence"]:
                plan.valence_conflicts += 1
            plan.collapsed.append(
                {
                    "transcript": other["key"],
                    "start": other["start"],
                    "end": other["end"],
                    "code": other["code"],
                    "coder": other["coder"],
                    "valence": other["valence"],
                    "memo": other["memo"],
                    "origin": other["origin"],
                    "rule": other["rule"],
                    "status": other["status"],
                    "kept": {"code": keeper["code"], "valence": keeper["valence"]},
                }
            )
    decisions = conn.execute("SELECT id, transcript_id, segment, coder, code, decision FROM decisions").fetchall()
    plan.decisions_total = len(decisions)
    dmoved = {d["id"]: new for d in decisions if d["code"] and (new := db_map(d["code"])) is not None}
    plan.decisions = len(dmoved)
    dfinals = set(dmoved.values())
    dgroups: dict[tuple[Any, ...], list[sqlite3.Row]] = {}
    for d in decisions:
        final = dmoved.get(d["id"])
        if final is None and d["code"] not in dfinals:
            continue
        dgroups.setdefault((d["transcript_id"], d["segment"], d["coder"], final or d["code"]), []).append(d)
    for key, members in dgroups.items():
        if not any(m["id"] in dmoved for m in members):
            continue
        members.sort(key=lambda m: (rank(m["code"]) if m["id"] in dmoved else 0, m["id"]))
        keeper, others = members[0], members[1:]
        if keeper["id"] in dmoved:
            plan.decision_updates.append((key[-1], keeper["id"]))
        for other in others:
            plan.decision_deletes.append(other["id"])
            if other["decision"] != keeper["decision"]:
                plan.decision_conflicts += 1
    for m in conn.execute("SELECT id, code FROM memos WHERE code != ''").fetchall():
        new = db_map(m["code"])
        if new is not None:
            plan.memo_updates.append((new, m["id"]))
    return plan


def _apply_db(conn: sqlite3.Connection, plan: _DbPlan) -> None:
    conn.executemany("DELETE FROM codings WHERE id = ?", [(i,) for i in plan.coding_deletes])
    conn.executemany("DELETE FROM decisions WHERE id = ?", [(i,) for i in plan.decision_deletes])
    conn.executemany("UPDATE codings SET code = ?, memo = ?, rule = ? WHERE id = ?", plan.coding_updates)
    conn.executemany("UPDATE decisions SET code = ? WHERE id = ?", plan.decision_updates)
    conn.executemany("UPDATE memos SET code = ? WHERE id = ?", plan.memo_updates)


# --------------------------------------------------------------------------- writing both
def _swap(source: Path, target: Path) -> None:
    """Rename ``source`` over ``target`` (atomic on every platform Python supports)."""
    os.replace(source, target)


def _encode(text: str, raw: bytes) -> bytes:
    """``text`` in the file's own encoding details: a BOM and CRLF line ends are kept."""
    if b"\r\n" in raw:
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    return (b"\xef\xbb\xbf" + data) if raw.startswith(b"\xef\xbb\xbf") else data


def _write_temp(path: Path, data: bytes, mode: int) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(path, mode)


def _commit(project: Project, change: CodeChange, plan: _Edit, details: dict[str, Any], dry_run: bool) -> CodeChange:
    from .store import Store

    path = project.codebook_path
    text, raw = plan.base, plan.raw
    new_raw = _encode(plan.text, raw)
    change.codebook = str(path)
    change.layout_kept = plan.layout_kept
    change.mentions = plan.mentions
    change.folded = {k: len(v) for k, v in plan.folded.items()}
    change.dry_run = dry_run
    change.patch = "".join(
        difflib.unified_diff(
            text.splitlines(keepends=True),
            plan.text.splitlines(keepends=True),
            fromfile=_file(project),
            tofile=_file(project),
        )
    )
    store = project.store()
    try:
        if dry_run:
            store.conn.execute("BEGIN")
            try:
                db = _plan_db(store.conn, plan.db_map, plan.rank)
            finally:
                store.conn.execute("ROLLBACK")
            return _fill(change, db)
        new_tmp = path.with_name(f".{path.name}.{os.getpid()}.new")
        old_tmp = path.with_name(f".{path.name}.{os.getpid()}.old")
        keep_old = False
        swapped = False
        try:
            try:
                mode = stat.S_IMODE(path.stat().st_mode)
                _write_temp(new_tmp, new_raw, mode)
                _write_temp(old_tmp, raw, mode)
            except OSError as exc:
                raise ProjectError(msg("codes.write_failed", file=_file(project), detail=str(exc))) from exc
            with store.write() as conn:
                if path.read_bytes() != raw:
                    raise ProjectError(msg("codes.codebook_changed", file=_file(project)), hint=msg("codes.again_hint"))
                db = _plan_db(conn, plan.db_map, plan.rank)
                _apply_db(conn, db)
                _fill(change, db)
                Store.log(
                    conn,
                    f"codes.{change.action}",
                    **details,
                    mapping=change.mapping,
                    codings=change.codings,
                    codings_collapsed=change.codings_collapsed,
                    codings_before=change.codings_before,
                    codings_after=change.codings_after,
                    decisions=change.decisions,
                    decisions_collapsed=change.decisions_collapsed,
                    memos=change.memos,
                    valence_conflicts=change.valence_conflicts,
                    decision_conflicts=change.decision_conflicts,
                    collapsed=change.collapsed,
                    folded=change.folded,
                    mentions=change.mentions,
                    codebook=_file(project),
                    layout_kept=change.layout_kept,
                )
                swapped = True  # from here on, a failure checks whether the new file is in place
                try:
                    _swap(new_tmp, path)
                except OSError as exc:
                    raise ProjectError(msg("codes.write_failed", file=_file(project), detail=str(exc))) from exc
        except BaseException:
            if swapped and _changed(path, raw):
                try:
                    _swap(old_tmp, path)
                except OSError as exc:
                    keep_old = True
                    raise ProjectError(
                        msg("codes.restore_failed", file=_file(project), detail=str(exc), backup=str(old_tmp))
                    ) from exc
            raise
        finally:
            new_tmp.unlink(missing_ok=True)
            if not keep_old:
                old_tmp.unlink(missing_ok=True)
        return change
    finally:
        store.close()


def _changed(path: Path, raw: bytes) -> bool:
    try:
        return path.read_bytes() != raw
    except OSError:
        return True


def _fill(change: CodeChange, db: _DbPlan) -> CodeChange:
    change.codings = db.codings
    change.codings_collapsed = len(db.coding_deletes)
    change.codings_before = db.codings_total
    change.codings_after = db.codings_total - len(db.coding_deletes)
    change.decisions = db.decisions
    change.decisions_collapsed = len(db.decision_deletes)
    change.decisions_before = db.decisions_total
    change.decisions_after = db.decisions_total - len(db.decision_deletes)
    change.memos = len(db.memo_updates)
    change.valence_conflicts = db.valence_conflicts
    change.decision_conflicts = db.decision_conflicts
    change.collapsed = db.collapsed
    return change
