"""What changed between two codebooks: :func:`diff_codebooks`.

Codes present in both (same full id) are compared field by field. Codes only in the
old one and codes only in the new one are paired as **probable renames** when they
have the same label or the same definition (or the same rules and the same last id
part): such a pair is ``renamed`` when it stays under the same parent (after its
parent's own renaming), else ``moved``. The rest are ``removed`` and ``added``.

Each change is one :class:`DiffRow`. For text and other single values, ``old`` and
``new`` are the values before and after; for lists (rule words, examples, valence
cues), ``old`` holds the items taken out and ``new`` the items put in, so a long word
list that gained one word shows that word only. The order of list items is not a change,
nor is the spacing of a text (a paragraph re-wrapped in the YAML reads the same).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .cbedit import RULE_LISTS, rule_items
from .model import Code, Codebook

CHANGES = ("added", "removed", "renamed", "moved", "changed")
CODE_TEXTS = ("label", "definition", "when_to_use", "when_not_to_use")
VALENCE_LISTS = ("positive", "negative", "negators", "fillers")


@dataclass
class DiffRow:
    change: str  # added | removed | renamed | moved | changed
    code: str = ""  # id in the old codebook ('' for an added code and for codebook-wide fields)
    new_code: str = ""  # id in the new codebook ('' for a removed code and for codebook-wide fields)
    field: str = ""  # for 'changed': label, definition, rules.words, role, valence.positive, ...
    old: Any = None  # the value before; for lists, the items taken out
    new: Any = None  # the value after; for lists, the items put in


@dataclass
class CodebookDiff:
    old: str  # where the old codebook came from
    new: str
    rows: list[DiffRow] = field(default_factory=list)

    @property
    def same(self) -> bool:
        return not self.rows

    def counts(self) -> dict[str, int]:
        return {change: sum(1 for r in self.rows if r.change == change) for change in CHANGES}

    def renames(self) -> dict[str, str]:
        """Old id -> new id of every code whose id changed (renamed or moved)."""
        return {r.code: r.new_code for r in self.rows if r.change in ("renamed", "moved")}

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": 1,
            "old": self.old,
            "new": self.new,
            "same": self.same,
            "counts": self.counts(),
            "changes": [asdict(r) for r in self.rows],
        }

    def to_frame(self) -> Any:
        """A DataFrame with one row per change (lists and mappings as text)."""
        import pandas as pd

        rows = [{**asdict(r), "old": show(r.old), "new": show(r.new)} for r in self.rows]
        return pd.DataFrame(rows, columns=["change", "code", "new_code", "field", "old", "new"])


def show(value: Any) -> str:
    """A value of a diff row as one line of text."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return "; ".join(f"{k}: {show(v)}" for k, v in value.items())
    if isinstance(value, list):
        parts = [f"[{show(v)}]" if isinstance(v, (dict, list)) else show(v) for v in value]
        return ", ".join(parts)
    return str(value)


# --------------------------------------------------------------------------- comparing
def _norm(text: dict[str, str], fold: bool = False) -> dict[str, str]:
    """Localized text with its spacing (and with ``fold``, its case) evened out."""
    return {k: " ".join(v.split()).casefold() if fold else " ".join(v.split()) for k, v in text.items() if v}


def _list_change(old: list[Any], new: list[Any]) -> tuple[list[Any], list[Any]] | None:
    gone = [x for x in old if x not in new]
    came = [x for x in new if x not in old]
    return (gone, came) if gone or came else None


def _compare_codes(o: Code, n: Code, ref: dict[str, str], rows: list[DiffRow]) -> None:
    def add(name: str, before: Any, after: Any) -> None:
        rows.append(DiffRow("changed", o.id, n.id, name, before, after))

    # a role is declared on a category: its children's roles change with it and are not listed again
    same_parent = o.parent is not None and n.parent is not None and ref.get(o.parent, o.parent) == n.parent
    if o.role != n.role and not same_parent:
        add("role", o.role, n.role)
    for key in CODE_TEXTS:
        before, after = getattr(o, key), getattr(n, key)
        if _norm(before) != _norm(after):
            add(key, dict(before), dict(after))
    if o.color != n.color:
        add("color", o.color, n.color)
    change = _list_change(o.examples, n.examples)
    if change:
        add("examples", *change)
    for key in RULE_LISTS:
        before_items = rule_items(o.rules, key)
        if key == "not_with":  # a reference to a renamed code is no change
            before_items = [ref.get(x, x) for x in before_items]
        change = _list_change(before_items, rule_items(n.rules, key))
        if change:
            add(f"rules.{key}", *change)
    if o.rules.min_hits != n.rules.min_hits:
        add("rules.min_hits", o.rules.min_hits, n.rules.min_hits)


def _score(o: Code, n: Code) -> int:
    label = bool(o.label) and _norm(o.label, True) == _norm(n.label, True)
    definition = bool(o.definition) and _norm(o.definition, True) == _norm(n.definition, True)
    rules = not o.rules.is_empty() and o.rules == n.rules
    local = o.id.rsplit(".", 1)[-1] == n.id.rsplit(".", 1)[-1]
    if not (label or definition or (rules and local)):
        return 0
    return 2 * label + 2 * definition + rules + local + (o.role == n.role)


def _pair(old: Codebook, new: Codebook) -> dict[str, str]:
    """Probable renames: old id -> new id, for codes found under one id only."""
    gone = [c for c in old.codes if c not in new.codes]
    came = [c for c in new.codes if c not in old.codes]
    candidates = []
    for i, o in enumerate(gone):
        for j, n in enumerate(came):
            score = _score(old.codes[o], new.codes[n])
            if score:
                candidates.append((-score, i, j))
    candidates.sort()
    pairs: dict[str, str] = {}
    taken: set[str] = set()
    for _, i, j in candidates:
        if gone[i] in pairs or came[j] in taken:
            continue
        pairs[gone[i]] = came[j]
        taken.add(came[j])
    return pairs


def diff_codebooks(old: Codebook, new: Codebook, old_name: str = "", new_name: str = "") -> CodebookDiff:
    """Every change from ``old`` to ``new``: codes added, removed, renamed, moved, and changed fields."""
    diff = CodebookDiff(old_name or old.path or old.id, new_name or new.path or new.id)
    rows = diff.rows

    def top(name: str, before: Any, after: Any) -> None:
        rows.append(DiffRow("changed", "", "", name, before, after))

    # codebook-wide fields
    if old.id != new.id:
        top("id", old.id, new.id)
    for key in ("title", "description"):
        if _norm(getattr(old, key)) != _norm(getattr(new, key)):
            top(key, dict(getattr(old, key)), dict(getattr(new, key)))
    if old.languages != new.languages:
        top("languages", list(old.languages), list(new.languages))
    for key in VALENCE_LISTS:
        change = _list_change(getattr(old.valence, key), getattr(new.valence, key))
        if change:
            top(f"valence.{key}", *change)
    if old.valence.window != new.valence.window:
        top("valence.window", old.valence.window, new.valence.window)
    if old.valence.by_role != new.valence.by_role:
        top("valence.by_role", dict(old.valence.by_role), dict(new.valence.by_role))
    if old.stemming.pin != new.stemming.pin:
        top("stemming.pin", dict(old.stemming.pin), dict(new.stemming.pin))
    change = _list_change(old.stemming.block, new.stemming.block)
    if change:
        top("stemming.block", *change)
    old_levels = [asdict(lv) for lv in old.rating_scale.levels]
    new_levels = [asdict(lv) for lv in new.rating_scale.levels]
    if old_levels != new_levels:
        top("rating_scale.levels", old_levels, new_levels)
    if old.rating_scale.reservation != new.rating_scale.reservation:
        top("rating_scale.reservation", dict(old.rating_scale.reservation), dict(new.rating_scale.reservation))

    # codes, in the new codebook's order, then the removed ones in the old one's
    pairs = _pair(old, new)
    ref = {**{c: c for c in old.codes if c in new.codes}, **pairs}
    back = {n: o for o, n in pairs.items()}
    for n_id, n in new.codes.items():
        o_id = n_id if n_id in old.codes else back.get(n_id)
        if o_id is None:
            rows.append(DiffRow("added", "", n_id))
            continue
        o = old.codes[o_id]
        if o_id != n_id:
            expected_parent = ref.get(o.parent, o.parent) if o.parent else None
            kind = "renamed" if n.parent == expected_parent else "moved"
            rows.append(DiffRow(kind, o_id, n_id))
        _compare_codes(o, n, ref, rows)
    for o_id in old.codes:
        if o_id not in new.codes and o_id not in pairs:
            rows.append(DiffRow("removed", o_id, ""))

    # named code sets, by name; a member renamed with its code is no change
    old_sets = {st.name: st for st in old.sets}
    new_sets = {st.name: st for st in new.sets}
    change = _list_change(list(old_sets), list(new_sets))
    if change:
        top("sets", *change)
    for name, new_set in new_sets.items():
        old_set = old_sets.get(name)
        if old_set is None:
            continue
        if _norm(old_set.description) != _norm(new_set.description):
            top(f"sets.{name}.description", dict(old_set.description), dict(new_set.description))
        change = _list_change([ref.get(c, c) for c in old_set.codes], new_set.codes)
        if change:
            top(f"sets.{name}.codes", *change)
    return diff
