"""The codebook validator: every problem located, exact messages, warnings, and dump/load round trips."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from odskcode.codebook import codebook_to_dict, dump_codebook, load_codebook, validate_codebook, validate_text
from odskcode.errors import CodebookError
from odskcode.model import ROLES, Code, Codebook, CodeSet, RatingLevel, RatingScale, Rules, ValenceCues
from odskcode.report import Problem, ValidationReport

HEAD = """\
odskcode_codebook: 1
id: uji
title: {id: Uji, en: Test}
languages: [id, en]
"""


def line_of(text: str, needle: str, *, whole: bool = False) -> int:
    """1-based line of the only line of ``text`` containing ``needle`` (or equal to it, stripped, if ``whole``)."""
    lines = text.split("\n")
    hits = [n for n, line in enumerate(lines, start=1) if (line.strip() == needle if whole else needle in line)]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def problems(text: str) -> list[tuple[str, str, int | None, str]]:
    report, _ = validate_text(text, "cb.yaml")
    return [(p.severity, p.code, p.line, p.message.render("en")) for p in report.problems]


def only_errors(text: str) -> list[tuple[str, int | None, str]]:
    report, codebook = validate_text(text, "cb.yaml")
    assert codebook is None
    assert not report.valid
    return [(p.code, p.line, p.message.render("en")) for p in report.errors]


def with_code(code: str) -> str:
    """A valid codebook plus one top-level code given as YAML lines (indented for the codes list)."""
    return HEAD + "codes:\n" + code


GOOD_CODE = """\
  - id: efektivitas
    role: dimension
    label: {id: Efektivitas, en: Effectiveness}
    definition: {id: Sejauh mana tujuan tercapai, en: How far goals are met}
    rules: {words: [efektif]}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "codebook.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- many errors, one report
FOUR_ERRORS = (
    HEAD
    + """\
codes:
  - id: efektivitas
    role: dimension
    label: {id: Efektivitas, en: Effectiveness}
    definition: {id: Sejauh mana tujuan tercapai, en: How far goals are met}
    children:
      - id: perencanaan
        label: {id: Perencanaan, en: Planning}
        definition: {id: Menyusun rencana, en: Making plans}
        rules:
          words: [rencana, rapat koordinasi]
          regex: ['rapat (bulanan|rutin']
      - id: pengawasan
        lable: {id: Pengawasan, en: Supervision}
        definition: {id: Memantau, en: Monitoring}
        rules: {words: [pantau]}
      - id: perencanaan
        label: {id: Perencanaan lagi, en: Planning again}
        definition: {id: Lagi, en: Again}
        rules: {words: [susun]}
"""
)


def test_four_errors_in_one_report() -> None:
    assert problems(FOUR_ERRORS) == [
        (
            "error",
            "bad-regex",
            16,
            "invalid regex in 'efektivitas.perencanaan': missing ), unterminated subpattern at position 6",
        ),
        ("error", "missing-label", 17, "code 'efektivitas.pengawasan' has no label"),
        ("error", "unknown-key", 18, "unknown key 'lable' in code (did you mean 'label'?)"),
        ("error", "duplicate-id", 21, "code id 'efektivitas.perencanaan' is already used on line 11"),
    ]


def test_validate_codebook_reads_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, FOUR_ERRORS)
    report = validate_codebook(path)
    assert isinstance(report, ValidationReport)
    assert report.file == str(path)
    assert [(p.code, p.line, p.file) for p in report.errors] == [
        ("bad-regex", 16, str(path)),
        ("missing-label", 17, str(path)),
        ("unknown-key", 18, str(path)),
        ("duplicate-id", 21, str(path)),
    ]
    assert report.warnings == []
    assert report.problems[2].render("en") == f"{path}:18: unknown key 'lable' in code (did you mean 'label'?)"
    assert report.problems[2].render("id") == (
        f"{path}:18: kunci tidak dikenal 'lable' pada code (maksud Anda 'label'?)"
    )


def test_validate_codebook_accepts_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "codebook.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + FOUR_ERRORS.replace("\n", "\r\n").encode("utf-8"))
    assert [(p.code, p.line) for p in validate_codebook(path).errors] == [
        ("bad-regex", 16),
        ("missing-label", 17),
        ("unknown-key", 18),
        ("duplicate-id", 21),
    ]


def test_load_codebook_raises_with_all_problems(tmp_path: Path) -> None:
    path = write(tmp_path, FOUR_ERRORS)
    with pytest.raises(CodebookError) as info:
        load_codebook(path)
    exc = info.value
    assert [p.code for p in exc.problems] == ["bad-regex", "missing-label", "unknown-key", "duplicate-id"]
    assert all(isinstance(p, Problem) for p in exc.problems)
    assert (exc.file, exc.line) == (str(path), 16)
    assert exc.render("en") == (
        f"{path}:16: the codebook is invalid (4 errors); first: invalid regex in 'efektivitas.perencanaan': "
        "missing ), unterminated subpattern at position 6"
        f" — fix the codebook, then run: odskcode codebook validate {path}"
    )
    assert exc.render("id").startswith(f"{path}:16: codebook tidak valid (4 galat); yang pertama: regex tidak valid")


def test_load_codebook_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CodebookError) as info:
        load_codebook(tmp_path / "tidak-ada.yaml")
    assert info.value.render("en") == f"{tmp_path / 'tidak-ada.yaml'}: codebook file not found"
    assert info.value.problems == []


# --------------------------------------------------------------------------- YAML level
def test_yaml_syntax_error_is_a_single_problem() -> None:
    text = with_code(GOOD_CODE + "  - id: kendala\n    role: obstacle\n    label: Kendala: hambatan\n")
    assert problems(text) == [
        (
            "error",
            "yaml-syntax",
            line_of(text, "Kendala: hambatan"),
            "invalid YAML syntax: mapping values are not allowed here",
        )
    ]


def test_yaml_syntax_error_unclosed_flow() -> None:
    text = HEAD + "valence:\n  positive: [baik, lancar\ncodes: []\n"
    report, codebook = validate_text(text, "cb.yaml")
    assert codebook is None
    assert [(p.code, p.line) for p in report.problems] == [("yaml-syntax", 7)]
    assert report.problems[0].message.render("en") == (
        "invalid YAML syntax: while parsing a flow sequence expected ',' or ']', but got ':'"
    )


def test_duplicate_yaml_key_names_both_lines() -> None:
    text = with_code(
        "  - id: efektivitas\n"
        "    role: dimension\n"
        "    label: {id: Efektivitas, en: Effectiveness}\n"
        "    definition: {id: a, en: a}\n"
        "    definition: {id: b, en: b}\n"
        "    rules: {words: [efektif]}\n"
    )
    assert problems(text) == [("error", "duplicate-key", 10, "YAML key 'definition' appears twice (first on line 9)")]


# --------------------------------------------------------------------------- single problems
def test_missing_role_on_a_top_level_code() -> None:
    text = with_code(
        GOOD_CODE + "  - id: kendala\n    label: {id: Kendala, en: Obstacles}\n    definition: {id: a, en: a}\n"
    )
    assert only_errors(text) == [
        (
            "missing-role",
            line_of(text, "- id: kendala"),
            "category 'kendala' has no role (dimension, obstacle, effort, recommendation, other)",
        )
    ]


@pytest.mark.parametrize(
    ("role", "suggestion"),
    [
        ("dimensi", " (did you mean 'dimension'?)"),
        ("dimention", " (did you mean 'dimension'?)"),
        ("obstacel", " (did you mean 'obstacle'?)"),
        ("Recommendation", " (did you mean 'recommendation'?)"),
        ("kendala", ""),
    ],
)
def test_bad_role(role: str, suggestion: str) -> None:
    text = with_code(
        GOOD_CODE
        + f"  - id: lain\n    role: {role}\n    label: {{id: Lain, en: Other}}\n    definition: {{id: a, en: a}}\n"
    )
    assert only_errors(text) == [
        (
            "bad-role",
            line_of(text, f"role: {role}", whole=True),
            f"unknown role '{role}' on 'lain'{suggestion}; "
            "choose one of: dimension, obstacle, effort, recommendation, other",
        )
    ]


def test_bad_role_in_indonesian() -> None:
    text = with_code("  - id: a\n    role: dimensi\n    label: {id: A, en: A}\n    definition: {id: a, en: a}\n")
    report, _ = validate_text(text, "cb.yaml")
    (error,) = report.errors
    assert error.message.render("id") == (
        "role 'dimensi' tidak dikenal pada 'a' (maksud Anda 'dimension'?); "
        "pilihan: dimension, obstacle, effort, recommendation, other"
    )


def test_role_on_a_child() -> None:
    text = with_code(
        "  - id: efektivitas\n"
        "    role: dimension\n"
        "    label: {id: Efektivitas, en: Effectiveness}\n"
        "    definition: {id: a, en: a}\n"
        "    children:\n"
        "      - id: perencanaan\n"
        "        role: effort\n"
        "        label: {id: Perencanaan, en: Planning}\n"
        "        definition: {id: a, en: a}\n"
        "        rules: {words: [rencana]}\n"
    )
    assert only_errors(text) == [
        (
            "child-role",
            line_of(text, "role: effort"),
            "role belongs on top-level categories only; 'efektivitas.perencanaan' inherits its parent's role",
        )
    ]


@pytest.mark.parametrize("color", ["'#12345'", "red", "'#GG0000'", "'#1234567'"])
def test_bad_colour(color: str) -> None:
    text = with_code(GOOD_CODE + f"    color: {color}\n")
    shown = color.strip("'")
    assert only_errors(text) == [
        ("bad-color", line_of(text, "color:"), f"colour '{shown}' on 'efektivitas' must look like #rrggbb")
    ]


def test_good_colour_is_kept() -> None:
    _, codebook = validate_text(with_code(GOOD_CODE + "    color: '#1f77B4'\n"), "cb.yaml")
    assert codebook is not None
    assert codebook.codes["efektivitas"].color == "#1f77B4"


@pytest.mark.parametrize("bad", ["Perencanaan", "2020_rencana", "rencana-kerja", "rencana kerja"])
def test_bad_code_id(bad: str) -> None:
    text = with_code(GOOD_CODE.replace("id: efektivitas", f"id: {bad}"))
    assert only_errors(text) == [
        (
            "bad-id",
            line_of(text, f"id: {bad}"),
            f"invalid code id '{bad}': use lower-case letters, digits and _, starting with a letter",
        )
    ]


def test_bad_codebook_id() -> None:
    text = with_code(GOOD_CODE).replace("id: uji", "id: Uji Coba")
    assert only_errors(text) == [
        ("bad-id", 2, "invalid code id 'Uji Coba': use lower-case letters, digits and _, starting with a letter")
    ]


def test_code_without_id() -> None:
    text = with_code(GOOD_CODE + "  - role: other\n    label: {id: Lain, en: Other}\n    definition: {id: a, en: a}\n")
    assert only_errors(text) == [("missing-key", line_of(text, "- role: other"), "code has no 'id'")]


def test_missing_format_version() -> None:
    text = with_code(GOOD_CODE).replace("odskcode_codebook: 1\n", "")
    assert only_errors(text) == [("missing-key", 1, "codebook has no 'odskcode_codebook'")]


@pytest.mark.parametrize(
    ("value", "shown"), [("2", "2"), ("'1'", "'1'"), ("1.0", "1.0"), ("true", "True"), ("", "None")]
)
def test_wrong_format_version(value: str, shown: str) -> None:
    text = with_code(GOOD_CODE).replace("odskcode_codebook: 1", f"odskcode_codebook: {value}")
    assert only_errors(text) == [("bad-version", 1, f"odskcode_codebook must be 1, not {shown}")]


def test_unknown_top_level_key() -> None:
    text = with_code(GOOD_CODE).replace("codes:", "codez:")
    assert only_errors(text) == [
        ("no-codes", 1, "the codebook has no codes"),
        ("unknown-key", line_of(text, "codez:"), "unknown key 'codez' in codebook (did you mean 'codes'?)"),
    ]


@pytest.mark.parametrize("text", ["", "# only a comment\n"])
def test_empty_codebook(text: str) -> None:
    assert only_errors(text) == [("no-codes", 1, "the codebook has no codes")]


RATING = """\
rating_scale:
  levels:
    - {min: 0.4, id: cukup, label: {id: cukup, en: fair}}
    - {min: 0.8, id: baik, label: {id: baik, en: good}}
    - {min: 0, id: kurang, label: {id: kurang, en: poor}}
"""


def test_rating_scale_out_of_order() -> None:
    text = HEAD + RATING + "codes:\n" + GOOD_CODE
    assert only_errors(text) == [
        (
            "levels-order",
            line_of(text, "min: 0.4"),
            "rating_scale.levels must run from the highest min down to a last level with min 0",
        )
    ]


def test_rating_scale_must_end_at_zero() -> None:
    text = HEAD + RATING.replace("min: 0.4", "min: 0.9").replace("min: 0,", "min: 0.2,") + "codes:\n" + GOOD_CODE
    assert [code for code, _, _ in only_errors(text)] == ["levels-order"]


def test_rating_level_out_of_range() -> None:
    text = HEAD + RATING.replace("min: 0.4", "min: 4") + "codes:\n" + GOOD_CODE
    assert only_errors(text) == [("bad-level", line_of(text, "min: 4"), "invalid rating level: min=4")]


def test_cue_in_both_lists() -> None:
    text = (
        HEAD + "valence:\n  positive: [baik, lancar]\n  negative:\n    - lambat\n    - Baik\n" + "codes:\n" + GOOD_CODE
    )
    assert only_errors(text) == [
        ("cue-conflict", line_of(text, "- Baik"), "'Baik' is in both the positive and the negative cue lists")
    ]


@pytest.mark.parametrize(
    ("value", "shown"), [("0", "0"), ("11", "11"), ("ten", "ten"), ("2.5", "2.5"), ("true", "True")]
)
def test_bad_window(value: str, shown: str) -> None:
    text = HEAD + f"valence:\n  positive: [baik]\n  window: {value}\n" + "codes:\n" + GOOD_CODE
    assert only_errors(text) == [
        ("bad-window", line_of(text, "window:"), f"valence.window must be a whole number from 1 to 10, not {shown}")
    ]


def test_window_is_kept() -> None:
    _, codebook = validate_text(HEAD + "valence:\n  window: 10\ncodes:\n" + GOOD_CODE, "cb.yaml")
    assert codebook is not None
    assert codebook.valence.window == 10


def test_empty_rule_and_non_list_children() -> None:
    text = with_code(
        "  - id: efektivitas\n"
        "    role: dimension\n"
        "    label: {id: Efektivitas, en: Effectiveness}\n"
        "    definition: {id: a, en: a}\n"
        "    rules: {words: [efektif, '  ']}\n"
        "    children: perencanaan\n"
    )
    assert only_errors(text) == [
        ("empty-rule", line_of(text, "rules:"), "empty rule in 'efektivitas.rules.words'"),
        ("not-list", line_of(text, "children:"), "efektivitas.children must be a list"),
    ]


# --------------------------------------------------------------------------- warnings only
WARNINGS_ONLY = (
    HEAD
    + """\
codes:
  - id: efektivitas
    role: dimension
    label: {id: Efektivitas}
    definition: {id: Sejauh mana tujuan tercapai, en: How far goals are met}
    children:
      - id: perencanaan
        label: {id: Perencanaan, en: Planning}
        rules: {words: [rencana]}
      - id: pengawasan
        label: {id: Pengawasan, en: Supervision}
        definition: {id: Memantau, en: Monitoring}
"""
)


def test_warnings_only_is_valid(tmp_path: Path) -> None:
    assert problems(WARNINGS_ONLY) == [
        ("warning", "missing-label-lang", 8, "code 'efektivitas' has no 'en' label"),
        ("warning", "no-definition", 11, "code 'efektivitas.perencanaan' has no definition"),
        (
            "warning",
            "no-rules",
            14,
            "code 'efektivitas.pengawasan' has no matching rules; it can only be coded by hand",
        ),
    ]
    path = write(tmp_path, WARNINGS_ONLY)
    report = validate_codebook(path)
    assert report.valid
    assert report.errors == []
    assert len(report.warnings) == 3
    codebook = load_codebook(path)
    assert list(codebook.codes) == ["efektivitas", "efektivitas.perencanaan", "efektivitas.pengawasan"]
    assert codebook.codes["efektivitas"].label == {"id": "Efektivitas"}
    assert codebook.codes["efektivitas.pengawasan"].rules.is_empty()


def test_no_dimension_is_a_warning() -> None:
    text = with_code(GOOD_CODE.replace("role: dimension", "role: obstacle"))
    report, codebook = validate_text(text, "cb.yaml")
    assert report.valid
    assert codebook is not None
    assert [(p.severity, p.code, p.message.render("en")) for p in report.problems] == [
        ("warning", "no-dimension", "no category has role dimension; the findings table will be empty")
    ]


def test_label_in_an_unknown_language_is_a_warning() -> None:
    text = with_code(GOOD_CODE.replace("en: Effectiveness}", "en: Effectiveness, fr: Efficacité}"))
    assert problems(text) == [
        (
            "warning",
            "unknown-language",
            line_of(text, "fr: Efficacité"),
            "language 'fr' is not among the codebook's languages (id, en)",
        )
    ]


# --------------------------------------------------------------------------- report shape
def test_report_to_dict_shape() -> None:
    report, _ = validate_text(FOUR_ERRORS + "        color: red\n", "cb.yaml")
    data = report.to_dict()
    assert set(data) == {"file", "valid", "errors", "warnings", "problems"}
    assert (data["file"], data["valid"], data["errors"], data["warnings"]) == ("cb.yaml", False, 5, 0)
    for item in data["problems"]:
        assert list(item) == ["severity", "code", "file", "line", "message", "hint"]
    assert data["problems"][2] == {
        "severity": "error",
        "code": "unknown-key",
        "file": "cb.yaml",
        "line": 18,
        "message": "unknown key 'lable' in code (did you mean 'label'?)",
        "hint": None,
    }
    assert data["problems"][-1]["message"] == "colour 'red' on 'efektivitas.perencanaan' must look like #rrggbb"
    assert (
        report.to_dict("id")["problems"][2]["message"] == "kunci tidak dikenal 'lable' pada code (maksud Anda 'label'?)"
    )


def test_report_to_dict_of_a_valid_codebook() -> None:
    report, _ = validate_text(WARNINGS_ONLY, "cb.yaml")
    data = report.to_dict()
    assert (data["valid"], data["errors"], data["warnings"]) == (True, 0, 3)
    assert [p["severity"] for p in data["problems"]] == ["warning", "warning", "warning"]


# --------------------------------------------------------------------------- round trip
TEXT_ALPHABET = st.characters(categories=["L", "N", "P", "S", "Zs"])
label_text = (
    st.one_of(
        st.sampled_from(
            ["Kendala: data", "# bukan komentar", "'kutip'", '"kutip"', "yes", "null", "1.5", "- a", "é ñ"]
        ),
        st.text(TEXT_ALPHABET, min_size=1, max_size=30),
    )
    .map(str.strip)
    .filter(bool)
)
cue_word = label_text.map(str.lower).filter(lambda w: w == w.strip() and w == w.lower() and bool(w))
rule_word = cue_word.filter(lambda w: "*" not in w)  # '*' marks a wildcard in rule words
ident = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
color = st.from_regex(r"#[0-9a-fA-F]{6}", fullmatch=True)
REGEXES = [r"\brapat\b", r"rapat (bulanan|rutin)", r"[0-9]+ ?%", r"^ya[,.]?$", r"(?i)laporan\s+\w+", r"'\"#:"]


@st.composite
def codebooks(draw: st.DrawFn) -> Codebook:
    languages = draw(st.sampled_from([["id", "en"], ["en", "id"], ["id"]]))
    loc = st.fixed_dictionaries({lang: label_text for lang in languages})
    maybe_loc = st.one_of(st.just({}), loc)
    codes: dict[str, Code] = {}

    def add_children(parent: Code | None, depth: int) -> None:
        ids = draw(st.lists(ident, min_size=1, max_size=3, unique=True))
        for local in ids:
            code = Code(
                id=f"{parent.id}.{local}" if parent else local,
                role=parent.role if parent else draw(st.sampled_from(ROLES)),
                label=draw(loc),
                parent=parent.id if parent else None,
                definition=draw(maybe_loc),
                when_to_use=draw(maybe_loc),
                when_not_to_use=draw(maybe_loc),
                examples=draw(st.lists(loc, max_size=2)),
                rules=Rules(
                    words=draw(st.lists(rule_word, max_size=3)),
                    regex=draw(st.lists(st.sampled_from(REGEXES), max_size=2)),
                ),
                color=draw(st.none() | color),
            )
            codes[code.id] = code
            if parent is not None:
                parent.children.append(code.id)
            if depth < 3 and draw(st.booleans()):
                add_children(code, depth + 1)

    add_children(None, 1)
    positive = draw(st.lists(cue_word, max_size=4, unique=True))
    negative = draw(st.lists(cue_word.filter(lambda w: w not in positive), max_size=4))
    mins = sorted(draw(st.lists(st.floats(0.01, 1.0), max_size=3, unique=True)), reverse=True)
    levels = [RatingLevel(m, draw(ident), draw(loc)) for m in [*mins, 0.0]]
    return Codebook(
        id=draw(ident),
        title=draw(loc),
        languages=languages,
        codes=codes,
        valence=ValenceCues(positive, negative, draw(st.lists(cue_word, max_size=3)), draw(st.integers(1, 10))),
        rating_scale=RatingScale(levels, draw(loc)),
        description=draw(maybe_loc),
        sets=draw(
            st.lists(
                st.builds(
                    CodeSet,
                    name=label_text,
                    codes=st.lists(st.sampled_from(sorted(codes)), max_size=4, unique=True),
                    description=maybe_loc,
                ),
                max_size=2,
            )
        ),
    )


def without_lines(codes: dict[str, Code]) -> dict[str, Code]:
    return {key: dataclasses.replace(code, line=0) for key, code in codes.items()}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(codebooks())
def test_dump_and_validate_round_trip(codebook: Codebook) -> None:
    dumped = dump_codebook(codebook)
    note(dumped)
    report, loaded = validate_text(dumped, "dumped.yaml")
    assert report.valid, [p.to_dict() for p in report.errors]
    assert loaded is not None
    assert codebook_to_dict(loaded) == codebook_to_dict(codebook)
    assert without_lines(loaded.codes) == without_lines(codebook.codes)
    assert list(loaded.codes) == list(codebook.codes)
    for code in loaded.codes.values():
        assert code.line > 0
        id_line = dumped.split("\n")[code.line - 1].strip().removeprefix("- ")
        assert id_line.replace("'", "") == f"id: {code.id.rsplit('.', 1)[-1]}"  # 'on', 'yes' come quoted
    assert dump_codebook(loaded) == dumped


def test_round_trip_of_a_handwritten_codebook() -> None:
    text = FOUR_ERRORS.replace("lable", "label").replace("(bulanan|rutin", "(bulanan|rutin)")
    text = text.replace(
        "- id: perencanaan\n        label: {id: Perencanaan lagi", "- id: pelaporan\n        label: {id: Pelaporan"
    )
    report, first = validate_text(
        HEAD.replace("languages", "description: {id: 'Uji: satu', en: '#1'}\nlanguages") + text[len(HEAD) :], "a"
    )
    assert report.problems == []
    assert first is not None
    assert list(first.codes) == [
        "efektivitas",
        "efektivitas.perencanaan",
        "efektivitas.pengawasan",
        "efektivitas.pelaporan",
    ]
    report, second = validate_text(dump_codebook(first), "b")
    assert report.problems == []
    assert second is not None
    assert codebook_to_dict(second) == codebook_to_dict(first)
    assert without_lines(second.codes) == without_lines(first.codes)
    assert second.description == {"id": "Uji: satu", "en": "#1"}
    assert codebook_to_dict(first)["codes"][0]["children"][0]["rules"] == {
        "words": ["rencana", "rapat koordinasi"],
        "regex": ["rapat (bulanan|rutin)"],
    }


def test_code_sets_load_and_an_unknown_member_is_a_warning() -> None:
    text = (
        HEAD
        + """codes:
  - id: efektivitas
    role: dimension
    label: {id: Efektivitas, en: Effectiveness}
    definition: {id: x, en: x}
    children:
      - id: perencanaan
        label: {id: Perencanaan, en: Planning}
        definition: {id: x, en: x}
sets:
  - name: Dari NVivo
    description: {id: Kode yang diimpor, en: Imported codes}
    codes: [efektivitas.perencanaan, efektivitas.pengawasan]
"""
    )
    report, codebook = validate_text(text, "cb.yaml")
    assert codebook is not None and report.valid
    assert [(p.severity, p.message.render("en")) for p in report.problems] == [
        ("warning", "code 'efektivitas.perencanaan' has no matching rules; it can only be coded by hand"),
        ("warning", "set 'Dari NVivo' names a code that does not exist: 'efektivitas.pengawasan' (ignored)"),
    ]
    assert codebook.sets == [
        CodeSet("Dari NVivo", ["efektivitas.perencanaan"], {"id": "Kode yang diimpor", "en": "Imported codes"})
    ]
    assert "sets:\n- name: Dari NVivo" in dump_codebook(codebook)
