"""Code management without loss: codes rename|merge|move at library level and through the CLI."""

from __future__ import annotations

import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from odskcode import codes as codes_module
from odskcode.cli import app
from odskcode.codebook import codebook_to_dict, load_codebook, validate_text
from odskcode.codes import merge_codes, move_code, rename_code
from odskcode.errors import ProjectError
from odskcode.project import import_transcripts, init_project, open_project
from odskcode.store import Store, now

from .conftest import write_interview

runner = CliRunner()

CODEBOOK = """\
# Codebook uji untuk pengelolaan kode (komentar ini harus tetap ada)
odskcode_codebook: 1
id: uji_kode
title: {id: Uji kode, en: Code test}
languages: [id, en]
sets:
  - name: menunggu
    description: {id: Kode tentang menunggu., en: Codes about waiting.}
    codes: [pelayanan.waktu, pelayanan.waktu.tunggu, pelayanan.antrean]
  - name: teknis
    codes:
      - kendala.jaringan
      - kendala.sistem
codes:
  # --- dimensi ---------------------------------------------------------
  - id: pelayanan
    role: dimension
    label: {id: Pelayanan, en: Service}
    definition: {id: Mutu pelayanan kelurahan., en: Quality of the ward office's service.}
    children:
      - id: waktu
        label: {id: Waktu pelayanan, en: Service time}
        definition:
          id: >-
            Lama penyelesaian layanan; soal antrean dikode
            pelayanan.antrean.
          en: Time taken to complete a service.
        rules:
          words: [cepat, lambat]  # kata penilaian waktu
        children:
          - id: tunggu
            label: {id: Waktu tunggu, en: Waiting time}
            definition: {id: Lama menunggu giliran., en: Time spent waiting for one's turn.}
            rules: {words: [menunggu lama]}
      - id: antrean
        label: {id: Antrean, en: Queue}
        definition: {id: Pengaturan antrean., en: How the queue is run.}
        examples:
          - {id: "Antreannya panjang sekali tadi pagi.", en: "The queue was very long this morning."}
        rules:
          words: [antrean, antri]
          not_with: [pelayanan.waktu]
      - id: petugas
        label: {id: Sikap petugas, en: Staff attitude}
        definition: {id: Keramahan petugas., en: How friendly the staff are.}
        examples:
          - {id: "Petugasnya ramah dan sabar.", en: "The staff are friendly and patient."}
        rules:
          words: [ramah, judes]

  # --- kendala ---------------------------------------------------------
  - id: kendala
    role: obstacle
    label: {id: Kendala, en: Obstacles}
    definition: {id: Hambatan pelayanan., en: Obstacles to the service.}
    children:
      - id: jaringan
        label: {id: Gangguan jaringan, en: Network problems}
        definition: {id: Sistem daring terganggu; lamanya dikode pelayanan.waktu., en: The online system fails.}
        rules:
          words: [jaringan putus, server down]
      - id: sistem
        label: {id: Sistem error, en: System errors}
        definition: {id: Aplikasi layanan error., en: The service application fails.}
        rules:
          words: [sistem error]
          regex: ['\\bsistem(nya)?\\s+mati\\b']
"""

TURNS_I01 = [
    "Pelayanannya cepat, petugasnya ramah.",
    "Tapi antrean panjang karena jaringan putus.",
    "Kadang sistem error juga, jadi menunggu lama.",
]
TURNS_I02 = ["Saya menunggu lama sekali di kantor kelurahan.", "Petugas judes dan sistemnya mati."]


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    monkeypatch.delenv("ODSKCODE_PROJECT", raising=False)
    monkeypatch.setenv("ODSKCODE_LANG", "en")


# --------------------------------------------------------------------------- helpers
def make_project(root: Path):
    root.mkdir(parents=True, exist_ok=True)
    book = root / "uji.yaml"
    book.write_text(CODEBOOK, encoding="utf-8")
    project = init_project(root / "proj", codebook=book)
    folder = root / "tx"
    folder.mkdir(exist_ok=True)
    write_interview(folder, "I01.md", "I01", TURNS_I01)
    write_interview(folder, "I02.md", "I02", TURNS_I02, role="Warga", group="masyarakat")
    import_transcripts(project, [folder])
    return project


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path)


def tid(conn: sqlite3.Connection, key: str) -> int:
    return conn.execute("SELECT id FROM transcripts WHERE key = ?", (key,)).fetchone()[0]


def add_coding(
    project, key, start, end, code, coder="ani", valence="netral", memo="", origin="manual", rule=""
) -> None:
    with Store(project.db_path) as store, store.write() as conn:
        Store.ensure_coder(conn, coder)
        conn.execute(
            'INSERT INTO codings(transcript_id, start, "end", code, coder, valence, memo, origin, rule, segment, '
            "created_at, status, anchor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, 'ok', '')",
            (tid(conn, key), start, end, code, coder, valence, memo, origin, rule, now()),
        )


def add_decision(project, key, segment, code, decision, coder="ani") -> None:
    with Store(project.db_path) as store, store.write() as conn:
        Store.ensure_coder(conn, coder)
        conn.execute(
            "INSERT INTO decisions(transcript_id, segment, coder, code, decision, at) VALUES (?, ?, ?, ?, ?, ?)",
            (tid(conn, key), segment, coder, code, decision, now()),
        )


def add_memo(project, key, code, text, coder="ani") -> None:
    with Store(project.db_path) as store, store.write() as conn:
        conn.execute(
            "INSERT INTO memos(transcript_id, segment, code, coder, text, at) VALUES (?, '', ?, ?, ?, ?)",
            (tid(conn, key) if key else None, code, coder, text, now()),
        )


def query(project, sql: str, params: tuple = ()) -> list[tuple]:
    with closing(sqlite3.connect(project.db_path)) as conn:
        return [tuple(r) for r in conn.execute(sql, params).fetchall()]


def per_code(project, table: str) -> dict[str, int]:
    return dict(query(project, f"SELECT code, count(*) FROM {table} WHERE code != '' GROUP BY code"))


def store_contents(project) -> tuple[list[tuple], ...]:
    return tuple(query(project, f"SELECT * FROM {table} ORDER BY id") for table in ("codings", "decisions", "memos"))


def files(project) -> tuple[bytes, bytes]:
    return project.db_path.read_bytes(), project.codebook_path.read_bytes()


def codebook_text(project) -> str:
    return project.codebook_path.read_text(encoding="utf-8")


def seed(project) -> None:
    """Codings, decisions and memos on every code, by two coders."""
    add_coding(project, "I01.md", 0, 10, "pelayanan.waktu", memo="cepat")
    add_coding(project, "I01.md", 0, 10, "pelayanan.waktu", coder="budi", valence="positif")
    add_coding(project, "I01.md", 0, 10, "pelayanan.waktu.tunggu")
    add_coding(project, "I01.md", 20, 30, "pelayanan.antrean", valence="negatif", memo="antre lama")
    add_coding(project, "I01.md", 20, 30, "pelayanan.petugas")
    add_coding(project, "I02.md", 0, 12, "pelayanan.waktu.tunggu", coder="budi", valence="negatif")
    add_coding(project, "I02.md", 5, 15, "kendala.jaringan", coder="auto", origin="rule", rule="words:jaringan putus")
    add_coding(project, "I02.md", 5, 15, "kendala.sistem", coder="auto", origin="rule", rule="words:sistem error")
    add_decision(project, "I01.md", "t001", "pelayanan.waktu", "accepted")
    add_decision(project, "I01.md", "t002", "pelayanan.antrean", "rejected", coder="budi")
    add_decision(project, "I01.md", "t002", "", "reviewed")
    add_memo(project, "I01.md", "pelayanan.waktu", "Informan memuji kecepatan layanan.")
    add_memo(project, None, "kendala.jaringan", "Gangguan jaringan sering di bulan Mei.")


def last_log(project) -> tuple[str, str]:
    return query(project, "SELECT action, details FROM log ORDER BY id DESC LIMIT 1")[0]


# --------------------------------------------------------------------------- rename
def test_rename_carries_codings_decisions_memos_and_descendants(project):
    seed(project)
    before = per_code(project, "codings")
    decisions_before = per_code(project, "decisions")
    memos_before = per_code(project, "memos")
    total = len(query(project, "SELECT id FROM codings"))

    change = rename_code(project, "pelayanan.waktu", "pelayanan.durasi")

    assert change.mapping == {
        "pelayanan.waktu": "pelayanan.durasi",
        "pelayanan.waktu.tunggu": "pelayanan.durasi.tunggu",
    }
    after = per_code(project, "codings")
    assert after["pelayanan.durasi"] == before["pelayanan.waktu"] == 2
    assert after["pelayanan.durasi.tunggu"] == before["pelayanan.waktu.tunggu"] == 2
    assert "pelayanan.waktu" not in after and "pelayanan.waktu.tunggu" not in after
    assert sum(after.values()) == sum(before.values()) == total
    assert (change.codings, change.codings_collapsed, change.codings_before, change.codings_after) == (4, 0, 8, 8)
    assert per_code(project, "decisions") == {"pelayanan.durasi": 1, "pelayanan.antrean": 1}
    assert sum(per_code(project, "decisions").values()) == sum(decisions_before.values())
    assert (change.decisions, change.memos) == (1, 1)
    assert per_code(project, "memos") == {"pelayanan.durasi": 1, "kendala.jaringan": 1}
    assert sum(per_code(project, "memos").values()) == sum(memos_before.values())
    # the codebook: new ids, nothing else lost
    cb = open_project(project.root).codebook()
    assert "pelayanan.durasi" in cb.codes and "pelayanan.durasi.tunggu" in cb.codes
    assert "pelayanan.waktu" not in cb.codes
    assert cb.codes["pelayanan.durasi"].label == {"id": "Waktu pelayanan", "en": "Service time"}
    assert cb.codes["pelayanan.durasi"].rules.words == ["cepat", "lambat"]
    assert cb.codes["pelayanan.antrean"].rules.not_with == ["pelayanan.durasi"]
    assert change.layout_kept and change.mentions == 1


def test_rename_edits_only_the_id_the_references_and_the_mentions(project):
    rename_code(project, "pelayanan.waktu", "pelayanan.durasi")
    expected = (
        CODEBOOK.replace("      - id: waktu\n", "      - id: durasi\n")
        .replace("[pelayanan.waktu, pelayanan.waktu.tunggu,", "[pelayanan.durasi, pelayanan.durasi.tunggu,")
        .replace("not_with: [pelayanan.waktu]", "not_with: [pelayanan.durasi]")
        .replace("lamanya dikode pelayanan.waktu.,", "lamanya dikode pelayanan.durasi.,")
    )
    assert codebook_text(project) == expected  # comments, folded text and flow lists all kept


def test_rename_category_renames_every_child(project):
    seed(project)
    change = rename_code(project, "kendala", "hambatan")
    assert change.mapping == {"kendala": "hambatan", "kendala.jaringan": "hambatan.jaringan",
                              "kendala.sistem": "hambatan.sistem"}  # fmt: skip
    assert per_code(project, "codings")["hambatan.jaringan"] == 1
    assert per_code(project, "memos")["hambatan.jaringan"] == 1
    assert codebook_text(project) == CODEBOOK.replace("  - id: kendala\n", "  - id: hambatan\n").replace(
        "      - kendala.jaringan\n      - kendala.sistem\n", "      - hambatan.jaringan\n      - hambatan.sistem\n"
    )
    assert open_project(project.root).codebook().sets[1].codes == ["hambatan.jaringan", "hambatan.sistem"]


def test_rename_to_another_parent_moves_the_code(project):
    seed(project)
    change = rename_code(project, "pelayanan.petugas", "kendala.petugas_judes")
    assert change.role == ("dimension", "obstacle")
    cb = open_project(project.root).codebook()
    assert cb.codes["kendala"].children == ["kendala.jaringan", "kendala.sistem", "kendala.petugas_judes"]
    assert cb.codes["kendala.petugas_judes"].role == "obstacle"
    assert per_code(project, "codings")["kendala.petugas_judes"] == 1
    text = codebook_text(project)
    assert text.startswith("# Codebook uji untuk pengelolaan kode (komentar ini harus tetap ada)\n")
    assert text.endswith(
        "      - id: petugas_judes\n"
        "        label: {id: Sikap petugas, en: Staff attitude}\n"
        "        definition: {id: Keramahan petugas., en: How friendly the staff are.}\n"
        "        examples:\n"
        '          - {id: "Petugasnya ramah dan sabar.", en: "The staff are friendly and patient."}\n'
        "        rules:\n"
        "          words: [ramah, judes]\n"
    )


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "pelayanan.wakto",
            "pelayanan.x",
            "no code 'pelayanan.wakto' in codebook.yaml (did you mean 'pelayanan.waktu'?)"
            " — see the codes with: odskcode codebook show codebook.yaml",
        ),
        (
            "antrean",
            "pelayanan.x",
            "no code 'antrean' in codebook.yaml (did you mean 'pelayanan.antrean'?)"
            " — see the codes with: odskcode codebook show codebook.yaml",
        ),
        (
            "pelayanan.waktu",
            "pelayanan.antrean",
            "code 'pelayanan.antrean' already exists in codebook.yaml — to put the codings of 'pelayanan.waktu'"
            " into it, use: odskcode codes merge pelayanan.waktu --into pelayanan.antrean",
        ),
        (
            "pelayanan.waktu",
            "pelayanan.Durasi",
            "invalid code id 'pelayanan.Durasi': each part must be lower-case letters, digits and _,"
            " starting with a letter",
        ),
        (
            "pelayanan.waktu",
            "pelayanan.waktu",
            "'pelayanan.waktu' already has that id in that place; nothing to change",
        ),
        ("pelayanan", "pelayanan.baru", "cannot put 'pelayanan' under itself ('pelayanan.baru')"),
        (
            "pelayanan.waktu",
            "kendal.waktu",
            "no parent code 'kendal' in codebook.yaml (did you mean 'kendala'?)"
            " — see the codes with: odskcode codebook show codebook.yaml",
        ),
    ],
)
def test_rename_refusals_change_nothing(project, old, new, message):
    seed(project)
    before = files(project)
    with pytest.raises(ProjectError) as err:
        rename_code(project, old, new)
    assert str(err.value) == message
    assert files(project) == before


def test_rename_onto_stale_codings_collapses_duplicates(project):
    """Codings under an id that is not in the codebook (left by a hand edit) meet the renamed ones."""
    add_coding(project, "I01.md", 0, 10, "pelayanan.waktu", memo="dari kode lama")
    add_coding(project, "I01.md", 0, 10, "pelayanan.durasi", valence="positif", memo="sisa edit manual")
    add_coding(project, "I01.md", 0, 10, "pelayanan.waktu", coder="budi")
    add_decision(project, "I01.md", "t001", "pelayanan.waktu", "accepted")
    add_decision(project, "I01.md", "t001", "pelayanan.durasi", "rejected")
    change = rename_code(project, "pelayanan.waktu", "pelayanan.durasi")
    assert (change.codings, change.codings_collapsed, change.codings_before, change.codings_after) == (2, 1, 3, 2)
    assert change.valence_conflicts == 1
    assert (change.decisions, change.decisions_collapsed, change.decision_conflicts) == (1, 1, 1)
    rows = query(project, 'SELECT start, "end", code, coder, valence, memo FROM codings ORDER BY coder')
    assert rows == [
        (0, 10, "pelayanan.durasi", "ani", "positif", "sisa edit manual\ndari kode lama"),  # the stored one is kept
        (0, 10, "pelayanan.durasi", "budi", "netral", ""),
    ]
    assert query(project, "SELECT code, decision FROM decisions") == [("pelayanan.durasi", "rejected")]
    assert change.collapsed == [
        {
            "transcript": "I01.md",
            "start": 0,
            "end": 10,
            "code": "pelayanan.waktu",
            "coder": "ani",
            "valence": "netral",
            "memo": "dari kode lama",
            "origin": "manual",
            "rule": "",
            "status": "ok",
            "kept": {"code": "pelayanan.durasi", "valence": "positif"},
        }
    ]


def test_rename_is_logged(project):
    seed(project)
    rename_code(project, "pelayanan.waktu", "pelayanan.durasi")
    action, details = last_log(project)
    data = json.loads(details)
    assert action == "codes.rename"
    assert data["old"] == "pelayanan.waktu" and data["new"] == "pelayanan.durasi"
    assert data["mapping"] == {
        "pelayanan.waktu": "pelayanan.durasi",
        "pelayanan.waktu.tunggu": "pelayanan.durasi.tunggu",
    }
    assert (data["codings"], data["codings_before"], data["codings_after"], data["codings_collapsed"]) == (4, 8, 8, 0)
    assert (data["decisions"], data["memos"], data["codebook"]) == (1, 1, "codebook.yaml")


# --------------------------------------------------------------------------- merge
def seed_merge(project) -> None:
    add_coding(project, "I01.md", 0, 10, "kendala.jaringan", memo="jaringan", valence="negatif")
    add_coding(project, "I01.md", 0, 10, "kendala.sistem", memo="aplikasi", valence="positif")  # same range, coder
    add_coding(project, "I01.md", 0, 10, "kendala.sistem", coder="budi")
    add_coding(project, "I02.md", 3, 9, "kendala.sistem", coder="auto", origin="rule", rule="words:sistem error")
    add_coding(project, "I02.md", 3, 9, "pelayanan.petugas", coder="auto", origin="rule", rule="words:judes")
    add_coding(project, "I02.md", 3, 9, "kendala.jaringan", coder="auto", origin="rule", rule="words:server down")
    add_decision(project, "I01.md", "t001", "kendala.sistem", "accepted")
    add_decision(project, "I01.md", "t001", "kendala.jaringan", "rejected")
    add_decision(project, "I02.md", "t002", "kendala.sistem", "accepted", coder="budi")
    add_memo(project, None, "kendala.sistem", "Kode ini digabung nanti.")


def test_merge_counts_before_and_after(project):
    seed_merge(project)
    before = per_code(project, "codings")
    change = merge_codes(project, ["kendala.sistem", "pelayanan.petugas"], "kendala.jaringan")
    after = per_code(project, "codings")
    # 3 + 1 codings become kendala.jaringan, beside its own 2; 3 were duplicates of another (same range and coder)
    assert before == {"kendala.jaringan": 2, "kendala.sistem": 3, "pelayanan.petugas": 1}
    assert after == {"kendala.jaringan": 3}
    assert (change.codings, change.codings_collapsed) == (4, 3)
    assert (change.codings_before, change.codings_after) == (6, 3)
    assert change.codings_after == change.codings_before - change.codings_collapsed
    assert sum(after.values()) == sum(before.values()) - change.codings_collapsed
    assert change.valence_conflicts == 1
    rows = query(project, "SELECT transcript_id, start, coder, valence, memo, rule FROM codings ORDER BY id")
    assert rows == [
        (1, 0, "ani", "negatif", "jaringan\naplikasi", ""),
        (1, 0, "budi", "netral", "", ""),
        (2, 3, "auto", "netral", "", "words:server down; words:sistem error; words:judes"),
    ]
    assert (change.decisions, change.decisions_collapsed, change.decision_conflicts) == (2, 1, 1)
    assert sorted(query(project, "SELECT segment, coder, code, decision FROM decisions")) == [
        ("t001", "ani", "kendala.jaringan", "rejected"),  # the target's own decision stands
        ("t002", "budi", "kendala.jaringan", "accepted"),
    ]
    assert change.memos == 1 and per_code(project, "memos") == {"kendala.jaringan": 1}
    assert change.role == ("dimension", "obstacle")
    cb = open_project(project.root).codebook()
    assert "kendala.sistem" not in cb.codes and "pelayanan.petugas" not in cb.codes
    assert cb.codes["kendala"].children == ["kendala.jaringan"]
    action, _ = last_log(project)
    assert action == "codes.merge"


def test_merge_first_source_wins_a_collapse_between_sources(project):
    add_coding(project, "I01.md", 0, 10, "kendala.sistem", valence="positif")
    add_coding(project, "I01.md", 0, 10, "pelayanan.petugas", valence="negatif")
    merge_codes(project, ["pelayanan.petugas", "kendala.sistem"], "kendala.jaringan")
    assert query(project, "SELECT code, valence FROM codings") == [("kendala.jaringan", "negatif")]


def test_merge_folds_rules_and_examples_into_the_target(project):
    change = merge_codes(project, ["kendala.sistem", "pelayanan.petugas"], "kendala.jaringan")
    assert change.folded == {"words": 3, "regex": 1, "examples": 1}
    rules = open_project(project.root).codebook().codes["kendala.jaringan"].rules
    assert rules.words == ["jaringan putus", "server down", "sistem error", "ramah", "judes"]
    assert rules.regex == [r"\bsistem(nya)?\s+mati\b"]
    text = codebook_text(project)
    assert (
        "      - id: jaringan\n"
        "        label: {id: Gangguan jaringan, en: Network problems}\n"
        "        definition: {id: Sistem daring terganggu; lamanya dikode pelayanan.waktu., en: The online system fails.}\n"
        "        examples:\n"
        "          - {id: Petugasnya ramah dan sabar., en: The staff are friendly and patient.}\n"
        "        rules:\n"
        "          words: [jaringan putus, server down, sistem error, ramah, judes]\n"
        "          regex: ['\\bsistem(nya)?\\s+mati\\b']\n"
    ) in text
    assert "id: sistem" not in text and "id: petugas" not in text
    assert "# --- kendala ----" in text
    assert "    codes:\n      - kendala.jaringan\ncodes:\n" in text  # the merged member is gone from the set
    assert open_project(project.root).codebook().sets[1].codes == ["kendala.jaringan"]


def test_merge_without_fold_keeps_the_target_rules(project):
    change = merge_codes(project, ["kendala.sistem"], "kendala.jaringan", fold=False)
    assert change.folded == {}
    assert open_project(project.root).codebook().codes["kendala.jaringan"].rules.words == [
        "jaringan putus",
        "server down",
    ]


def test_merge_maps_references_and_mentions(project):
    merge_codes(project, ["pelayanan.waktu.tunggu"], "pelayanan.waktu")
    change = merge_codes(project, ["pelayanan.waktu"], "pelayanan.antrean")
    cb = open_project(project.root).codebook()
    assert cb.codes["pelayanan.antrean"].rules.not_with == []  # "not with itself" is dropped
    assert "          not_with: []\n" in codebook_text(project)
    assert cb.codes["pelayanan.antrean"].rules.words == ["antrean", "antri", "cepat", "lambat", "menunggu lama"]
    assert change.mentions == 1
    assert cb.codes["kendala.jaringan"].definition["id"] == "Sistem daring terganggu; lamanya dikode pelayanan.antrean."


def test_merge_keeps_the_mentions_in_the_target_own_texts(project):
    change = merge_codes(project, ["pelayanan.antrean"], "pelayanan.waktu")
    cb = open_project(project.root).codebook()
    assert change.mentions == 0  # "antrean is coded pelayanan.antrean" would otherwise name the code itself
    assert (
        cb.codes["pelayanan.waktu"].definition["id"]
        == "Lama penyelesaian layanan; soal antrean dikode pelayanan.antrean."
    )


def test_merge_refusals(project):
    seed_merge(project)
    before = files(project)
    with pytest.raises(ProjectError) as err:
        merge_codes(project, ["pelayanan"], "kendala.jaringan")
    assert str(err.value) == (
        "'pelayanan' has child codes; move or merge them first"
        " — for example: odskcode codes move pelayanan.waktu --to kendala.jaringan"
    )
    with pytest.raises(ProjectError) as err:
        merge_codes(project, ["kendala.jaringan"], "kendala.jaringan")
    assert str(err.value) == "cannot merge 'kendala.jaringan' into itself"
    with pytest.raises(ProjectError) as err:
        merge_codes(project, ["kendala.sistim"], "kendala.jaringan")
    assert str(err.value).startswith("no code 'kendala.sistim' in codebook.yaml (did you mean 'kendala.sistem'?)")
    assert files(project) == before


# --------------------------------------------------------------------------- move
def test_move_under_another_parent(project):
    seed(project)
    change = move_code(project, "pelayanan.waktu.tunggu", "pelayanan")
    assert change.mapping == {"pelayanan.waktu.tunggu": "pelayanan.tunggu"}
    assert change.role is None
    assert per_code(project, "codings")["pelayanan.tunggu"] == 2
    cb = open_project(project.root).codebook()
    assert cb.codes["pelayanan"].children == [
        "pelayanan.waktu",
        "pelayanan.antrean",
        "pelayanan.petugas",
        "pelayanan.tunggu",
    ]
    assert cb.codes["pelayanan.waktu"].children == []
    text = codebook_text(project)
    assert "        children:\n          - id: tunggu" not in text  # the emptied children key is gone
    assert (
        "      - id: tunggu\n"
        "        label: {id: Waktu tunggu, en: Waiting time}\n"
        "        definition: {id: Lama menunggu giliran., en: Time spent waiting for one's turn.}\n"
        "        rules: {words: [menunggu lama]}\n\n"
        "  # --- kendala ---"
    ) in text


def test_move_to_the_top_level_keeps_the_role(project):
    seed(project)
    change = move_code(project, "pelayanan.waktu", None)
    assert change.mapping == {"pelayanan.waktu": "waktu", "pelayanan.waktu.tunggu": "waktu.tunggu"}
    cb = open_project(project.root).codebook()
    assert [c.id for c in cb.categories()] == ["pelayanan", "kendala", "waktu"]
    assert cb.codes["waktu"].role == "dimension"
    assert cb.codes["pelayanan.antrean"].rules.not_with == ["waktu"]
    assert cb.sets[0].codes == ["waktu", "waktu.tunggu", "pelayanan.antrean"]
    assert per_code(project, "codings")["waktu.tunggu"] == 2
    assert "  - id: waktu\n    role: dimension\n    label: {id: Waktu pelayanan" in codebook_text(project)


def test_move_a_category_under_another_drops_its_role(project):
    seed(project)
    change = move_code(project, "kendala", "pelayanan")
    assert change.role == ("obstacle", "dimension")
    cb = open_project(project.root).codebook()
    assert cb.codes["pelayanan.kendala.sistem"].role == "dimension"
    assert validate_text(codebook_text(project), "x")[0].valid
    assert per_code(project, "codings")["pelayanan.kendala.sistem"] == 1


def test_move_needs_a_known_code_and_parent(project):
    with pytest.raises(ProjectError) as err:
        move_code(project, "pelayanan.waktu", "kendal")
    assert str(err.value).startswith("no parent code 'kendal' in codebook.yaml (did you mean 'kendala'?)")
    with pytest.raises(ProjectError) as err:
        move_code(project, "pelayanan.antrean", "pelayanan")
    assert str(err.value) == "'pelayanan.antrean' already has that id in that place; nothing to change"
    with pytest.raises(ProjectError) as err:
        move_code(project, "pelayanan", "pelayanan.waktu")
    assert str(err.value) == "cannot put 'pelayanan' under itself ('pelayanan.waktu.pelayanan')"


def test_move_in_a_flow_style_codebook_rewrites_it_from_its_data(tmp_path):
    book = tmp_path / "flow.yaml"
    book.write_text(
        "odskcode_codebook: 1\n"
        "codes: [{id: a, role: dimension, label: A, definition: x, children: [{id: b, label: B, definition: x,"
        " rules: {words: [satu]}}]}, {id: c, role: other, label: C, definition: x}]\n",
        encoding="utf-8",
    )
    project = init_project(tmp_path / "proj", codebook=book)
    change = move_code(project, "a.b", "c")
    assert not change.layout_kept
    cb = load_codebook(project.codebook_path)
    assert list(cb.codes) == ["a", "c", "c.b"]
    assert cb.codes["c.b"].rules.words == ["satu"]


# --------------------------------------------------------------------------- safety
@pytest.mark.parametrize(
    "operation",
    [
        lambda p: rename_code(p, "pelayanan.waktu", "pelayanan.durasi", dry_run=True),
        lambda p: merge_codes(p, ["kendala.sistem"], "kendala.jaringan", dry_run=True),
        lambda p: move_code(p, "kendala", "pelayanan", dry_run=True),
    ],
)
def test_dry_run_changes_nothing(project, operation):
    seed(project)
    seed_merge(project)
    before = files(project)
    log = query(project, "SELECT count(*) FROM log")
    change = operation(project)
    assert change.dry_run
    assert change.codings > 0
    assert change.patch.startswith("--- codebook.yaml\n+++ codebook.yaml\n")
    assert files(project) == before
    assert query(project, "SELECT count(*) FROM log") == log


def test_dry_run_reports_what_the_real_run_does(project):
    seed(project)
    seed_merge(project)
    preview = merge_codes(project, ["kendala.sistem", "pelayanan.petugas"], "kendala.jaringan", dry_run=True)
    done = merge_codes(project, ["kendala.sistem", "pelayanan.petugas"], "kendala.jaringan")
    assert {**preview.to_dict(), "dry_run": False} == done.to_dict()


def test_failed_rename_of_the_file_leaves_the_project_as_it_was(project, monkeypatch):
    seed(project)
    before = files(project), store_contents(project)

    def fail(source, target):
        raise OSError("disk full")

    monkeypatch.setattr(codes_module, "_swap", fail)
    with pytest.raises(ProjectError) as err:
        rename_code(project, "pelayanan.waktu", "pelayanan.durasi")
    assert str(err.value) == "could not write codebook.yaml: disk full; nothing was changed"
    assert (files(project), store_contents(project)) == before
    assert sorted(p.name for p in project.root.iterdir()) == [".odskcode", "codebook.yaml", "odskcode.yaml"]


def test_failure_after_the_file_was_renamed_puts_it_back(project, monkeypatch):
    seed(project)
    before = files(project), store_contents(project)
    real = codes_module._swap
    calls = []

    def swap_then_fail(source, target):
        real(source, target)
        calls.append(source.name)
        if len(calls) == 1:
            raise KeyboardInterrupt  # e.g. Ctrl-C just before the commit

    monkeypatch.setattr(codes_module, "_swap", swap_then_fail)
    with pytest.raises(KeyboardInterrupt):
        merge_codes(project, ["kendala.sistem"], "kendala.jaringan")
    assert [name.rsplit(".", 1)[-1] for name in calls] == ["new", "old"]
    assert (files(project), store_contents(project)) == before
    assert sorted(p.name for p in project.root.iterdir()) == [".odskcode", "codebook.yaml", "odskcode.yaml"]


def test_codebook_edited_meanwhile_is_refused(project, monkeypatch):
    seed(project)
    real = codes_module._write_temp

    def edit_meanwhile(path, data, mode):
        real(path, data, mode)
        if path.name.endswith(".old"):
            project.codebook_path.write_text(CODEBOOK + "# diedit\n", encoding="utf-8")

    monkeypatch.setattr(codes_module, "_write_temp", edit_meanwhile)
    before = store_contents(project)
    with pytest.raises(ProjectError) as err:
        rename_code(project, "pelayanan.waktu", "pelayanan.durasi")
    assert str(err.value) == "codebook.yaml changed while the command ran; nothing was changed — run the command again"
    assert store_contents(project) == before
    assert codebook_text(project) == CODEBOOK + "# diedit\n"


def test_crlf_and_bom_are_kept(project):
    project.codebook_path.write_bytes(b"\xef\xbb\xbf" + CODEBOOK.replace("\n", "\r\n").encode("utf-8"))
    rename_code(project, "kendala", "hambatan")
    raw = project.codebook_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf# Codebook uji")
    assert raw.count(b"\r\n") == CODEBOOK.count("\n")
    assert b"  - id: hambatan\r\n" in raw


def test_the_odsk_codebook_keeps_its_layout(tmp_path):
    project = init_project(tmp_path / "proj")
    original = codebook_text(project)
    change = rename_code(project, "responsivitas.agenda_prioritas", "responsivitas.prioritas")
    assert change.layout_kept and change.mentions == 4  # in when_not_to_use of two codes, both languages
    text = codebook_text(project)
    assert text.count("\n") == original.count("\n")
    assert "responsivitas.agenda_prioritas" not in text
    for operation in (
        lambda: move_code(project, "efektivitas.pengawasan", "akuntabilitas"),
        lambda: merge_codes(project, ["upaya.musyawarah"], "upaya.koordinasi"),
        lambda: move_code(project, "saran", "efektivitas"),
    ):
        assert operation().layout_kept
    text = codebook_text(project)
    assert text.splitlines()[:3] == original.splitlines()[:3]
    assert text.count("#") > original.count("#") - 10  # comments kept (a few went with merged rules)


# --------------------------------------------------------------------------- round trip
@pytest.fixture(scope="module")
def base_project(tmp_path_factory) -> Path:
    """A project without codings, copied for each example of the round trip."""
    return make_project(tmp_path_factory.mktemp("base")).root


CODE_IDS = ["pelayanan", "pelayanan.waktu", "pelayanan.waktu.tunggu", "pelayanan.antrean", "pelayanan.petugas",
            "kendala", "kendala.jaringan", "kendala.sistem", "pelayanan.waktu.lama_tak_dipakai"]  # fmt: skip
codings_strategy = st.lists(
    st.tuples(
        st.sampled_from(["I01.md", "I02.md"]),
        st.sampled_from([(0, 10), (5, 15), (20, 30)]),
        st.sampled_from(CODE_IDS),
        st.sampled_from(["ani", "budi", "auto"]),
        st.sampled_from(["positif", "negatif", "netral"]),
        st.sampled_from(["", "catatan", " spasi di tepi \n"]),
    ),
    max_size=25,
    unique_by=lambda c: (c[0], c[1], c[2], c[3]),
)
renames = st.sampled_from(
    [
        ("pelayanan.waktu", "pelayanan.durasi"),
        ("pelayanan.waktu", "kendala.durasi"),
        ("pelayanan", "layanan"),
        ("kendala.sistem", "sistem"),
        ("pelayanan.waktu.tunggu", "kendala.tunggu"),
    ]
)


@settings(max_examples=25, deadline=None)
@given(codings=codings_strategy, rename=renames, decisions=st.lists(st.sampled_from(CODE_IDS), max_size=5))
def test_rename_and_back_restores_the_store(base_project, tmp_path_factory, codings, rename, decisions):
    root = tmp_path_factory.mktemp("rt") / "proj"
    shutil.copytree(base_project, root)
    project = open_project(root)
    with Store(project.db_path) as store, store.write() as conn:
        for coder in ("ani", "budi", "auto"):
            Store.ensure_coder(conn, coder)
        for key, (start, end), code, coder, valence, memo in codings:
            conn.execute(
                'INSERT INTO codings(transcript_id, start, "end", code, coder, valence, memo, origin, created_at) '
                "VALUES (?, ?, ?, ?, ?, ?, ?, 'manual', ?)",
                (tid(conn, key), start, end, code, coder, valence, memo, now()),
            )
        for i, code in enumerate(decisions):
            conn.execute(
                "INSERT INTO decisions(transcript_id, segment, coder, code, decision, at) VALUES (?, ?, 'ani', ?, ?, ?)",
                (tid(conn, "I01.md"), f"t00{i + 1}", code, "rejected" if i % 2 else "accepted", now()),
            )
            conn.execute(
                "INSERT INTO memos(transcript_id, segment, code, coder, text, at) VALUES (?, '', ?, 'ani', ?, ?)",
                (tid(conn, "I02.md"), code, f"memo {i}", now()),
            )
    before = store_contents(project)
    text = codebook_text(project)
    old, new = rename
    there = rename_code(project, old, new)
    back = rename_code(project, new, old)
    assert store_contents(project) == before
    assert there.codings == back.codings == sum(1 for c in codings if c[2] == old or c[2].startswith(old + "."))
    assert there.codings_collapsed == back.codings_collapsed == 0
    if _parent(old) == _parent(new):
        assert codebook_text(project) == text
    else:  # moved back, it stands last among its siblings; the codebook is otherwise the same
        assert unordered(load_codebook(project.codebook_path)) == unordered(validate_text(text, "x")[1])


def _parent(code_id: str) -> str:
    return code_id.rsplit(".", 1)[0] if "." in code_id else ""


def unordered(cb) -> dict:
    """The codebook's content with the order of codes left out."""
    data = codebook_to_dict(cb)
    flat = {}

    def visit(code, parent):
        full = f"{parent}.{code['id']}" if parent else code["id"]
        flat[full] = {k: v for k, v in code.items() if k != "children"}
        for child in code.get("children", []):
            visit(child, full)

    for code in data.pop("codes"):
        visit(code, "")
    return {**data, "codes": flat}


# --------------------------------------------------------------------------- CLI
def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def test_cli_rename(project):
    seed(project)
    result = run("codes", "rename", "pelayanan.waktu", "pelayanan.durasi", "--project", project.root)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Renamed pelayanan.waktu to pelayanan.durasi\n"
        "  pelayanan.waktu → pelayanan.durasi\n"
        "  pelayanan.waktu.tunggu → pelayanan.durasi.tunggu\n"
        "codings: 4 carried over, 0 duplicates collapsed; in the project: 8 before, 8 after\n"
        "decisions: 1 carried over, 0 duplicates collapsed\n"
        "memos: 1 carried over\n"
        "1 mention of an id in a definition or when-to-use text updated; read it over\n"
        "codebook.yaml and the project database updated\n"
    )
    assert result.stderr == ""


def test_cli_rename_in_indonesian(project):
    result = run("codes", "rename", "kendala.sistem", "kendala.aplikasi", "-p", project.root, "--lang", "id")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "Kode kendala.sistem diganti namanya menjadi kendala.aplikasi"


def test_cli_dry_run_prints_the_codebook_patch(project):
    seed(project)
    before = files(project)
    result = run("codes", "rename", "kendala.sistem", "kendala.aplikasi", "--dry-run", "-p", project.root)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "Dry run: nothing was changed. This is what would happen:\n"
        "Renamed kendala.sistem to kendala.aplikasi\n"
        "codings: 1 carried over, 0 duplicates collapsed; in the project: 8 before, 8 after\n"
        "decisions: 0 carried over, 0 duplicates collapsed\n"
        "memos: 0 carried over\n"
        "\n"
        "--- codebook.yaml\n+++ codebook.yaml\n"
    )
    assert "-      - id: sistem\n+      - id: aplikasi\n" in result.stdout
    assert files(project) == before


def test_cli_unknown_code(project):
    result = run("codes", "rename", "kendala.sistim", "kendala.x", "-p", project.root)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "Error: no code 'kendala.sistim' in codebook.yaml (did you mean 'kendala.sistem'?)"
        " — see the codes with: odskcode codebook show codebook.yaml\n"
    )


def test_cli_merge_with_into_keyword_and_option(project):
    seed_merge(project)
    result = run("codes", "merge", "kendala.sistem", "into", "kendala.jaringan", "-p", project.root)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Merged kendala.sistem into kendala.jaringan\n"
        "codings: 3 carried over, 2 duplicates collapsed; in the project: 6 before, 4 after\n"
        "decisions: 2 carried over, 1 duplicates collapsed\n"
        "memos: 1 carried over\n"
        "1 collapsed duplicate had another valence; the kept coding's valence stands (details in the project log)\n"
        "1 collapsed decision said otherwise (accepted/rejected); the kept decision stands\n"
        "added to kendala.jaringan: words +1, regex +1\n"
        "codebook.yaml and the project database updated\n"
    )
    result = run("codes", "merge", "pelayanan.petugas", "--into", "kendala.jaringan", "--no-fold", "-p", project.root)
    assert result.exit_code == 0, result.output
    assert "added to" not in result.stdout
    assert per_code(project, "codings") == {"kendala.jaringan": 3}


def test_cli_merge_needs_a_target(project):
    result = run("codes", "merge", "kendala.sistem", "kendala.jaringan", "-p", project.root)
    assert result.exit_code == 2
    assert "name the target with --into TARGET (or: SOURCE... into TARGET)" in result.stderr


def test_cli_move(project):
    result = run("codes", "move", "pelayanan.petugas", "--to", "kendala", "-p", project.root, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema_version"] == 1
    assert data["mapping"] == {"pelayanan.petugas": "kendala.petugas"}
    assert data["role"] == ["dimension", "obstacle"]
    result = run("codes", "move", "kendala.petugas", "--to-root", "-p", project.root)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "Moved kendala.petugas to petugas"


def test_cli_move_needs_one_destination(project):
    for extra in ([], ["--to", "kendala", "--to-root"]):
        result = run("codes", "move", "pelayanan.petugas", *extra, "-p", project.root)
        assert result.exit_code == 2
        assert "give exactly one of --to PARENT and --to-root" in result.stderr


def test_cli_layout_warning_goes_to_stderr(tmp_path):
    book = tmp_path / "flow.yaml"
    book.write_text(
        "odskcode_codebook: 1\ncodes: [{id: a, role: dimension, label: A, definition: x,"
        " children: [{id: b, label: B, definition: x, rules: {words: [satu]}}]}]\n",
        encoding="utf-8",
    )
    project = init_project(tmp_path / "proj", codebook=book)
    result = run("codes", "move", "a.b", "--to-root", "-p", project.root)
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "Warning: the layout of codebook.yaml could not be kept: it is written anew from its data, without comments\n"
    )
