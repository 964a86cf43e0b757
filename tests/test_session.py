"""The interactive session: the state machine driven by keys, the CLI driven by scripted stdin,
and a session killed halfway that resumes and ends with exactly the decisions given."""

from __future__ import annotations

import os
import queue
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from odskcode.cli import app
from odskcode.cli.coding_cmd import ESC, clean_line, key_name, scripted_key, split_keys
from odskcode.manual import Workbench
from odskcode.project import autocode_project, import_transcripts, init_project, load_codings, open_project
from odskcode.session import DONE, KEY, LINE, Session

from .conftest import MINI, SAMPLE, write_interview
from .test_manual import decisions, make_project, manual
from .test_project import query

runner = CliRunner()


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    monkeypatch.delenv("ODSKCODE_PROJECT", raising=False)
    monkeypatch.delenv("ODSKCODE_CODER", raising=False)
    monkeypatch.setenv("ODSKCODE_LANG", "en")


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path)


def session(project, coder: str = "ani", lang: str = "en", **kw) -> Session:
    return Session(Workbench(project, "I01.md", coder), lang=lang, **kw)


def drive(s: Session, *items: str | None) -> None:
    """Feed keys and lines in order, as the CLI would (a line where the session wants one)."""
    for item in items:
        assert not s.done, f"session ended before {item!r}"
        s.feed(item)


def lines(s: Session) -> list[str]:
    return [line.text for line in s.screen().lines]


def rows(s: Session) -> list[tuple[str, str]]:
    return [(r.code, r.state) for r in s.state().rows]


def check_fits(s: Session) -> None:
    screen = s.screen()
    assert len(screen.lines) <= s.height - 1
    assert all(len(line.text) < s.width for line in screen.lines), [x.text for x in screen.lines]
    assert len(screen.prompt) < s.width


# --------------------------------------------------------------------------- the screen
def test_first_screen_shows_question_informant_suggestions_progress_and_keys(project):
    s = session(project)
    screen = s.screen()
    assert screen.wants == KEY
    assert [x.text.rstrip() for x in screen.lines] == [
        "I01.md | I01 | Kepala Seksi                                           t001  1/4",
        "coded 0 of 4 segments | coder ani",
        "-" * 79,
        "P: Pertanyaan 1?",
        "I01: Perencanaan kami sudah baik. Setiap bulan ada rapat koordinasi. Tapi",
        "kadang ada beda pendapat.",
        *[""] * 9,
        "-" * 79,
        "1 [x] efektivitas.perencanaan    Planning                     positif suggested",
        "2 [x] kendala.perbedaan_pendapat differences of opinion       positif suggested",
        "3 [x] upaya.musyawarah           deliberation                 positif suggested",
        "-" * 79,
        "1-9 accept/reject  Enter next  a add code  c new code  v valence  m memo",
        "? help  q quit  s sentences  b back  j jump  < > scroll text",
        "",
    ]
    assert screen.prompt == "key: "
    check_fits(s)


def test_keys_and_labels_in_indonesian(project):
    s = session(project, lang="id")
    text = lines(s)
    assert "0 dari 4 segmen selesai dikode | pengode ani" in text
    assert "1-9 terima/tolak  Enter lanjut  a tambah kode  c kode baru  v valensi  m memo" in text
    assert text[-7].startswith("1 [x] efektivitas.perencanaan    Perencanaan")
    assert s.screen().prompt == "tombol: "


@pytest.mark.parametrize(("width", "height"), [(80, 24), (40, 14), (120, 40)])
def test_every_screen_fits_the_terminal(project, width, height):
    s = session(project, width=width, height=height)
    check_fits(s)
    for keys in (["?"], ["a", "pendapat"], ["s"], ["m"], ["v"], ["j"], ["c"], ["x"], ["1"], [""]):
        drive(s, *keys)
        check_fits(s)
        drive(s, "esc" if s.wants == KEY else "")  # cancel what was asked
        assert s.wants == KEY
        check_fits(s)


def test_long_text_scrolls(tmp_path):
    tx = tmp_path / "tx"
    tx.mkdir()
    write_interview(tx, "I01.md", "I01", [" ".join(f"Kalimat nomor {i} tentang perencanaan." for i in range(60))])
    project = init_project(tmp_path / "proj", codebook=MINI)
    import_transcripts(project, [tx])
    s = session(project)
    shown = lines(s)
    assert any(x.startswith("… ") and x.endswith(" more lines (> to scroll)") for x in shown)
    check_fits(s)
    drive(s, ">")
    assert any(x.endswith(" lines above (< to scroll)") for x in lines(s))
    check_fits(s)
    for _ in range(20):
        drive(s, ">")
    assert "Kalimat nomor 59 tentang perencanaan." in " ".join(lines(s))
    assert not any(x.endswith(" more lines (> to scroll)") for x in lines(s))
    drive(s, "<")
    check_fits(s)


# --------------------------------------------------------------------------- keys
def test_number_keys_reject_and_accept_at_once(project):
    s = session(project)
    drive(s, "2")
    assert decisions(project) == {("t001", "kendala.perbedaan_pendapat", "rejected")}  # stored before Enter
    assert lines(s)[-1] == "rejected kendala.perbedaan_pendapat"
    assert rows(s)[1] == ("kendala.perbedaan_pendapat", "rejected")
    drive(s, "2")
    assert decisions(project) == {("t001", "kendala.perbedaan_pendapat", "accepted")}
    assert lines(s)[-1] == "accepted kendala.perbedaan_pendapat"
    drive(s, "9")
    assert lines(s)[-1] == "there is no code 9 on this segment"


def test_enter_accepts_what_is_still_selected_and_moves_on(project):
    s = session(project)
    drive(s, "1", "")
    assert decisions(project) == {
        ("t001", "efektivitas.perencanaan", "rejected"),
        ("t001", "kendala.perbedaan_pendapat", "accepted"),
        ("t001", "upaya.musyawarah", "accepted"),
        ("t001", "", "reviewed"),
    }
    assert s.segment.id == "t002"
    assert lines(s)[1] == "coded 1 of 4 segments | coder ani"
    assert lines(s)[-1] == "t001 done; accepted kendala.perbedaan_pendapat, upaya.musyawarah"
    drive(s, "b")
    assert s.segment.id == "t001"
    assert lines(s)[1] == "coded 1 of 4 segments | coder ani  (this segment is done)"
    assert rows(s) == [
        ("efektivitas.perencanaan", "rejected"),
        ("kendala.perbedaan_pendapat", "accepted"),
        ("upaya.musyawarah", "accepted"),
    ]
    drive(s, "b")
    assert lines(s)[-1] == "this is the first segment"


def test_add_by_search_by_exact_id_and_remove_again(project):
    s = session(project)
    drive(s, "j", "t004")
    assert s.segment.id == "t004"
    assert "(no codes yet: add one with a, create one with c)" in lines(s)
    drive(s, "a", "pendapat")
    assert s.wants == KEY
    assert "Codes matching 'pendapat':" in lines(s)
    assert "1 kendala.perbedaan_pendapat  perbedaan pendapat / differences of opinion" in lines(s)
    drive(s, "1")
    assert lines(s)[-1] == "added kendala.perbedaan_pendapat"
    drive(s, "a", "UPAYA.MUSYAWARAH")  # an exact id is added at once
    assert rows(s) == [("kendala.perbedaan_pendapat", "added"), ("upaya.musyawarah", "added")]
    assert decisions(project) == set()
    drive(s, "1")
    assert lines(s)[-1] == "removed kendala.perbedaan_pendapat"
    assert rows(s) == [("upaya.musyawarah", "added")]
    drive(s, "a", "zzzz")
    assert lines(s)[-1] == "no code matches 'zzzz'"
    drive(s, "a", "pendapat", "<esc>")
    assert lines(s)[-1] == "cancelled"
    drive(s, "a", "")
    assert lines(s)[-1] == "cancelled"


def test_searching_a_categorys_id_lists_its_codes_instead_of_adding_the_category(project):
    s = session(project)
    drive(s, "j", "t004", "a", "kendala")
    assert s.wants == KEY
    assert "1 kendala  Kendala / Obstacles" in lines(s)
    assert "2 kendala.perbedaan_pendapat  perbedaan pendapat / differences of opinion" in lines(s)
    drive(s, "2")
    assert rows(s) == [("kendala.perbedaan_pendapat", "added")]
    drive(s, "a", "kendala", "1")  # the category itself, when that is what the coder picks
    assert rows(s) == [("kendala", "added"), ("kendala.perbedaan_pendapat", "added")]


def test_create_a_code_on_the_spot(project):
    s = session(project)
    drive(s, "c", "kendala.anggaran", "Anggaran kurang", "")
    assert lines(s)[-1] == "created kendala.anggaran in the project's codebook and added it here"
    assert ("kendala.anggaran", "added") in rows(s)
    codebook = open_project(project.root).codebook()
    assert codebook.codes["kendala.anggaran"].label == {"id": "Anggaran kurang", "en": "Anggaran kurang"}
    assert query(project, "SELECT count(*) FROM log WHERE action = 'code_create'") == [(1,)]
    drive(s, "c", "kendala.anggaran")
    assert lines(s)[-1] == "code 'kendala.anggaran' already exists in the project's codebook"
    assert s.wants == KEY


def test_valence_memo_and_sentences(project):
    s = session(project)
    drive(s, "v", "3", "n")
    assert lines(s)[-1] == "valence of upaya.musyawarah: negatif"
    assert [(r[1], r[4]) for r in manual(project)] == [("upaya.musyawarah", "negatif")]
    drive(s, "m", "", "Rapat rutin disebut dua kali.")
    assert lines(s)[-1] == "memo saved"
    assert "memo: Rapat rutin disebut dua kali." in lines(s)
    drive(s, "m", "1", "Perencanaan dinilai baik.")
    assert next((r[1], r[5]) for r in manual(project)) == ("efektivitas.perencanaan", "Perencanaan dinilai baik.")
    drive(s, "s", "3")
    assert "[2] Setiap bulan ada rapat koordinasi." in lines(s)
    assert s.wants == LINE
    drive(s, "2")
    assert lines(s)[-1] == "upaya.musyawarah: sentences 2"
    row = next(x for x in s.screen().lines if "upaya.musyawarah" in x.text)
    assert row.text.rstrip().endswith("negatif accepted sent. 2")
    drive(s, "s", "3", "*")
    assert lines(s)[-1] == "upaya.musyawarah: the whole segment"
    drive(s, "s", "3", "7")
    assert lines(s)[-1] == "'7' is not a list of sentence numbers from 1 to 3 (e.g. 1,3-4)"
    drive(s, "j", "2", "s")
    assert lines(s)[-1] == "this segment is one sentence"
    drive(s, "j", "4", "v")
    assert lines(s)[-1] == "this segment has no codes yet: add one with a"


def test_a_memo_or_a_valence_on_a_rejected_code_does_not_accept_it_again(project):
    s = session(project)
    drive(s, "2", "m", "2")
    assert lines(s)[-1] == "kendala.perbedaan_pendapat is rejected: accept it, or write a segment memo"
    assert s.wants == KEY
    drive(s, "v", "2")
    assert lines(s)[-1] == "kendala.perbedaan_pendapat is rejected: accept it, or write a segment memo"
    assert s.wants == KEY
    drive(s, "m", "", "Bukan perbedaan pendapat, hanya usulan.")  # why, on the segment
    assert decisions(project) == {("t001", "kendala.perbedaan_pendapat", "rejected")}
    assert manual(project) == []
    assert query(project, "SELECT segment, text FROM memos") == [("t001", "Bukan perbedaan pendapat, hanya usulan.")]


def test_jump_errors_help_and_unknown_keys(project):
    s = session(project)
    drive(s, "j", "t9")
    assert (
        lines(s)[-1]
        == (
            "I01.md has no segment 't9' — did you mean 't004'? see its segment ids with: odskcode transcripts show I01.md"
        )[:78]
        + "…"
    )
    drive(s, "?")
    assert "Enter, n   this segment is done: suggestions still selected are accepted; go to" in lines(s)
    drive(s, "x")
    assert lines(s)[3].startswith("P: ")
    drive(s, "x")
    assert lines(s)[-1] == "unknown key 'x' (? for help)"


def test_quit_and_resume_where_the_coder_stopped(project):
    s = session(project)
    drive(s, "", "", "1", "q")
    assert s.done and not s.all_done
    assert s.summary() == ("I01.md: ani has coded 2 of 4 segments; go on with: odskcode code I01.md --coder ani")
    again = session(project)
    assert again.segment.id == "t003"
    assert rows(again) == [("responsivitas.kecepatan", "rejected")]
    drive(again, "", "")
    assert again.done and again.all_done
    assert again.summary() == "I01.md: all 4 segments coded by ani"
    assert session(project).done  # nothing left to resume
    assert session(project, start="t002").segment.id == "t002"


def test_the_command_to_go_on_can_be_copied_when_the_coder_name_has_a_space(project):
    s = session(project, coder="Ani Wijaya")
    drive(s, "q")
    assert s.summary() == (
        'I01.md: Ani Wijaya has coded 0 of 4 segments; go on with: odskcode code I01.md --coder "Ani Wijaya"'
    )


def test_last_segment_returns_to_the_first_one_not_done(project):
    s = session(project, start="t004")
    drive(s, "")
    assert s.segment.id == "t001"
    assert lines(s)[-1] == "that was the last segment; back to the first one not yet coded: t001"


def test_eof_and_interrupt_end_the_session_even_inside_a_prompt(project):
    s = session(project)
    drive(s, "m", None)
    assert s.done and s.wants == DONE
    s = session(project)
    drive(s, "a")
    s.key("interrupt")
    assert s.done


def test_esc_cancels_a_question_that_wants_text_and_the_session_goes_on(project):
    s = session(project)
    drive(s, "a")
    assert s.wants == LINE
    s.key("esc")
    assert not s.done and s.wants == KEY
    assert lines(s)[-1] == "cancelled"
    drive(s, "c", "kendala.anggaran")
    s.key("esc")  # at the label: nothing is created
    assert not s.done and lines(s)[-1] == "cancelled"
    assert "kendala.anggaran" not in open_project(project.root).codebook().codes


def test_sentences_of_a_long_segment_scroll_while_they_are_chosen(tmp_path):
    tx = tmp_path / "tx"
    tx.mkdir()
    write_interview(tx, "I01.md", "I01", [" ".join(f"Kalimat nomor {i} tentang perencanaan." for i in range(1, 31))])
    project = init_project(tmp_path / "proj", codebook=MINI)
    import_transcripts(project, [tx])
    s = session(project)
    drive(s, "a", "upaya.musyawarah", "s")
    assert s.wants == LINE
    assert "[1] Kalimat nomor 1 tentang perencanaan." in lines(s)
    assert not any("[25]" in x for x in lines(s))
    assert any(x.endswith(" more lines (> to scroll)") for x in lines(s))
    for _ in range(3):
        drive(s, ">")
        assert s.wants == LINE  # still asking which sentences
        check_fits(s)
    assert "[25] Kalimat nomor 25 tentang perencanaan." in lines(s)
    assert any(x.endswith(" lines above (< to scroll)") for x in lines(s))
    drive(s, "<")
    check_fits(s)
    drive(s, "25")
    assert lines(s)[-1] == "upaya.musyawarah: sentences 25"


def test_help_and_quit_keys_stay_on_a_narrow_screen(project):
    for lang, keys in (("en", "? help  q quit"), ("id", "? bantuan  q keluar")):
        s = session(project, lang=lang, width=60, height=20)
        assert any(x.startswith(keys) for x in lines(s))
        check_fits(s)


def test_key_names_from_terminals_and_scripts():
    assert [key_name(k) for k in ("\r", "\x1b", "\x1b[A", "\xe0K", "\x00P", "a", "")] == [
        "enter",
        "esc",
        "up",
        "left",
        "down",
        "a",
        "enter",
    ]
    assert [scripted_key(x) for x in ("\n", "1\n", "<ESC>\r\n", "ab\n")] == ["enter", "1", "esc", "ab"]


# --------------------------------------------------------------------------- the CLI
def run(*args: object, input: str | None = None):
    return runner.invoke(app, [str(a) for a in args], input=input)


def test_cli_code_session_from_scripted_input(project):
    result = run("code", "I01", "--coder", "ani", "-p", project.root, "--lang", "en", input="2\n\n\n")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == (
        "I01.md: ani has coded 2 of 4 segments; go on with: odskcode code I01.md --coder ani"
    )
    assert "rejected kendala.perbedaan_pendapat" in result.stdout
    assert all(len(line) < 80 for line in result.stdout.splitlines()[:-1])  # the screens; then the summary
    assert decisions(project) == {
        ("t001", "efektivitas.perencanaan", "accepted"),
        ("t001", "kendala.perbedaan_pendapat", "rejected"),
        ("t001", "upaya.musyawarah", "accepted"),
        ("t001", "", "reviewed"),
        ("t002", "efektivitas.pengawasan", "accepted"),
        ("t002", "", "reviewed"),
    }
    result = run("code", "I01.md", "--coder", "ani", "-p", project.root, input="\n\n")
    assert result.stdout.splitlines()[-1] == "I01.md: all 4 segments coded by ani"
    result = run("code", "I01.md", "--coder", "ani", "-p", project.root)
    assert (result.exit_code, result.stdout) == (
        0,
        "I01.md: all 4 segments are already coded by ani; revisit one with --segment ID\n",
    )


def test_cli_code_scripted_esc_cancels_a_question_that_wants_text(project):
    result = run("code", "I01", "--coder", "ani", "-p", project.root, "--lang", "en", input="m\n\n<esc>\n2\nq\n")
    assert result.exit_code == 0, result.output
    assert "cancelled" in result.stdout
    assert query(project, "SELECT count(*) FROM memos") == [(0,)]
    assert decisions(project) == {("t001", "kendala.perbedaan_pendapat", "rejected")}  # the session went on


def test_cli_code_on_a_terminal_reads_single_keys_and_draws_full_screens(project, monkeypatch):
    """The terminal path: keys from typer.getchar (POSIX or Windows codes), lines from input(),
    each screen drawn after clearing, within 80x24."""
    import functools
    import io

    import typer
    from rich.console import Console

    from odskcode.cli import coding_cmd

    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=80, height=24, color_system=None, legacy_windows=False)
    monkeypatch.setattr(coding_cmd, "Terminal", functools.partial(coding_cmd.Terminal, tty=True, console=console))
    keys = iter(["2", "\r", "\xe0K", "a", "\x03"])  # reject, Enter, Windows left arrow (back), add, Ctrl-C

    def getchar(echo: bool = False) -> str:
        key = next(keys)
        if key == "\x03":
            raise KeyboardInterrupt
        return key

    monkeypatch.setattr(typer, "getchar", getchar)
    monkeypatch.setattr("builtins.input", lambda: "UPAYA.MUSYAWARAH")
    result = run("code", "I01", "--coder", "ani", "-p", project.root)
    assert result.exit_code == 0, result.output
    assert result.stdout == "I01.md: ani has coded 1 of 4 segments; go on with: odskcode code I01.md --coder ani\n"
    screens = out.getvalue().split("\x1b[2J")  # rich's clear before each screen
    assert len(screens) >= 6
    for screen in screens[1:-1]:
        text = screen.replace("\x1b[H", "")
        assert len(text.split("\n")) == 24
        assert all(len(line) < 80 for line in text.split("\n"))
    assert "rejected kendala.perbedaan_pendapat" in screens[2]
    assert "t002  2/4" in screens[3]
    assert "t001  1/4" in screens[-2] and "upaya.musyawarah is already on this segment" in screens[-2]
    assert decisions(project) == {
        ("t001", "efektivitas.perencanaan", "accepted"),
        ("t001", "kendala.perbedaan_pendapat", "rejected"),
        ("t001", "upaya.musyawarah", "accepted"),
        ("t001", "", "reviewed"),
    }


def on_terminal(project, monkeypatch, chunks, typed=(), sizes=None, args=()):
    """Run `odskcode code I01` as on a terminal: ``chunks`` are what each read of the keyboard gives
    (several keys when they were typed ahead), ``typed`` the lines input() returns. Returns the result
    and the screens drawn."""
    import functools
    import io

    import typer
    from rich.console import Console

    from odskcode.cli import coding_cmd

    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=80, height=24, color_system=None, legacy_windows=False)
    if sizes is not None:
        sizes = iter(sizes)
        monkeypatch.setattr(coding_cmd.Terminal, "size", lambda self: next(sizes))
    monkeypatch.setattr(coding_cmd, "Terminal", functools.partial(coding_cmd.Terminal, tty=True, console=console))
    keys = iter(chunks)

    def getchar(echo: bool = False) -> str:
        chunk = next(keys)
        if chunk == "\x03":
            raise KeyboardInterrupt
        return chunk

    lines = iter(typed)
    monkeypatch.setattr(typer, "getchar", getchar)
    monkeypatch.setattr("builtins.input", lambda: next(lines))
    result = run("code", "I01", "--coder", "ani", "-p", project.root, "--lang", "en", *args)
    return result, [s.replace("\x1b[H", "") for s in out.getvalue().split("\x1b[2J")[1:-1]]  # then a clear


def test_cli_code_on_a_terminal_keeps_keys_typed_ahead(project, monkeypatch):
    """Keys typed while a screen was drawn come in one read: each is a key, and the text of a
    question that was typed ahead is its answer."""
    chunks = ["2\r", "amusyawarah\r", "1", "\x1b[A\x1b[D", "q"]
    result, screens = on_terminal(project, monkeypatch, chunks)
    assert result.exit_code == 0, result.output
    assert result.stdout == "I01.md: ani has coded 1 of 4 segments; go on with: odskcode code I01.md --coder ani\n"
    assert decisions(project) == {
        ("t001", "efektivitas.perencanaan", "accepted"),
        ("t001", "kendala.perbedaan_pendapat", "rejected"),
        ("t001", "upaya.musyawarah", "accepted"),
        ("t001", "", "reviewed"),
    }
    assert [(r[0], r[1]) for r in manual(project)] == [
        ("t001", "efektivitas.perencanaan"),
        ("t001", "upaya.musyawarah"),
        ("t002", "upaya.musyawarah"),
    ]
    assert "t001  1/4" in screens[-1]


def test_cli_code_on_a_terminal_ends_when_the_terminal_is_gone(project, monkeypatch):
    """A read that gives nothing (the terminal was closed) ends the session; it is not Enter, which
    would finish every segment."""
    result, _ = on_terminal(project, monkeypatch, [""] * 10)
    assert result.exit_code == 0, result.output
    assert result.stdout == "I01.md: ani has coded 0 of 4 segments; go on with: odskcode code I01.md --coder ani\n"
    assert decisions(project) == set()


def test_cli_code_on_a_terminal_keeps_escape_sequences_out_of_text(project, monkeypatch):
    """Arrow keys typed into a line of text are dropped; Esc in it cancels the question, and the
    session goes on."""
    typed = ["Informan ragu\x1b[D\x1b[C soal\tdata", "Catatan lain\x1b"]
    result, screens = on_terminal(project, monkeypatch, ["m", "\r", "m", "\r", "q"], typed)
    assert result.exit_code == 0, result.output
    assert query(project, "SELECT segment, text FROM memos") == [("t001", "Informan ragu soal data")]
    assert "cancelled" in screens[-1]


def test_cli_code_ctrl_c_while_a_key_is_handled_ends_the_session_keeping_what_was_saved(project, monkeypatch):
    def interrupted(self, seg):
        raise KeyboardInterrupt

    monkeypatch.setattr(Workbench, "finish", interrupted)
    result, _ = on_terminal(project, monkeypatch, ["2", "\r"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == "I01.md: ani has coded 0 of 4 segments; go on with: odskcode code I01.md --coder ani\n"
    assert decisions(project) == {("t001", "kendala.perbedaan_pendapat", "rejected")}


def test_cli_code_on_a_terminal_follows_a_resize(project, monkeypatch):
    """The window shrank while the session waited for a key: what that key opens fits the new size."""
    _, screens = on_terminal(project, monkeypatch, ["?", "x", "q"], sizes=[(80, 24)] + [(60, 20)] * 10)
    help_screen = screens[1]
    assert "Keys" in help_screen
    assert all(len(line) < 60 for line in help_screen.split("\n")), help_screen
    assert len(help_screen.split("\n")) == 20


@pytest.mark.skipif(os.name == "nt", reason="POSIX terminal")
def test_read_chars_keeps_what_was_typed_before_the_read(monkeypatch):
    """typer.getchar puts the terminal in raw mode with TCSAFLUSH, which throws away keys typed while
    the screen was drawn; read_chars keeps them."""
    import pty

    from odskcode.cli.coding_cmd import read_chars

    master, slave = pty.openpty()
    stop = threading.Event()

    def late_key() -> None:  # should the typed-ahead keys be lost, the read gets this instead of hanging
        if not stop.wait(5):
            os.write(master, b"Z")

    class Stdin:
        encoding = "utf-8"

        def fileno(self) -> int:
            return slave

        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdin", Stdin())
    try:
        os.write(master, "2\ré\x1b[A".encode())
        threading.Thread(target=late_key, daemon=True).start()
        assert split_keys(read_chars()) == ["2", "enter", "é", "up"]  # Enter arrives as a newline
    finally:
        stop.set()
        os.close(master)
        os.close(slave)


def test_split_keys_and_clean_line():
    typed = "2\r\r\n\x1b[A\x1b[6~a\x1bOB\x03"
    assert split_keys(typed) == ["2", "enter", "enter", "up", "pgdn", "a", "down", "interrupt"]
    assert split_keys("\xe0K") == ["left"] and split_keys("\x1b") == ["esc"]
    assert clean_line("soal\x1b[D\x1b[C data\x7f") == "soal data"
    assert clean_line("batal\x1b") == ESC


def test_cli_code_uses_the_projects_language_and_coder_from_the_environment(project, monkeypatch):
    monkeypatch.delenv("ODSKCODE_LANG")
    monkeypatch.setenv("ODSKCODE_CODER", "budi")
    result = run("code", "I01", "-p", project.root, "--segment", "t004", input="q\n")
    assert result.exit_code == 0, result.output
    assert "0 dari 4 segmen selesai dikode | pengode budi" in result.stdout
    assert result.stdout.splitlines()[-1] == (
        "I01.md: budi sudah mengode 0 dari 4 segmen; lanjutkan dengan: odskcode code I01.md --coder budi"
    )


def test_cli_code_errors(project):
    result = run("code", "I01", "--coder", "auto", "-p", project.root)
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: 'auto' is the auto-coder's name — give your own name with --coder NAME\n",
    )
    result = run("code", "I09", "--coder", "ani", "-p", project.root)
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: no transcript 'I09' in the project — did you mean 'I01.md'? list them with: odskcode transcripts list\n",
    )
    result = run("code", "I01", "-p", project.root)
    assert result.exit_code == 2
    assert "Missing option '--coder'" in result.stderr


def test_cli_tag_untag_memo(project):
    root = project.root
    result = run("tag", "I01", "t003", "responsivitas.kecepatan", "upaya.musyawarah", "--coder", "ani", "-p", root)
    assert (result.exit_code, result.stdout) == (
        0,
        "I01.md t003: added responsivitas.kecepatan (ani)\nI01.md t003: added upaya.musyawarah (ani)\n",
    )
    result = run("tag", "I01", "t003", "upaya.musyawarah", "--coder", "ani", "--valence", "netral", "-p", root)
    assert result.stdout == "I01.md t003: upaya.musyawarah already tagged by ani; nothing changed\n"
    result = run("tag", "I01", "3", "upaya.musyawarah", "--coder", "ani", "--valence", "positif", "-p", root)
    assert result.stdout == "I01.md t003: updated upaya.musyawarah (ani)\n"
    result = run("tag", "I01", "t001", "upaya.musyawarah", "--coder", "ani", "--sentences", "2", "-p", root)
    assert result.stdout == "I01.md t001: added upaya.musyawarah (ani)\n"
    result = run("untag", "I01", "t003", "upaya.musyawarah", "efektivitas.pengawasan", "--coder", "ani", "-p", root)
    assert result.stdout == (
        "I01.md t003: removed upaya.musyawarah (ani)\n"
        "I01.md t003: ani had not tagged efektivitas.pengawasan; nothing removed\n"
    )
    result = run("untag", "I01", "t003", "responsivitas.kecepatan", "--reject", "--coder", "ani", "-p", root)
    assert result.stdout == ("I01.md t003: responsivitas.kecepatan rejected by ani; autocode will not add it again\n")
    result = run("memo", "I01", "t003", "Penyaluran sering terlambat.", "--coder", "ani", "-p", root)
    assert result.stdout == "I01.md t003: memo saved (ani)\n"
    result = run("memo", "I01", "t003", "Penyaluran sering terlambat.", "--coder", "ani", "-p", root)
    assert result.stdout == "I01.md t003: same memo; nothing changed\n"
    result = run("memo", "I01", "Wawancara di kantor dinas.", "--coder", "ani", "-p", root)
    assert result.stdout == "I01.md (transcript): memo saved (ani)\n"
    result = run("memo", "I01", "t001", "Sebagian saja.", "--code", "upaya.musyawarah", "--coder", "ani", "-p", root)
    assert result.stdout == "I01.md t001 upaya.musyawarah: memo replaced (ani)\n"
    assert decisions(project) == {
        ("t001", "upaya.musyawarah", "accepted"),
        ("t003", "responsivitas.kecepatan", "rejected"),
    }
    result = run("autocode", "-p", root, "--jobs", "1")
    assert result.stdout.endswith("; 1 rejected suggestions not re-added\n")


def test_cli_tag_errors(project):
    root = project.root
    result = run("tag", "I01", "t001", "upaya.musyawarh", "--coder", "ani", "-p", root)
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: no code 'upaya.musyawarh' in the project's codebook — did you mean 'upaya.musyawarah'? "
        f"see the codes with: odskcode codebook show {project.codebook_path}\n",
    )
    result = run("tag", "I01", "t1x", "upaya.musyawarah", "--coder", "ani", "-p", root)
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: I01.md has no segment 't1x' — see its segment ids with: odskcode transcripts show I01.md\n",
    )
    result = run("tag", "I01", "t001", "upaya.musyawarah", "--coder", "ani", "--valence", "baik", "-p", root)
    assert result.exit_code == 2
    result = run("memo", "I01", "t001", "satu", "dua", "--coder", "ani", "-p", root)
    assert result.exit_code == 2
    assert "give at most a segment and one text; quote the text" in result.stderr
    assert manual(project) == []


# --------------------------------------------------------------------------- killed halfway
def plan_for(bench: Workbench) -> list[tuple[list[str], set[tuple[str, str, str]]]]:
    """Keys for every segment of a transcript and the decisions they make: accept all, reject the first
    suggestion, add a code, write a memo and set a valence, in turn."""
    plan = []
    for i, seg in enumerate(bench.segments):
        suggested = [r.code for r in bench.state(seg).rows]
        kind = i % 4
        keys: list[str] = []
        made = {(seg.id, "", "reviewed")}
        if kind == 1 and suggested:
            keys.append("1")
            made.add((seg.id, suggested[0], "rejected"))
            suggested = suggested[1:]
        elif kind == 2:
            keys += ["a", "saran.penambahan_sdm"]
        elif kind == 3:
            keys += ["m", *([""] if suggested else []), f"Memo segmen {seg.id}."]
            if suggested:
                keys += ["v", *(["1"] if len(suggested) > 1 else []), "t"]
        made |= {(seg.id, code, "accepted") for code in suggested}
        plan.append(([*keys, ""], made))
    return plan


class Reader:
    """Lines of a child's stdout on a queue, so the test can wait for a screen without blocking forever."""

    def __init__(self, stream) -> None:
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.thread = threading.Thread(target=self._pump, args=(stream,), daemon=True)
        self.thread.start()

    def _pump(self, stream) -> None:
        for line in stream:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def wait_for(self, wanted: str, end: bool = False) -> None:
        while True:
            line = self.lines.get(timeout=120)  # a guard against a hang, not a timing assertion
            assert line is not None, f"the session ended before printing {wanted!r}"
            if (line.endswith(wanted) and line.startswith("I01.md | ")) if end else line == wanted:
                return

    def wait_for_header(self, wanted: str) -> None:
        self.wait_for(wanted, end=True)


def start(root: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "ODSKCODE_LANG": "en", "PYTHONIOENCODING": "utf-8"}
    env.pop("ODSKCODE_PROJECT", None)
    return subprocess.Popen(
        [sys.executable, "-m", "odskcode", "code", "I01.md", "--coder", "ani", "--project", str(root)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=env,
    )


def state_of(project) -> tuple[set, list, list]:
    return (
        decisions(project),
        manual(project),
        query(project, "SELECT segment, code, coder, text FROM memos ORDER BY segment"),
    )


@pytest.fixture(scope="module")
def sample_project(tmp_path_factory):
    root = tmp_path_factory.mktemp("sample")
    shutil.copy2(SAMPLE / "I01.md", root / "I01.md")
    project = init_project(root / "proj")
    import_transcripts(project, [root / "I01.md"])
    autocode_project(project, jobs=1)
    return project.root


def test_a_session_killed_halfway_resumes_and_ends_with_exactly_the_decisions_given(sample_project, tmp_path):
    killed = tmp_path / "killed"
    reference = tmp_path / "reference"
    shutil.copytree(sample_project, killed)
    shutil.copytree(sample_project, reference)
    project = open_project(killed)
    with Workbench(project, "I01.md", "ani") as bench:
        plan = plan_for(bench)
        ids = [s.id for s in bench.segments]
    assert len(plan) == 13 and sum(1 for keys, _ in plan if keys[0] == "1") >= 2
    half = 6
    mid_keys, _ = plan[half]
    assert mid_keys[0] == "a"  # the decision made before the kill: a code added on the 7th segment

    # run 1: six whole segments and the first decision of the seventh, then SIGKILL
    child = start(killed)
    reader = Reader(child.stdout)
    assert child.stdin is not None
    for keys, _ in plan[:half]:
        for key in keys:
            child.stdin.write(key + "\n")
    child.stdin.write("a\nsaran.penambahan_sdm\n")
    child.stdin.flush()
    reader.wait_for_header(f"{ids[half]}  7/13")
    reader.wait_for("added saran.penambahan_sdm")  # drawn after it was committed
    child.kill()
    child.wait()
    assert child.returncode != 0
    with Workbench(project, "I01.md", "ani") as bench:
        assert bench.resume_index() == half
        assert ("saran.penambahan_sdm", "added") in [(r.code, r.state) for r in bench.state(ids[half]).rows]

    # run 2: resumes at the seventh segment; the rest of the keys, then the end of input
    child = start(killed)
    rest = "".join(k + "\n" for k in mid_keys[2:]) + "".join(k + "\n" for keys, _ in plan[half + 1 :] for k in keys)
    out, err = child.communicate(rest)
    assert child.returncode == 0, err
    first = out.splitlines()[0]
    assert first.startswith("I01.md | I01 | Kepala Dinas Sosial Kota Bitung") and first.endswith(f"{ids[half]}  7/13")
    assert out.splitlines()[-1] == "I01.md: all 13 segments coded by ani"

    expected = set().union(*(made for _, made in plan))
    assert decisions(project) == expected

    # the same keys in one uninterrupted in-process session give the same project
    reference_project = open_project(reference)
    with Workbench(reference_project, "I01.md", "ani") as bench:
        s = Session(bench, lang="en")
        drive(s, *[k for keys, _ in plan for k in keys])
        assert s.done and s.all_done
    assert state_of(project) == state_of(reference_project)

    # and autocode brings none of the rejected suggestions back
    rejected = {(seg, code) for seg, code, d in expected if d == "rejected"}
    result = run("autocode", "-p", killed, "--jobs", "1")
    assert result.exit_code == 0
    assert result.stdout.endswith(f"; {len(rejected)} rejected suggestions not re-added\n")
    auto = {(c.segment, c.code) for c in load_codings(project) if c.coder == "auto"}
    assert not rejected & auto
    assert decisions(project) == expected
