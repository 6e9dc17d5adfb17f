"""Backup and restore of the whole portal: the database and the uploaded files.

One archive (.tar.gz) holds:
- manifest.json: when, from which engine, and a census of what must come back (every
  application with its status, every status change, every document's SHA-256);
- the database: `pg_dump --format=custom` on PostgreSQL, SQLite's online backup API on
  SQLite (a consistent copy while the portal runs, unlike copying the file);
- media/: MEDIA_ROOT, where the documents are.

A restore goes into a FRESH database (a new PostgreSQL database, or a new SQLite file)
and a fresh media folder, never over the running portal, and then checks the census
against what it restored. docs/reliability.md tells the procedure.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

MANIFEST = "manifest.json"
PG_DUMP = "database.pgdump"
SQLITE_COPY = "database.sqlite3"
MEDIA = "media"

CENSUS_SQL = {
    "applications": (
        "SELECT id, COALESCE(protocol_number, ''), status FROM funding_application ORDER BY id"
    ),
    "status_changes": (
        "SELECT id, application_id, from_status, to_status FROM funding_statuschange ORDER BY id"
    ),
    "documents": "SELECT id, application_id, sha256, file FROM funding_document ORDER BY id",
}


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class Target:
    """Where a restore goes: a PostgreSQL database name or a SQLite file, and a media root."""

    media_root: Path
    pg_database: str | None = None
    sqlite_path: Path | None = None


def _census(cursor) -> dict[str, list[list[Any]]]:
    result = {}
    for name, sql in CENSUS_SQL.items():
        cursor.execute(sql)
        result[name] = [list(row) for row in cursor.fetchall()]
    return result


def _pg_env(db: dict) -> dict[str, str]:
    import os

    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_args(db: dict) -> list[str]:
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return args


def _program(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (Debian: postgresql-client).")
    return path


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(65536), b""):
            digest.update(chunk)
    return digest.hexdigest()


def backup_create(*, output: Path, media_root: Path | None = None) -> dict[str, Any]:
    """Write a backup archive to `output`; returns its manifest."""
    media_root = Path(media_root or settings.MEDIA_ROOT)
    db = connection.settings_dict
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        connection.ensure_connection()
        if connection.vendor == "postgresql":
            # The census and the dump see the same data: pg_dump takes its own snapshot,
            # so the census is read first and the dump can only hold as much or more.
            with connection.cursor() as cursor:
                census = _census(cursor)
            subprocess.run(  # noqa: S603 - fixed program, arguments from settings
                [
                    _program("pg_dump"),
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    *_pg_args(db),
                    "--file",
                    str(work / PG_DUMP),
                    str(db["NAME"]),
                ],
                check=True,
                env=_pg_env(db),
                capture_output=True,
            )
            database_file = PG_DUMP
        elif connection.vendor == "sqlite":
            target = sqlite3.connect(work / SQLITE_COPY)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
            with sqlite3.connect(work / SQLITE_COPY) as copy:
                census = _census(copy.cursor())
            database_file = SQLITE_COPY
        else:
            raise BackupError(f"No backup method for the {connection.vendor} engine.")
        manifest = {
            "format": 1,
            "created_at": timezone.now().isoformat(),
            "engine": connection.vendor,
            "database_file": database_file,
            "census": census,
            "media_files": {},
        }
        if media_root.exists():
            for path in sorted(media_root.rglob("*")):
                if path.is_file():
                    manifest["media_files"][str(path.relative_to(media_root))] = _sha256(path)
        (work / MANIFEST).write_text(json.dumps(manifest, indent=1))
        output.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(output, "w:gz") as archive:
            archive.add(work / MANIFEST, arcname=MANIFEST)
            archive.add(work / database_file, arcname=database_file)
            if media_root.exists():
                archive.add(media_root, arcname=MEDIA)
    return manifest


def _safe_extract(archive: tarfile.TarFile, dest: Path) -> None:
    # The "data" filter refuses absolute paths, "..", links out of dest and devices.
    archive.extractall(dest, filter="data")


def backup_restore(*, archive_path: Path, target: Target, verify: bool = True) -> dict[str, Any]:
    """Restore an archive into a fresh database and media folder; with `verify`, check
    that every application, status change, document hash and file came back."""
    db = connection.settings_dict
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        with tarfile.open(archive_path, "r:gz") as archive:
            _safe_extract(archive, work)
        manifest = json.loads((work / MANIFEST).read_text())
        if manifest["engine"] == "postgresql":
            if not target.pg_database:
                raise BackupError("A PostgreSQL backup needs a target database (--database).")
            subprocess.run(  # noqa: S603
                [
                    _program("pg_restore"),
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    *_pg_args(db),
                    "--dbname",
                    target.pg_database,
                    str(work / PG_DUMP),
                ],
                check=True,
                env=_pg_env(db),
                capture_output=True,
            )
        else:
            if not target.sqlite_path:
                raise BackupError("A SQLite backup needs a target file (--sqlite).")
            if target.sqlite_path.exists():
                raise BackupError(f"{target.sqlite_path} exists: restore into a new file.")
            target.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(work / SQLITE_COPY, target.sqlite_path)
        target.media_root.mkdir(parents=True, exist_ok=True)
        if (work / MEDIA).exists():
            shutil.copytree(work / MEDIA, target.media_root, dirs_exist_ok=True)
    if verify:
        backup_verify(manifest=manifest, target=target)
    return manifest


def _target_census(target: Target) -> dict[str, list[list[Any]]]:
    if target.pg_database:
        import psycopg

        db = connection.settings_dict
        with psycopg.connect(
            host=db.get("HOST") or None,
            port=db.get("PORT") or None,
            user=db.get("USER") or None,
            password=db.get("PASSWORD") or None,
            dbname=target.pg_database,
        ) as conn:
            return _census(conn.cursor())
    with sqlite3.connect(target.sqlite_path) as conn:
        return _census(conn.cursor())


def backup_verify(*, manifest: dict[str, Any], target: Target) -> None:
    """Raise BackupError unless the restored data holds everything the manifest lists."""
    restored = _target_census(target)
    for name, rows in manifest["census"].items():
        if restored[name] != rows:
            raise BackupError(f"Restored {name} differ from the backup.")
    for relative, digest in manifest["media_files"].items():
        path = target.media_root / relative
        if not path.is_file() or _sha256(path) != digest:
            raise BackupError(f"Restored file {relative} is missing or changed.")
    for _id, _app, sha256, name in manifest["census"]["documents"]:
        path = target.media_root / name
        if name and (not path.is_file() or _sha256(path) != sha256):
            raise BackupError(f"Document {name} does not match its recorded hash.")
