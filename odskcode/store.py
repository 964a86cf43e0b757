"""The project database: SQLite with a versioned schema, ordered migrations and safe writes.

Every write happens inside :meth:`Store.write`, one ``BEGIN IMMEDIATE`` transaction
that commits whole or not at all; WAL mode and a busy timeout let several
processes (two coders in two terminals) write to one project at once.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .errors import ProjectError
from .i18n import msg

BUSY_TIMEOUT_MS = 60_000

# Ordered migrations: MIGRATIONS[n] brings a database from version n to n + 1.
MIGRATIONS: list[str] = [
    # 0 -> 1: transcripts, coders, codings, log
    """
    CREATE TABLE transcripts (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        path TEXT NOT NULL,
        source TEXT NOT NULL,
        informant TEXT NOT NULL,
        text TEXT NOT NULL,
        hash TEXT NOT NULL,
        data TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE coders (
        name TEXT PRIMARY KEY,
        created_at TEXT NOT NULL
    );
    CREATE TABLE codings (
        id INTEGER PRIMARY KEY,
        transcript_id INTEGER NOT NULL REFERENCES transcripts(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        code TEXT NOT NULL,
        coder TEXT NOT NULL REFERENCES coders(name),
        valence TEXT NOT NULL DEFAULT 'netral',
        memo TEXT NOT NULL DEFAULT '',
        origin TEXT NOT NULL,
        rule TEXT NOT NULL DEFAULT '',
        segment TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        UNIQUE (transcript_id, start, "end", code, coder)
    );
    CREATE INDEX codings_by_transcript ON codings(transcript_id, coder);
    CREATE TABLE log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        action TEXT NOT NULL,
        details TEXT NOT NULL
    );
    """,
    # 1 -> 2: orphaned codings keep their words; decisions (accepted/rejected suggestions); memos
    """
    ALTER TABLE codings ADD COLUMN status TEXT NOT NULL DEFAULT 'ok';
    ALTER TABLE codings ADD COLUMN anchor TEXT NOT NULL DEFAULT '';
    UPDATE codings SET anchor = substr(
        (SELECT text FROM transcripts t WHERE t.id = codings.transcript_id), start + 1, "end" - start
    );
    CREATE TABLE decisions (
        id INTEGER PRIMARY KEY,
        transcript_id INTEGER NOT NULL REFERENCES transcripts(id) ON DELETE CASCADE,
        segment TEXT NOT NULL,
        coder TEXT NOT NULL REFERENCES coders(name),
        code TEXT NOT NULL DEFAULT '',
        decision TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected', 'reviewed')),
        at TEXT NOT NULL,
        UNIQUE (transcript_id, segment, coder, code)
    );
    CREATE TABLE memos (
        id INTEGER PRIMARY KEY,
        transcript_id INTEGER REFERENCES transcripts(id) ON DELETE CASCADE,
        segment TEXT NOT NULL DEFAULT '',
        code TEXT NOT NULL DEFAULT '',
        coder TEXT NOT NULL,
        text TEXT NOT NULL,
        at TEXT NOT NULL
    );
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Apply the migrations from the database's version up to ``target``; return the old version."""
    current = schema_version(conn)
    if current > SCHEMA_VERSION:
        raise ProjectError(msg("pr.schema_newer", found=current, supported=SCHEMA_VERSION))
    if current >= target:
        return current
    conn.execute("BEGIN IMMEDIATE")
    try:
        current = schema_version(conn)  # another process may have migrated meanwhile
        for version in range(current, target):
            for statement in _statements(MIGRATIONS[version]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return current


def _statements(script: str) -> Iterator[str]:
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                yield buf.strip()
            buf = ""
    if buf.strip():
        yield buf.strip()


class Store:
    """A connection to one project database."""

    def __init__(self, path: str | Path, create: bool = False) -> None:
        self.path = Path(path)
        if not create and not self.path.is_file():
            raise ProjectError(msg("pr.no_database"), file=self.path, hint=msg("pr.init_hint"))
        try:
            self.conn = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        except sqlite3.Error as exc:
            raise ProjectError(msg("pr.bad_database", detail=str(exc)), file=self.path) from exc
        try:
            self.conn.row_factory = sqlite3.Row
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.execute("PRAGMA foreign_keys = ON")
            migrate(self.conn)
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise ProjectError(msg("pr.bad_database", detail=str(exc)), file=self.path) from exc
        except ProjectError as exc:
            self.conn.close()
            exc.file = str(self.path)
            raise

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it commits, or none of it (also on Ctrl-C)."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # -- helpers used inside write transactions ----------------------------------
    @staticmethod
    def ensure_coder(conn: sqlite3.Connection, name: str) -> None:
        conn.execute("INSERT OR IGNORE INTO coders(name, created_at) VALUES (?, ?)", (name, now()))

    @staticmethod
    def log(conn: sqlite3.Connection, action: str, **details: Any) -> None:
        conn.execute(
            "INSERT INTO log(at, action, details) VALUES (?, ?, ?)",
            (now(), action, json.dumps(details, ensure_ascii=False, sort_keys=True)),
        )
