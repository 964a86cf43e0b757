"""Codebook loading and validation.

:func:`validate_codebook` reads a YAML codebook and reports *every* problem it finds,
each with file and 1-based line, as a :class:`~odskcode.report.ValidationReport`.
:func:`load_codebook` returns a :class:`~odskcode.model.Codebook`, or raises
:class:`~odskcode.errors.CodebookError` carrying all errors.
"""

from __future__ import annotations

import difflib
import re
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import CodebookError
from .i18n import Msg, msg
from .model import (
    ROLES,
    VALENCES,
    Code,
    Codebook,
    CodeSet,
    Near,
    RatingLevel,
    RatingScale,
    Rules,
    Stemming,
    ValenceCues,
    default_rating_scale,
)
from .report import ERROR, WARNING, ValidationReport
from .yamlpos import PNode, YamlSyntaxError, load_positioned

FORMAT_VERSION = 1
TOP_KEYS = (
    "odskcode_codebook",
    "id",
    "title",
    "languages",
    "description",
    "valence",
    "stemming",
    "rating_scale",
    "codes",
    "sets",
)
SET_KEYS = ("name", "description", "codes")
CODE_KEYS = (
    "id",
    "role",
    "label",
    "color",
    "definition",
    "when_to_use",
    "when_not_to_use",
    "examples",
    "rules",
    "children",
)
RULE_KEYS = ("words", "roots", "regex", "all", "near", "unless", "not_with", "min_hits")
VALENCE_KEYS = ("positive", "negative", "negators", "window", "fillers", "by_role")
STEMMING_KEYS = ("pin", "block")
NEAR_KEYS = ("words", "within")
WILDCARD_RE = re.compile(r"^\*?[^\s*]+\*?$")
SCALE_KEYS = ("levels", "reservation")
LEVEL_KEYS = ("min", "id", "label")
ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
BUNDLED = ("odsk", "template")


def bundled_codebook_path(name: str = "odsk") -> Path:
    """Path of a codebook shipped with odskcode (``odsk`` or ``template``)."""
    filename = f"{name}.yaml"
    try:
        candidate = Path(str(resources.files("odskcode.codebooks").joinpath(filename)))
        if candidate.is_file():
            return candidate
    except (ModuleNotFoundError, TypeError):  # pragma: no cover - source checkout without install
        pass
    return Path(__file__).resolve().parent.parent / "codebooks" / filename


def resolve_codebook(spec: str | Path | None) -> Path:
    """A codebook argument: ``None`` (bundled ODSK), a bundled name, or a path."""
    if spec is None:
        return bundled_codebook_path("odsk")
    text = str(spec)
    if text in BUNDLED and not Path(text).exists():
        return bundled_codebook_path(text)
    return Path(text)


def _suggest(word: str, choices: tuple[str, ...] | list[str]) -> Msg | str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return msg("cb.did_you_mean", word=close[0]) if close else ""


class _Validator:
    def __init__(self, report: ValidationReport) -> None:
        self.report = report
        self.languages: list[str] = ["id", "en"]
        self.codes: dict[str, Code] = {}
        self.code_lines: dict[str, int] = {}
        self.pending_refs: list[tuple[str, str, int]] = []

    # -- helpers -----------------------------------------------------------------
    def error(self, code: str, message: Msg, line: int | None) -> None:
        self.report.add(ERROR, code, message, line)

    def warn(self, code: str, message: Msg, line: int | None) -> None:
        self.report.add(WARNING, code, message, line)

    def check_keys(self, node: PNode, allowed: tuple[str, ...], what: str) -> None:
        for key, key_line in node.key_lines.items():
            if key not in allowed:
                self.error(
                    "unknown-key",
                    msg("cb.unknown_key", key=key, what=what, suggestion=_suggest(key, allowed)),
                    key_line,
                )

    def mapping(self, node: PNode | None, what: str) -> dict[str, PNode] | None:
        if node is None:
            return None
        if not isinstance(node.value, dict):
            self.error("not-mapping", msg("cb.not_mapping", what=what), node.line)
            return None
        return node.value

    def string_list(self, node: PNode | None, what: str) -> list[tuple[str, int]]:
        if node is None or node.value is None:
            return []
        if not isinstance(node.value, list):
            self.error("not-list", msg("cb.not_list", what=what), node.line)
            return []
        out: list[tuple[str, int]] = []
        for item in node.value:
            if isinstance(item.value, (dict, list)) or item.value is None:
                self.error("not-string", msg("cb.not_string", what=what), item.line)
                continue
            text = str(item.value).strip()
            if not text:
                self.error("empty-rule", msg("cb.empty_rule", code=what), item.line)
                continue
            out.append((text, item.line))
        return out

    def localized(self, node: PNode | None, what: str) -> dict[str, str]:
        """A plain string (primary language) or a {lang: text} mapping."""
        if node is None or node.value is None:
            return {}
        if isinstance(node.value, dict):
            out: dict[str, str] = {}
            for lang, sub in node.value.items():
                if lang not in self.languages:
                    self.warn(
                        "unknown-language",
                        msg("cb.bad_lang", lang=lang, langs=", ".join(self.languages)),
                        node.key_lines.get(lang, node.line),
                    )
                if isinstance(sub.value, (dict, list)):
                    self.error("not-string", msg("cb.not_string", what=f"{what}.{lang}"), sub.line)
                    continue
                if sub.value is not None and str(sub.value).strip():
                    out[lang] = str(sub.value).strip()
            return out
        if isinstance(node.value, list):
            self.error("not-string", msg("cb.not_string", what=what), node.line)
            return {}
        return {self.languages[0]: str(node.value).strip()}

    # -- sections ----------------------------------------------------------------
    def run(self, root: PNode | None) -> Codebook | None:
        top = self.mapping(root, "codebook") if root is not None else None
        if root is None or top is None:
            if root is None:
                self.error("no-codes", msg("cb.no_codes"), 1)
            return None
        self.check_keys(root, TOP_KEYS, "codebook")
        version = top.get("odskcode_codebook")
        if version is None:
            self.error("missing-key", msg("cb.missing_key", what="codebook", key="odskcode_codebook"), 1)
        elif type(version.value) is not int or version.value != FORMAT_VERSION:  # not True, 1.0 or '1'
            self.error("bad-version", msg("cb.bad_version", value=repr(version.value)), version.line)
        if "languages" in top:
            langs = [text for text, _ in self.string_list(top["languages"], "languages")]
            if langs:
                self.languages = langs
        cb_id = "codebook"
        if "id" in top:
            cb_id = str(top["id"].value)
            if not ID_RE.match(cb_id):
                self.error("bad-id", msg("cb.bad_id", value=cb_id), top["id"].line)
        title = self.localized(top.get("title"), "title")
        description = self.localized(top.get("description"), "description")
        valence = self.valence(top.get("valence"))
        scale = self.rating_scale(top.get("rating_scale"))
        codes_node = top.get("codes")
        if codes_node is None or not isinstance(codes_node.value, list) or not codes_node.value:
            line = codes_node.line if codes_node is not None else 1
            if codes_node is not None and codes_node.value and not isinstance(codes_node.value, list):
                self.error("not-list", msg("cb.not_list", what="codes"), line)
            else:
                self.error("no-codes", msg("cb.no_codes"), line)
        else:
            for item in codes_node.value:
                self.code(item, parent=None, role=None)
            if not any(c.role == "dimension" for c in self.codes.values()):
                self.warn("no-dimension", msg("cb.no_dimension"), codes_node.line)
            self.check_refs()
        stemming = self.stemming(top.get("stemming"))
        sets = self.code_sets(top.get("sets"))
        if self.report.errors:
            return None
        return Codebook(
            id=cb_id,
            title=title or {self.languages[0]: cb_id},
            languages=self.languages,
            codes=self.codes,
            valence=valence,
            rating_scale=scale,
            description=description,
            stemming=stemming,
            path=self.report.file,
            sets=sets,
        )

    def code(self, node: PNode, parent: Code | None, role: str | None) -> None:
        fields = self.mapping(node, "code")
        if fields is None:
            return
        self.check_keys(node, CODE_KEYS, "code")
        id_node = fields.get("id")
        local = str(id_node.value).strip() if id_node is not None and id_node.value is not None else ""
        if not local:
            self.error("missing-key", msg("cb.missing_key", what="code", key="id"), node.line)
            local = f"_line{node.line}"
        elif not ID_RE.match(local):
            self.error("bad-id", msg("cb.bad_id", value=local), id_node.line if id_node else node.line)
        full = f"{parent.id}.{local}" if parent else local
        line = id_node.line if id_node is not None else node.line
        if full in self.code_lines:
            self.error("duplicate-id", msg("cb.duplicate_id", value=full, first=self.code_lines[full]), line)
        else:
            self.code_lines[full] = line
        # role
        role_node = fields.get("role")
        if parent is None:
            if role_node is None or role_node.value in (None, ""):
                self.error("missing-role", msg("cb.missing_role", code=full), line)
                role = "other"
            else:
                role = str(role_node.value)
                if role not in ROLES:
                    self.error(
                        "bad-role",
                        msg(
                            "cb.bad_role",
                            value=role,
                            code=full,
                            suggestion=_suggest(role, ROLES),
                            choices=", ".join(ROLES),
                        ),
                        role_node.line,
                    )
                    role = "other"
        elif role_node is not None:
            self.error("child-role", msg("cb.child_role", code=full), role_node.line)
        # label
        label = self.localized(fields.get("label"), f"{full}.label")
        if not label:
            self.error("missing-label", msg("cb.missing_label", code=full), line)
        else:
            for lang in self.languages:
                if lang not in label:
                    label_line = fields["label"].line
                    self.warn("missing-label-lang", msg("cb.missing_label_lang", code=full, lang=lang), label_line)
        definition = self.localized(fields.get("definition"), f"{full}.definition")
        if not definition:
            self.warn("no-definition", msg("cb.no_definition", code=full), line)
        color = None
        if "color" in fields and fields["color"].value is not None:
            color = str(fields["color"].value)
            if not COLOR_RE.match(color):
                self.error("bad-color", msg("cb.bad_color", value=color, code=full), fields["color"].line)
        examples: list[dict[str, str]] = []
        ex_node = fields.get("examples")
        if ex_node is not None and ex_node.value is not None:
            if not isinstance(ex_node.value, list):
                self.error("not-list", msg("cb.not_list", what=f"{full}.examples"), ex_node.line)
            else:
                examples = [e for e in (self.localized(item, f"{full}.examples") for item in ex_node.value) if e]
        rules = self.rules(fields.get("rules"), full)
        code = Code(
            id=full,
            role=role or "other",
            label=label,
            parent=parent.id if parent else None,
            definition=definition,
            when_to_use=self.localized(fields.get("when_to_use"), f"{full}.when_to_use"),
            when_not_to_use=self.localized(fields.get("when_not_to_use"), f"{full}.when_not_to_use"),
            examples=examples,
            rules=rules,
            color=color,
            line=line,
        )
        if full not in self.codes:
            self.codes[full] = code
            if parent is not None:
                parent.children.append(full)
        children = fields.get("children")
        if children is not None and children.value is not None:
            if not isinstance(children.value, list):
                self.error("not-list", msg("cb.not_list", what=f"{full}.children"), children.line)
            else:
                for child in children.value:
                    self.code(child, parent=code, role=code.role)
        rules_given = "rules" in fields and bool(fields["rules"].value)
        if not rules_given and not code.children and parent is not None:
            self.warn("no-rules", msg("cb.no_rules", code=full), line)

    def rules(self, node: PNode | None, code: str) -> Rules:
        fields = self.mapping(node, f"{code}.rules")
        if fields is None or node is None:
            return Rules()
        self.check_keys(node, RULE_KEYS, f"{code}.rules")
        words = []
        for word, wline in self.string_list(fields.get("words"), f"{code}.rules.words"):
            if ("*" in word and not WILDCARD_RE.match(word)) or word.strip("*") == "":
                self.error("bad-wildcard", msg("cb.bad_wildcard", value=word, code=code), wline)
                continue
            words.append(word.lower())
        roots = [w.lower() for w, _ in self.string_list(fields.get("roots"), f"{code}.rules.roots")]
        patterns: list[str] = []
        for pattern, pline in self.string_list(fields.get("regex"), f"{code}.rules.regex"):
            try:
                re.compile(pattern)
            except re.error as exc:
                self.error("bad-regex", msg("cb.bad_regex", code=code, detail=str(exc)), pline)
                continue
            patterns.append(pattern)
        groups: list[list[str]] = []
        all_node = fields.get("all")
        if all_node is not None and all_node.value is not None:
            items = all_node.value if isinstance(all_node.value, list) else []
            nested = items and all(isinstance(i.value, list) for i in items)
            for group_node in items if nested else [all_node]:
                group = [w.lower() for w, _ in self.string_list(group_node, f"{code}.rules.all")]
                if len(group) < 2:
                    self.error("bad-all", msg("cb.bad_all", code=code), group_node.line)
                else:
                    groups.append(group)
        near: list[Near] = []
        near_node = fields.get("near")
        if near_node is not None and near_node.value is not None:
            specs = near_node.value if isinstance(near_node.value, list) else [near_node]
            for spec in specs:
                sf = self.mapping(spec, f"{code}.rules.near")
                if sf is None:
                    continue
                self.check_keys(spec, NEAR_KEYS, f"{code}.rules.near")
                terms = [w.lower() for w, _ in self.string_list(sf.get("words"), f"{code}.rules.near.words")]
                within = sf["within"].value if "within" in sf else 8
                if len(terms) < 2 or not isinstance(within, int) or isinstance(within, bool) or not 1 <= within <= 50:
                    self.error("bad-near", msg("cb.bad_near", code=code), spec.line)
                    continue
                near.append(Near(terms, within))
        unless = [w.lower() for w, _ in self.string_list(fields.get("unless"), f"{code}.rules.unless")]
        not_with = self.string_list(fields.get("not_with"), f"{code}.rules.not_with")
        self.pending_refs.extend((code, value, line) for value, line in not_with)
        min_hits = 1
        if "min_hits" in fields:
            raw = fields["min_hits"].value
            if not isinstance(raw, int) or isinstance(raw, bool) or not 1 <= raw <= 20:
                self.error("bad-min-hits", msg("cb.bad_min_hits", code=code, value=raw), fields["min_hits"].line)
            else:
                min_hits = raw
        return Rules(
            words=words,
            roots=roots,
            regex=patterns,
            all=groups,
            near=near,
            unless=unless,
            not_with=[v for v, _ in not_with],
            min_hits=min_hits,
        )

    def check_refs(self) -> None:
        for code, value, line in self.pending_refs:
            if value not in self.codes:
                suggestion = _suggest(value, list(self.codes))
                self.error("unknown-code", msg("cb.unknown_code", code=code, value=value, suggestion=suggestion), line)

    def code_sets(self, node: PNode | None) -> list[CodeSet]:
        """``sets``: named groups of codes ({name, description, codes}); an unknown code is a warning."""
        if node is None or node.value is None:
            return []
        if not isinstance(node.value, list):
            self.error("not-list", msg("cb.not_list", what="sets"), node.line)
            return []
        out: list[CodeSet] = []
        for item in node.value:
            fields = self.mapping(item, "sets[]")
            if fields is None:
                continue
            self.check_keys(item, SET_KEYS, "sets[]")
            name_node = fields.get("name")
            if name_node is None or name_node.value in (None, ""):
                self.error("missing-key", msg("cb.missing_key", what="sets[]", key="name"), item.line)
                continue
            name = str(name_node.value)
            codes = []
            for value, line in self.string_list(fields.get("codes"), f"sets[{name}].codes"):
                if value not in self.codes:
                    self.warn("unknown-set-code", msg("cb.unknown_set_code", name=name, value=value), line)
                    continue
                codes.append(value)
            out.append(CodeSet(name, codes, self.localized(fields.get("description"), f"sets[{name}].description")))
        return out

    def stemming(self, node: PNode | None) -> Stemming:
        fields = self.mapping(node, "stemming")
        if fields is None or node is None:
            return Stemming()
        self.check_keys(node, STEMMING_KEYS, "stemming")
        pin: dict[str, str] = {}
        pin_node = fields.get("pin")
        if pin_node is not None and pin_node.value is not None:
            if not isinstance(pin_node.value, dict):
                self.error("bad-pin", msg("cb.bad_pin"), pin_node.line)
            else:
                for form, root in pin_node.value.items():
                    if isinstance(root.value, (dict, list)) or root.value is None:
                        self.error("bad-pin", msg("cb.bad_pin"), root.line)
                        continue
                    pin[str(form).lower()] = str(root.value).lower()
        block = [w.lower() for w, _ in self.string_list(fields.get("block"), "stemming.block")]
        return Stemming(pin=pin, block=block)

    def valence(self, node: PNode | None) -> ValenceCues:
        fields = self.mapping(node, "valence")
        if fields is None or node is None:
            return ValenceCues()
        self.check_keys(node, VALENCE_KEYS, "valence")
        positive = self.string_list(fields.get("positive"), "valence.positive")
        negative = self.string_list(fields.get("negative"), "valence.negative")
        negators = self.string_list(fields.get("negators"), "valence.negators")
        fillers = self.string_list(fields.get("fillers"), "valence.fillers")
        pos_words = {w.lower() for w, _ in positive}
        for word, wline in negative:
            if word.lower() in pos_words:
                self.error("cue-conflict", msg("cb.cue_conflict", word=word), wline)
        window = 3
        if "window" in fields:
            raw = fields["window"].value
            if not isinstance(raw, int) or isinstance(raw, bool) or not 1 <= raw <= 10:
                self.error("bad-window", msg("cb.bad_window", value=raw), fields["window"].line)
            else:
                window = raw
        by_role: dict[str, str] = {}
        role_node = fields.get("by_role")
        if role_node is not None and role_node.value is not None:
            if not isinstance(role_node.value, dict):
                self.error("not-mapping", msg("cb.not_mapping", what="valence.by_role"), role_node.line)
            else:
                for role, value in role_node.value.items():
                    if role not in ROLES or value.value not in VALENCES:
                        self.error(
                            "bad-by-role",
                            msg("cb.bad_by_role", role=role, value=value.value, valences=", ".join(VALENCES)),
                            value.line,
                        )
                        continue
                    by_role[role] = str(value.value)
        return ValenceCues(
            positive=[w.lower() for w, _ in positive],
            negative=[w.lower() for w, _ in negative],
            negators=[w.lower() for w, _ in negators],
            window=window,
            fillers=[w.lower() for w, _ in fillers],
            by_role=by_role,
        )

    def rating_scale(self, node: PNode | None) -> RatingScale:
        fields = self.mapping(node, "rating_scale")
        default = default_rating_scale()
        if fields is None or node is None:
            return default
        self.check_keys(node, SCALE_KEYS, "rating_scale")
        levels: list[RatingLevel] = []
        levels_node = fields.get("levels")
        if levels_node is not None:
            if not isinstance(levels_node.value, list) or not levels_node.value:
                self.error("not-list", msg("cb.not_list", what="rating_scale.levels"), levels_node.line)
            else:
                for item in levels_node.value:
                    lf = self.mapping(item, "rating_scale.levels[]")
                    if lf is None:
                        continue
                    self.check_keys(item, LEVEL_KEYS, "rating_scale.levels[]")
                    raw_min = lf["min"].value if "min" in lf else None
                    if not isinstance(raw_min, (int, float)) or isinstance(raw_min, bool) or not 0 <= raw_min <= 1:
                        self.error("bad-level", msg("cb.bad_level", detail=f"min={raw_min!r}"), item.line)
                        continue
                    level_id = str(lf["id"].value) if "id" in lf else ""
                    if not ID_RE.match(level_id):
                        self.error("bad-level", msg("cb.bad_level", detail=f"id={level_id!r}"), item.line)
                        continue
                    label = self.localized(lf.get("label"), "rating_scale.levels[].label")
                    levels.append(RatingLevel(float(raw_min), level_id, label or {self.languages[0]: level_id}))
                mins = [lv.min for lv in levels]
                if levels and (mins != sorted(mins, reverse=True) or mins[-1] != 0):
                    self.error("levels-order", msg("cb.levels_order"), levels_node.line)
        reservation = self.localized(fields.get("reservation"), "rating_scale.reservation")
        return RatingScale(levels=levels or default.levels, reservation=reservation or default.reservation)


def validate_text(text: str, file: str) -> tuple[ValidationReport, Codebook | None]:
    """Validate codebook YAML ``text``; return the report and the codebook (None if invalid)."""
    report = ValidationReport(file)
    try:
        tree, dups = load_positioned(text)
    except YamlSyntaxError as exc:
        report.add(ERROR, "yaml-syntax", msg("cb.yaml_syntax", detail=exc.detail), exc.line)
        return report, None
    for dup in dups:
        report.add(ERROR, "duplicate-key", msg("cb.duplicate_key", key=dup.key, first=dup.first_line), dup.line)
    validator = _Validator(report)
    codebook = validator.run(tree)
    report.sort()
    return report, (codebook if report.valid else None)


def _read(path: Path) -> str:
    if not path.is_file():
        raise CodebookError(msg("cb.not_found"), file=path)
    try:
        return path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise CodebookError(msg("cb.unreadable", detail=str(exc)), file=path) from exc


def validate_codebook(path: str | Path) -> ValidationReport:
    """Every problem of the codebook at ``path``, errors and warnings, each located."""
    path = Path(path)
    report, _ = validate_text(_read(path), str(path))
    return report


def load_codebook(spec: str | Path | None = None) -> Codebook:
    """Load a codebook: a path, a bundled name (``odsk``), or ``None`` for the bundled ODSK one.

    Raises :class:`CodebookError` listing all errors when the codebook is invalid.
    """
    path = resolve_codebook(spec)
    report, codebook = validate_text(_read(path), str(path))
    if codebook is None:
        first = report.errors[0]
        raise CodebookError(
            msg("cb.invalid", n=len(report.errors), first=first.message),
            file=path,
            line=first.line,
            hint=msg("cb.invalid_hint", path=str(path)),
            problems=list(report.errors),
        )
    return codebook


def codebook_tree(codebook: Codebook, lang: str = "en") -> list[dict[str, Any]]:
    """Rows describing the tree, in order, for display: id, depth, role, label, rules."""
    rows = []
    for code in codebook.codes.values():
        rows.append(
            {
                "id": code.id,
                "depth": code.depth,
                "role": code.role,
                "label": code.name(lang),
                "color": code.color,
                "definition": code.definition.get(lang) or next(iter(code.definition.values()), ""),
                "words": list(code.rules.words),
                "roots": list(code.rules.roots),
                "regex": list(code.rules.regex),
            }
        )
    return rows


def _loc_out(value: dict[str, str]) -> dict[str, str] | None:
    return dict(value) if value else None


def codebook_to_dict(codebook: Codebook) -> dict[str, Any]:
    """The codebook as plain data in the YAML format (the inverse of loading)."""

    def code_dict(code: Code) -> dict[str, Any]:
        out: dict[str, Any] = {"id": code.id.rsplit(".", 1)[-1]}
        if code.parent is None:
            out["role"] = code.role
        out["label"] = dict(code.label)
        if code.color:
            out["color"] = code.color
        for key in ("definition", "when_to_use", "when_not_to_use"):
            value = _loc_out(getattr(code, key))
            if value:
                out[key] = value
        if code.examples:
            out["examples"] = [dict(e) for e in code.examples]
        r = code.rules
        rules: dict[str, Any] = {}
        for key in ("words", "roots", "regex"):
            if getattr(r, key):
                rules[key] = list(getattr(r, key))
        if r.all:
            rules["all"] = [list(g) for g in r.all]
        if r.near:
            rules["near"] = [{"words": list(n.words), "within": n.within} for n in r.near]
        for key in ("unless", "not_with"):
            if getattr(r, key):
                rules[key] = list(getattr(r, key))
        if r.min_hits != 1:
            rules["min_hits"] = r.min_hits
        if rules:
            out["rules"] = rules
        if code.children:
            out["children"] = [code_dict(codebook.codes[c]) for c in code.children]
        return out

    data: dict[str, Any] = {
        "odskcode_codebook": FORMAT_VERSION,
        "id": codebook.id,
        "title": dict(codebook.title),
        "languages": list(codebook.languages),
    }
    if codebook.description:
        data["description"] = dict(codebook.description)
    cues = codebook.valence
    data["valence"] = {
        "positive": list(cues.positive),
        "negative": list(cues.negative),
        "negators": list(cues.negators),
        "window": cues.window,
        "fillers": list(cues.fillers),
        "by_role": dict(cues.by_role),
    }
    if codebook.stemming.pin or codebook.stemming.block:
        data["stemming"] = {"pin": dict(codebook.stemming.pin), "block": list(codebook.stemming.block)}
    data["rating_scale"] = {
        "levels": [{"min": lv.min, "id": lv.id, "label": dict(lv.label)} for lv in codebook.rating_scale.levels],
        "reservation": dict(codebook.rating_scale.reservation),
    }
    data["codes"] = [code_dict(c) for c in codebook.categories()]
    if codebook.sets:
        data["sets"] = [
            {"name": st.name, **({"description": _loc_out(st.description)} if st.description else {}),
             "codes": list(st.codes)}
            for st in codebook.sets
        ]  # fmt: skip
    return data


def dump_codebook(codebook: Codebook) -> str:
    """YAML text of a codebook, loadable by :func:`load_codebook` to an equal codebook."""
    import yaml

    return yaml.safe_dump(codebook_to_dict(codebook), allow_unicode=True, sort_keys=False, width=100)
