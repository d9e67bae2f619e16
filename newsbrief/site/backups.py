"""Backups of the live database, taken and restored while ingest and readers carry on.

SQLite: the backup API copies one consistent snapshot (a WAL read transaction, so writers
go on) into a temporary file beside the target, which is made self-contained (no -wal
file) and renamed into place. Restore copies the checked backup into the live database
through the same API, as one write transaction: a reader sees the old database or the
new one, never a mix, and a failure leaves the old one as it was.
PostgreSQL: pg_dump (custom format) on a snapshot this module exports and counts in;
pg_restore --clean --if-exists --single-transaction. The password travels in PGPASSWORD,
never on a command line.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from newsbrief.pipeline.errors import BackupError, InputError

SQLITE = "SQLite"
POSTGRESQL = "PostgreSQL"
# The first bytes of each kind of backup file: a SQLite database, a pg_dump custom-format archive.
_MAGIC = {SQLITE: b"SQLite format 3\x00", POSTGRESQL: b"PGDMP"}
_COUNTS = "SELECT (SELECT COUNT(*) FROM newsbrief_article), (SELECT COUNT(*) FROM newsbrief_brief)"


@dataclass(frozen=True)
class Snapshot:
    """What one backup holds: its database kind and the articles and briefs counted in that very state."""

    kind: str
    articles: int
    briefs: int


def backup(path: Path | str, database: dict | None = None) -> Snapshot:
    """Write a consistent copy of the database (Django's DATABASES entry; default: the site's) to path."""
    database = database or _site_database()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.unlink(missing_ok=True)  # left by a backup that was killed: start from nothing
    try:
        snapshot = _backup_postgresql(partial, database) if _kind(database) == POSTGRESQL \
            else _backup_sqlite(partial, database)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return snapshot


def restore(path: Path | str, database: dict | None = None) -> Snapshot:
    """Replace the database's contents with a backup made by `backup`, whole or not at all."""
    site = database is None
    database = database or _site_database()
    path, kind = Path(path), _kind(database)
    found = _backup_kind(path)
    if found != kind:
        raise InputError(f"{path} is a {found} backup, but this database is {kind}: restore it into a {found} one")
    snapshot = _restore_postgresql(path, database) if kind == POSTGRESQL else _restore_sqlite(path, database)
    if site:
        from newsbrief.site.store.page_generation import invalidate_everything

        invalidate_everything()  # the running servers' cached pages show the database as it was before
    return snapshot


def _site_database() -> dict:
    from django.db import connections

    return connections["default"].settings_dict


def _kind(database: dict) -> str:
    engine = database["ENGINE"]
    if engine.endswith("sqlite3"):
        return SQLITE
    if engine.endswith("postgresql"):
        return POSTGRESQL
    raise BackupError(f"backups of a {engine} database are not supported: only SQLite and PostgreSQL")


def _backup_kind(path: Path) -> str:
    """The kind of database a backup file holds, from its first bytes; InputError when it is no backup."""
    try:
        with path.open("rb") as file:
            start = file.read(16)
    except FileNotFoundError:
        raise InputError(f"{path}: no such backup file") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read it: {error.strerror}") from None
    for kind, magic in _MAGIC.items():
        if start.startswith(magic):
            return kind
    raise InputError(f"{path} is not a newsbrief backup: neither a SQLite database nor a pg_dump archive")


def _backup_sqlite(target: Path, database: dict) -> Snapshot:
    if not Path(database["NAME"]).is_file():
        raise BackupError(f"{database['NAME']}: no such database to back up")
    with closing(_sqlite_connect(database)) as live, closing(sqlite3.connect(target)) as copy:
        try:
            # pages=-1: the whole copy in one step, from one read snapshot; steps would restart at each write.
            live.backup(copy, pages=-1)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
            articles, briefs = copy.execute(_COUNTS).fetchone()
        except sqlite3.Error as error:
            raise BackupError(f"backing up {database['NAME']} failed: {error}") from None
    return Snapshot(SQLITE, articles, briefs)


def _restore_sqlite(path: Path, database: dict) -> Snapshot:
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as saved:
        try:
            intact = saved.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            ours = saved.execute(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'newsbrief_article'"
            ).fetchone()[0]
        except sqlite3.DatabaseError as error:
            raise InputError(f"{path}: cannot read it as a SQLite database: {error}") from None
        if not intact:
            raise InputError(f"{path}: the backup is damaged (SQLite's integrity check fails); nothing was restored")
        if not ours:
            raise InputError(f"{path} is a SQLite database but not a newsbrief backup (no newsbrief tables)")
        with closing(_sqlite_connect(database)) as live:
            try:
                saved.backup(live, pages=-1)
            except sqlite3.Error as error:
                raise BackupError(f"restoring {path} failed, the database is as it was: {error}") from None
            articles, briefs = live.execute(_COUNTS).fetchone()
    return Snapshot(SQLITE, articles, briefs)


def _sqlite_connect(database: dict) -> sqlite3.Connection:
    Path(database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    return sqlite3.connect(database["NAME"], timeout=database.get("OPTIONS", {}).get("timeout", 20.0))


def _backup_postgresql(target: Path, database: dict) -> Snapshot:
    import psycopg

    try:
        with psycopg.connect(**_libpq(database)) as con:
            # The counts and pg_dump read the same exported snapshot, so the counts are the backup's own.
            con.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            snapshot_id = con.execute("SELECT pg_export_snapshot()").fetchone()[0]
            articles, briefs = con.execute(_COUNTS).fetchone()
            _run_client(["pg_dump", "--format=custom", f"--snapshot={snapshot_id}", f"--file={target}"], database)
            con.rollback()
    except psycopg.Error as error:
        raise BackupError(f"backing up {database['NAME']} failed: {error}") from None
    return Snapshot(POSTGRESQL, articles, briefs)


def _restore_postgresql(path: Path, database: dict) -> Snapshot:
    import psycopg

    try:
        contents = _run_client(["pg_restore", "--list", str(path)], database)
    except BackupError as error:
        raise InputError(f"{path}: cannot read it as a pg_dump archive: {error}") from None
    if not re.search(r"\bTABLE \S+ newsbrief_article\b", contents):
        raise InputError(f"{path} is a pg_dump archive but not a newsbrief backup (no newsbrief tables)")
    # One transaction: an error part-way rolls everything back and the database stays as it was.
    _run_client(["pg_restore", "--clean", "--if-exists", "--single-transaction", "--no-owner",
                 "--no-privileges", f"--dbname={database['NAME']}", str(path)], database)
    try:
        with psycopg.connect(**_libpq(database)) as con:
            articles, briefs = con.execute(_COUNTS).fetchone()
    except psycopg.Error as error:
        raise BackupError(f"restored {path}, but counting what it holds failed: {error}") from None
    return Snapshot(POSTGRESQL, articles, briefs)


def _libpq(database: dict) -> dict:
    """libpq's connection parameters from a DATABASES entry (empty ones left to libpq's defaults)."""
    params = {"host": database.get("HOST"), "port": database.get("PORT"), "user": database.get("USER"),
              "password": database.get("PASSWORD"), "dbname": database.get("NAME"),
              "sslmode": database.get("OPTIONS", {}).get("sslmode")}
    return {key: str(value) for key, value in params.items() if value}


def _run_client(command: list[str], database: dict) -> str:
    """Run a PostgreSQL client tool with the connection in PG* variables; its output, or BackupError."""
    names = {"host": "PGHOST", "port": "PGPORT", "user": "PGUSER", "password": "PGPASSWORD",
             "dbname": "PGDATABASE", "sslmode": "PGSSLMODE"}
    env = {**os.environ, **{names[key]: value for key, value in _libpq(database).items()}}
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(f"{command[0]} not found: install PostgreSQL's client tools (postgresql-client)") from None
    if done.returncode != 0:
        why = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit status {done.returncode}"
        raise BackupError(f"{command[0]} failed: {why}")
    return done.stdout
