"""The interactive coding session as a state machine: keys and lines in, screens out.

:class:`Session` knows nothing about terminals. The CLI (``odskcode code``) reads a key
or a line as :attr:`Screen.wants` says, passes it to :meth:`Session.key` or
:meth:`Session.line`, and draws :meth:`Session.screen`. Tests drive it the same way.

Keys are one character (``1``, ``a``, ``?``) or a name: ``enter``, ``esc``, ``up``,
``down``, ``left``, ``right``, ``pgup``, ``pgdn``, ``eof`` (input ended) and
``interrupt`` (Ctrl-C). Every action that changes anything is one committed
transaction of the :class:`~odskcode.manual.Workbench`; nothing is held back.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field

from .errors import OdskcodeError
from .i18n import t
from .manual import (
    ACCEPTED,
    ADDED,
    REJECTED,
    SUGGESTED,
    CodeRow,
    SegmentState,
    Workbench,
    parse_numbers,
    runs_text,
)
from .model import Code, Segment

KEY, LINE, DONE = "key", "line", "done"
QUIT_KEYS = ("q", "eof", "interrupt")
SCROLL_DOWN, SCROLL_UP = (">", "down", "pgdn", "right"), ("<", "up", "pgup")
VALENCE_KEYS = {"p": "positif", "+": "positif", "n": "negatif", "-": "negatif", "t": "netral", "0": "netral"}
BOX = {SUGGESTED: "[x]", ACCEPTED: "[x]", ADDED: "[x]", REJECTED: "[ ]"}
STYLE = {SUGGESTED: "yellow", ACCEPTED: "green", ADDED: "green", REJECTED: "red"}


def shell_word(value: str) -> str:
    """``value`` as one word of a command line to copy: as it is when it is plain, else in double
    quotes (which bash, zsh, cmd and PowerShell all read)."""
    if re.fullmatch(r"[\w./:@+-]+", value):
        return value
    return '"' + value.replace('"', '\\"') + '"'


@dataclass
class Line:
    text: str
    style: str = ""


@dataclass
class Screen:
    """What to draw: ``lines`` (at most height - 1 of them, each shorter than the width),
    then ``prompt`` on the last line; ``wants`` says whether a key or a line is read next."""

    lines: list[Line]
    prompt: str
    wants: str  # KEY | LINE | DONE

    def text(self) -> str:
        return "\n".join([*(line.text for line in self.lines), self.prompt])


@dataclass
class _Ask:
    kind: str  # KEY | LINE
    prompt: str
    handle: Callable[[str | None], None]  # None: cancelled (Esc, or an empty line where that cancels)
    body: list[Line] | None = None  # shown instead of the segment's text
    full: bool = False  # the body also takes the place of the codes
    scroll: int = 0  # the first line of the body shown


@dataclass
class Session:
    bench: Workbench
    lang: str = "en"
    width: int = 80
    height: int = 24
    start: str | None = None  # a segment to open at; default: where the coder stopped
    index: int = 0
    done: bool = False
    all_done: bool = False  # every segment was coded (when the session ended, or already at its start)
    message: str = ""
    message_style: str = ""
    scroll: int = 0
    _ask: _Ask | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.start is not None:
            self.index = self.bench.segment_index(self.start)
        else:
            resume = self.bench.resume_index()
            if resume is None:
                self.done = self.all_done = True
            else:
                self.index = resume

    # -- helpers --------------------------------------------------------------------------
    def _t(self, message_key: str, /, **params: object) -> str:
        return t(message_key, self.lang, **params)

    def _say(self, message_key: str, style: str = "", /, **params: object) -> None:
        self.message, self.message_style = self._t(message_key, **params), style

    def _error(self, exc: OdskcodeError) -> None:
        self.message, self.message_style = exc.render(self.lang), "bold red"

    @property
    def segment(self) -> Segment:
        return self.bench.segments[self.index]

    def state(self) -> SegmentState:
        return self.bench.state(self.segment)

    def _numbered(self, rows: list[CodeRow]) -> list[CodeRow]:
        return rows[:9]

    def _row(self, n: int, rows: list[CodeRow]) -> CodeRow | None:
        numbered = self._numbered(rows)
        if not 1 <= n <= len(numbered):
            self._say("mc.msg.no_row", n=n)
            return None
        return numbered[n - 1]

    # -- input ------------------------------------------------------------------------------
    @property
    def wants(self) -> str:
        if self.done:
            return DONE
        return self._ask.kind if self._ask is not None else KEY

    def key(self, key: str) -> None:
        """Handle one key (a character or a key name)."""
        if self.done:
            return
        if len(key) == 1 and key.isalpha():
            key = key.lower()
        ask = self._ask
        if ask is not None:
            if key in ("eof", "interrupt"):
                self._ask = None
                self._quit()
                return
            if ask.body is not None and not ask.full and key in SCROLL_DOWN + SCROLL_UP:
                self._scroll_ask(ask, key)
                return
            if ask.kind == LINE:  # a key where a line is wanted: Esc cancels, a character is a line
                if key == "esc":
                    self._ask = None
                    ask.handle(None)
                elif key == "enter" or len(key) == 1:
                    self.line("" if key == "enter" else key)
                return
            self._ask = None
            ask.handle(None if key == "esc" else key)
            return
        self.message = ""
        try:
            self._main(key)
        except OdskcodeError as exc:
            self._error(exc)

    def line(self, text: str | None) -> None:
        """Handle one line of text (None: input ended)."""
        if self.done:
            return
        ask = self._ask
        if ask is None:  # a line where a key is wanted: its first character is the key
            if text is None:
                self.key("eof")
            else:
                self.key(text[:1] if text.strip() else "enter")
            return
        if ask.body is not None and not ask.full and text is not None and text.strip() in (">", "<"):
            self._scroll_ask(ask, text.strip())  # the question stays open
            return
        self._ask = None
        if ask.kind == KEY:
            ask.handle(None if text is None else (text.strip()[:1] or "enter"))
            if text is None:
                self._quit()
            return
        try:
            ask.handle(text)
        except OdskcodeError as exc:
            self._error(exc)
        if text is None:
            self._quit()

    def feed(self, item: str | None) -> None:
        """A key or a line, whichever the session wants now (None: input ended; '' where a key is
        wanted: Enter)."""
        if self.wants == LINE:
            self.line(item)
        elif item is None:
            self.key("eof")
        else:
            self.key(item or "enter")

    # -- the main keys ------------------------------------------------------------------------
    def _main(self, key: str) -> None:
        if len(key) == 1 and key in "123456789":
            self._toggle(int(key))
        elif key in ("enter", "n"):
            self._next()
        elif key in ("b", "left"):
            self._back()
        elif key == "j":
            self._ask = _Ask(LINE, self._t("mc.ask.jump", n=len(self.bench.segments)), self._jump)
        elif key == "a":
            self._ask = _Ask(LINE, self._t("mc.ask.search"), self._search)
        elif key == "c":
            self._ask = _Ask(LINE, self._t("mc.ask.new_id"), self._new_code)
        elif key == "v":
            self._pick_then("mc.ask.pick_valence", self._valence)
        elif key == "m":
            self._memo()
        elif key == "s":
            self._sentences()
        elif key in (">", "down", "pgdn", "right"):
            self.scroll += max(1, self._text_height(self.state()) - 2)
        elif key in ("<", "up", "pgup"):
            self.scroll = max(0, self.scroll - max(1, self._text_height(self.state()) - 2))
        elif key == "?":
            self._ask = _Ask(KEY, self._t("mc.ask.help"), lambda _k: None, body=self._help(), full=True)
        elif key in QUIT_KEYS:
            self._quit()
        elif key == "esc":
            pass
        else:
            shown = key if len(key) == 1 and key.isprintable() else key.encode("unicode_escape").decode()
            self._say("mc.msg.unknown_key", "bold red", key=shown)

    def _scroll_ask(self, ask: _Ask, key: str) -> None:
        """Scroll what a question shows (sentences to pick from, search results)."""
        step = max(1, self._text_height(self.state()) - 2)
        ask.scroll = ask.scroll + step if key in SCROLL_DOWN else max(0, ask.scroll - step)

    def _quit(self) -> None:
        self.done = True
        self.all_done = self.bench.resume_index() is None

    def _goto(self, index: int) -> None:
        self.index = index
        self.scroll = 0

    def _toggle(self, n: int) -> None:
        row = self._row(n, self.state().rows)
        if row is None:
            return
        if row.state in (SUGGESTED, ACCEPTED):
            self.bench.reject(self.segment, row.code)
            self._say("mc.msg.rejected", "red", code=row.code)
        elif row.state == REJECTED:
            self.bench.accept(self.segment, row.code)
            self._say("mc.msg.accepted", "green", code=row.code)
        else:
            self.bench.untag(self.segment, [row.code])
            self._say("mc.msg.removed", "red", code=row.code)

    def _next(self) -> None:
        seg = self.segment
        accepted = self.bench.finish(seg)
        if accepted:
            self._say("mc.msg.finished_accepted", "green", segment=seg.id, codes=", ".join(accepted))
        else:
            self._say("mc.msg.finished", "green", segment=seg.id)
        if self.index + 1 < len(self.bench.segments):
            self._goto(self.index + 1)
            return
        resume = self.bench.resume_index()
        if resume is None:
            self.done = self.all_done = True
        else:
            self._goto(resume)
            self._say("mc.msg.back_to_first", "yellow", segment=self.segment.id)

    def _back(self) -> None:
        if self.index == 0:
            self._say("mc.msg.first")
        else:
            self._goto(self.index - 1)

    def _jump(self, text: str | None) -> None:
        if not text or not text.strip():
            self._say("mc.msg.cancelled")
            return
        self._goto(self.bench.segment_index(text))

    # -- adding and creating codes ---------------------------------------------------------------
    def _tag(self, code: str) -> None:
        change = self.bench.tag(self.segment, [code])[0]
        key = "mc.msg.unchanged" if change.action == "unchanged" else "mc.msg.added"
        self._say(key, "green", code=code)

    def _search(self, text: str | None) -> None:
        query = (text or "").strip()
        if not query:
            self._say("mc.msg.cancelled")
            return
        codes = self.bench.codebook.codes.values()
        exact = next((c for c in codes if c.id.lower() == query.lower()), None)
        if exact is not None and not exact.children:  # a category's id is a search for its codes too
            self._tag(exact.id)
            return
        found = self.bench.search(query)
        if not found:
            self._say("mc.msg.no_match", "bold red", query=query)
            return
        body = [Line(self._t("mc.results", query=query), "bold")]
        body += [Line(self._clip(f"{i} {self._code_text(c)}"), "") for i, c in enumerate(found, start=1)]

        def choose(key: str | None) -> None:
            if key is not None and len(key) == 1 and key.isdigit() and 1 <= int(key) <= len(found):
                try:
                    self._tag(found[int(key) - 1].id)
                except OdskcodeError as exc:
                    self._error(exc)
            else:
                self._say("mc.msg.cancelled")

        self._ask = _Ask(KEY, self._t("mc.ask.pick_result", n=len(found)), choose, body=body)

    def _code_text(self, code: Code) -> str:
        labels = " / ".join(dict.fromkeys(v for v in code.label.values() if v))
        return f"{code.id}  {labels}"

    def _new_code(self, text: str | None) -> None:
        code_id = (text or "").strip()
        if not code_id:
            self._say("mc.msg.cancelled")
            return
        code_id = self.bench.check_new_code(code_id)
        languages = list(self.bench.codebook.languages) or [self.lang]
        labels: dict[str, str] = {}
        default = code_id.rsplit(".", 1)[-1].replace("_", " ")

        def ask(i: int) -> None:
            lang = languages[i]
            shown = next((v for v in labels.values() if v), default)

            def got(value: str | None) -> None:
                if value is None:
                    self._say("mc.msg.cancelled")
                    return
                labels[lang] = value.strip()
                if i + 1 < len(languages):
                    ask(i + 1)
                else:
                    self.bench.create_code(code_id, labels, tag=self.segment)
                    self._say("mc.msg.created", "green", code=code_id)

            self._ask = _Ask(LINE, self._t("mc.ask.label", lang=lang, default=shown), got)

        ask(0)

    # -- valence, memo, sentences ------------------------------------------------------------------
    def _pick_then(self, prompt_key: str, then: Callable[[CodeRow], None], rows: list[CodeRow] | None = None) -> None:
        """Ask which code (when there is a choice), then go on with it."""
        rows = self._numbered(self.state().rows if rows is None else rows)
        if not rows:
            self._say("mc.msg.no_codes", "bold red")
            return
        if len(rows) == 1:
            then(rows[0])
            return

        def chosen(key: str | None) -> None:
            if key is not None and len(key) == 1 and key.isdigit() and 1 <= int(key) <= len(rows):
                try:
                    then(rows[int(key) - 1])
                except OdskcodeError as exc:
                    self._error(exc)
            else:
                self._say("mc.msg.cancelled")

        self._ask = _Ask(KEY, self._t(prompt_key, n=len(rows)), chosen)

    def _valence(self, row: CodeRow) -> None:
        if row.state == REJECTED:  # a valence would accept it again, unasked
            self._say("mc.msg.rejected_row", "bold red", code=row.code)
            return

        def chosen(key: str | None) -> None:
            valence = VALENCE_KEYS.get(key or "")
            if valence is None:
                self._say("mc.msg.cancelled")
                return
            self.bench.tag(self.segment, [row.code], valence=valence)
            self._say("mc.msg.valence", "green", code=row.code, valence=valence)

        self._ask = _Ask(KEY, self._t("mc.ask.valence", code=row.code), chosen)

    def _memo(self) -> None:
        state = self.state()
        rows = self._numbered(state.rows)

        def write(row: CodeRow | None) -> None:
            current = row.memo if row is not None else state.memo
            target = row.code if row is not None else self._t("mc.segment", segment=self.segment.id)
            if current:
                self._say("mc.msg.current_memo", memo=self._clip(current, self.width - 20))

            def got(text: str | None) -> None:
                if not text or not text.strip():
                    self._say("mc.msg.cancelled")
                    return
                change = self.bench.memo(self.segment, text, code=row.code if row is not None else None)
                self._say("mc.msg.memo_unchanged" if change.action == "unchanged" else "mc.msg.memo_saved", "green")

            self._ask = _Ask(LINE, self._t("mc.ask.memo", target=target), got)

        if not rows:
            write(None)
            return

        def chosen(key: str | None) -> None:
            if key in ("enter", "0"):
                write(None)
            elif key is not None and len(key) == 1 and key.isdigit() and 1 <= int(key) <= len(rows):
                if rows[int(key) - 1].state == REJECTED:  # a memo on it would accept it again, unasked
                    self._say("mc.msg.rejected_row", "bold red", code=rows[int(key) - 1].code)
                else:
                    write(rows[int(key) - 1])
            else:
                self._say("mc.msg.cancelled")

        self._ask = _Ask(KEY, self._t("mc.ask.memo_target", n=len(rows)), chosen)

    def _sentences(self) -> None:
        seg = self.segment
        spans = self.bench.sentences(seg)
        if len(spans) < 2:
            self._say("mc.msg.one_sentence")
            return
        text = self.bench.transcript.text
        body: list[Line] = []
        for n, (a, b) in enumerate(spans, start=1):
            body += [Line(x) for x in self._wrap(f"[{n}] {text[a:b]}", indent=4)]

        def with_code(row: CodeRow) -> None:
            def got(value: str | None) -> None:
                value = (value or "").strip()
                if not value:
                    self._say("mc.msg.cancelled")
                    return
                numbers = list(range(1, len(spans) + 1)) if value in ("*", "all", "semua") else None
                if numbers is None:
                    numbers = parse_numbers(value, len(spans))
                self.bench.tag(seg, [row.code], sentences=numbers)
                covered = self.bench.covered_sentences(seg, self.bench.ranges_for(seg, numbers))
                if covered is None:
                    self._say("mc.msg.whole", "green", code=row.code)
                else:
                    self._say("mc.msg.sentences_set", "green", code=row.code, numbers=runs_text(covered))

            self._ask = _Ask(LINE, self._t("mc.ask.sentences", code=row.code, n=len(spans)), got, body=body)

        self._pick_then("mc.ask.pick_sentences", with_code)
        if self._ask is not None and self._ask.kind == KEY:  # show the sentences while the code is chosen
            self._ask.body = body

    # -- drawing --------------------------------------------------------------------------------
    def _clip(self, text: str, width: int | None = None) -> str:
        """``text`` on one line, cut with '…' to ``width`` (default: the screen's)."""
        width = (self.width - 1) if width is None else width
        text = text.replace("\n", " ")
        return text if len(text) <= width else text[: max(0, width - 1)] + "…"

    def _wrap(self, text: str, indent: int = 0) -> list[str]:
        out: list[str] = []
        for para in text.split("\n"):
            wrapped = textwrap.wrap(para, width=self.width - 1, subsequent_indent=" " * indent, break_on_hyphens=False)
            out += wrapped or [""]
        return out

    def _help(self) -> list[Line]:
        lines = [Line(self._t("mc.help.title"), "bold")]
        for key, name in (
            ("1-9", "toggle"),
            ("Enter, n", "next"),
            ("a", "add"),
            ("c", "create"),
            ("v", "valence"),
            ("m", "memo"),
            ("s", "sentences"),
            ("b", "back"),
            ("j", "jump"),
            ("< >", "scroll"),
            ("?", "help"),
            ("Esc", "cancel"),
            ("q, Ctrl-C", "quit"),
        ):
            lines += [Line(x) for x in self._wrap(f"{key:<10} {self._t('mc.help.' + name)}", indent=11)]
        lines += [Line(x, "dim") for x in self._wrap(self._t("mc.help.saved"))]
        return lines

    def _row_lines(self, state: SegmentState) -> list[Line]:
        rows = state.rows
        numbered = self._numbered(rows)
        if not numbered:
            return [Line(self._t("mc.no_codes_yet"), "dim")]
        width = self.width - 1
        id_width = min(max(len(r.code) for r in numbered), 38)
        tails: list[str] = []
        for row in numbered:
            state_text = self._t("mc.state." + row.state)
            covered = self.bench.covered_sentences(state.segment, row.ranges)
            if covered is not None:
                state_text += " " + self._t("mc.sentences_short", numbers=runs_text(covered))
            if row.memo:
                state_text += " +memo"
            valence = row.valence if row.state != REJECTED else "-"
            tails.append(f" {valence:<7} {state_text}")
        tail_width = max(len(x) for x in tails)
        out: list[Line] = []
        for n, (row, tail) in enumerate(zip(numbered, tails, strict=True), start=1):
            code = self.bench.codebook.codes.get(row.code)
            label = code.name(self.lang) if code is not None else "?"
            head = f"{n} {BOX[row.state]} {row.code:<{id_width}} "
            room = width - len(head) - tail_width
            if len(label) > room:
                label = label[: room - 1] + "…" if room > 1 else ""
            out.append(Line((head + f"{label:<{max(room, 0)}}" + tail)[:width], STYLE[row.state]))
        if len(rows) > len(numbered):
            out.append(Line(self._t("mc.more_codes", n=len(rows) - len(numbered)), "dim"))
        return out

    def _fixed_lines(self, state: SegmentState) -> tuple[list[Line], list[Line], list[Line]]:
        """(top, middle, bottom) lines around the segment's text."""
        seg = state.segment
        total = len(self.bench.segments)
        n_done, _ = self.bench.progress()
        width = self.width - 1
        role = str(self.bench.transcript.informant_meta(seg.informant).get("role", "") or "")
        right = f"{seg.id}  {self.index + 1}/{total}"
        left = self._clip(" | ".join(x for x in (self.bench.key, seg.informant, role) if x), width - len(right) - 2)
        top = [Line(f"{left:<{width - len(right)}}{right}", "bold")]
        progress = self._t("mc.progress", n=n_done, total=total, coder=self.bench.coder)
        if state.reviewed:
            progress += "  " + self._t("mc.segment_done")
        top.append(Line(self._clip(progress), "cyan"))
        top.append(Line("-" * width, "dim"))
        question = self.bench.question(seg)
        if question is not None:
            q_lines = self._wrap(question)
            if len(q_lines) > 2:
                q_lines = [q_lines[0], self._clip(q_lines[1] + " " + " ".join(q_lines[2:]))]
            top += [Line(x, "dim") for x in q_lines]
        middle = [Line("-" * width, "dim"), *self._row_lines(state)]
        if state.memo:
            middle.append(Line(self._clip(self._t("mc.memo_line", memo=state.memo)), "magenta"))
        bottom = [Line("-" * width, "dim")]
        bottom += [Line(self._clip(self._t(k)), "dim") for k in ("mc.keys1", "mc.keys2")]
        bottom.append(Line(self._clip(self.message), self.message_style))
        return top, middle, bottom

    def _text_height(self, state: SegmentState) -> int:
        top, middle, bottom = self._fixed_lines(state)
        return max(3, self.height - 1 - len(top) - len(middle) - len(bottom))

    def _text_lines(self, state: SegmentState) -> list[str]:
        seg = state.segment
        turn = self.bench.transcript.turns[seg.turn]
        label = f"{turn.speaker}: " if turn.speaker and seg.start == turn.start else ""
        return self._wrap(label + seg.text)

    def _window(self, body: list[Line], height: int, scroll: int) -> tuple[list[Line], int]:
        """The lines of ``body`` that fit, from the scroll position, with marks for what is above and
        below; and the scroll position, kept within the body."""
        if len(body) <= height:
            return body, 0
        scroll = max(0, min(scroll, len(body) - (height - 1)))
        out: list[Line] = []
        room = height
        if scroll > 0:
            out.append(Line(self._t("mc.more_above", n=scroll), "dim"))
            room -= 1
        rest = body[scroll:]
        if len(rest) > room:
            out += rest[: room - 1]
            out.append(Line(self._t("mc.more_text", n=len(rest) - (room - 1)), "dim"))
        else:
            out += rest
        return out, scroll

    def screen(self) -> Screen:
        """The screen to draw now."""
        if self.done:
            return Screen([], "", DONE)
        state = self.state()
        top, middle, bottom = self._fixed_lines(state)
        ask = self._ask
        if ask is not None and ask.full and ask.body is not None:  # e.g. the help: header, body, message
            top, bottom = top[:3], [bottom[-1]]
            room = self.height - 1 - len(top) - len(bottom)
            body = ask.body[:room]
            lines = [*top, *body, *[Line("")] * (room - len(body)), *bottom]
            return Screen(lines, ask.prompt, ask.kind)
        height = max(3, self.height - 1 - len(top) - len(middle) - len(bottom))
        if ask is not None and ask.body is not None:
            text, ask.scroll = self._window(ask.body, height, ask.scroll)
        else:
            text, self.scroll = self._window([Line(x) for x in self._text_lines(state)], height, self.scroll)
        text = [*text, *[Line("")] * (height - len(text))]
        lines = [*top, *text, *middle, *bottom]
        overflow = len(lines) - (self.height - 1)
        if overflow > 0:  # a very small terminal: drop codes from the bottom of the list
            cut = len(top) + len(text) + len(middle)
            lines = lines[: cut - overflow] + lines[cut:]
        prompt = ask.prompt if ask is not None else self._t("mc.ask.key")
        return Screen(lines, self._clip(prompt), ask.kind if ask is not None else KEY)

    def summary(self) -> str:
        """One line for the end of the session."""
        n, total = self.bench.progress()
        key, coder = self.bench.key, self.bench.coder
        if n == total:
            return self._t("mc.end_all", key=key, total=total, coder=coder)
        command = f"odskcode code {shell_word(key)} --coder {shell_word(coder)}"
        return self._t("mc.end_partial", key=key, n=n, total=total, coder=coder, command=command)
