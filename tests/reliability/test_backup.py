"""Reliability: back up, restore into a fresh database, and find every application,
status change and document (by hash) again. Runs on SQLite in `make test` and on
PostgreSQL (pg_dump / pg_restore into a database created for it) in .ci/run."""

import hashlib
import sqlite3
import uuid

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from tests.audits.conftest import MINIMAL_PDF
from tests.factories import ApplicationFactory
from trinno_portal.funding.models import Application, Document, StatusChange
from trinno_portal.funding.workflow import Status

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def portal_data(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    applications = []
    for i in range(5):
        app = ApplicationFactory(
            status=Status.SUBMITTED if i % 2 else Status.DRAFT,
            protocol_number=f"AUD-2026-{i:06d}" if i % 2 else None,
        )
        StatusChange.objects.create(
            application=app,
            transition="submit",
            from_status="draft",
            to_status=app.status,
            at=timezone.now(),
            reason=f"motivo {i}",
        )
        content = MINIMAL_PDF + f"% {i}\n".encode()
        Document.objects.create(
            application=app,
            kind="quote",
            file=SimpleUploadedFile(f"q{i}.pdf", content),
            original_name=f"preventivo {i}.pdf",
            content_type="application/pdf",
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            uploaded_by=app.created_by,
        )
        applications.append(app)
    return applications


def _pg_admin():
    db = connection.settings_dict
    return psycopg.connect(
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )


@pytest.fixture
def fresh_target(tmp_path):
    """A new, empty database of the same engine."""
    if connection.vendor == "postgresql":
        name = f"trinno_restore_{uuid.uuid4().hex[:12]}"
        with _pg_admin() as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        yield ["--database", name], name
        with _pg_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        path = tmp_path / "restored.sqlite3"
        yield ["--sqlite", str(path)], path


def _restored_rows(target, sql):
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        with psycopg.connect(
            host=db["HOST"] or None,
            port=db["PORT"] or None,
            user=db["USER"] or None,
            password=db["PASSWORD"] or None,
            dbname=target,
        ) as conn:
            return conn.execute(sql).fetchall()
    with sqlite3.connect(target) as conn:
        return conn.execute(sql).fetchall()


def test_it_backs_up_and_restores_everything(portal_data, fresh_target, tmp_path, capsys):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup_portal", "--output", str(archive))
    assert "5 applications" in capsys.readouterr().out
    args, target = fresh_target
    media = tmp_path / "restored-media"
    call_command("restore_portal", str(archive), *args, "--media-root", str(media))
    assert "all verified" in capsys.readouterr().out

    # Checked here again, independently of the command's own verification.
    rows = _restored_rows(target, "SELECT id, protocol_number, status FROM funding_application")
    assert sorted(rows) == sorted(
        Application.objects.values_list("id", "protocol_number", "status")
    )
    changes = _restored_rows(
        target, "SELECT application_id, to_status, reason FROM funding_statuschange"
    )
    assert sorted(changes) == sorted(
        StatusChange.objects.values_list("application_id", "to_status", "reason")
    )
    documents = _restored_rows(target, "SELECT file, sha256 FROM funding_document")
    assert len(documents) == 5
    for name, sha in documents:
        assert hashlib.sha256((media / name).read_bytes()).hexdigest() == sha


def test_it_refuses_to_restore_over_an_existing_sqlite_file(portal_data, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's own guard; PostgreSQL restores need an empty database")
    archive = tmp_path / "backup.tar.gz"
    call_command("backup_portal", "--output", str(archive))
    existing = tmp_path / "existing.sqlite3"
    existing.write_bytes(b"")
    with pytest.raises(CommandError, match="restore into a new file"):
        call_command(
            "restore_portal",
            str(archive),
            "--sqlite",
            str(existing),
            "--media-root",
            str(tmp_path / "m"),
        )


def test_it_detects_a_damaged_document(portal_data, fresh_target, tmp_path, settings):
    archive = tmp_path / "backup.tar.gz"
    # A document whose file no longer matches the hash recorded at upload.
    damaged = Document.objects.first()
    (settings.MEDIA_ROOT / damaged.file.name).write_bytes(b"%PDF-1.4 tampered %%EOF")
    call_command("backup_portal", "--output", str(archive))
    args, _target = fresh_target
    with pytest.raises(CommandError, match="does not match its recorded hash"):
        call_command("restore_portal", str(archive), *args, "--media-root", str(tmp_path / "m"))
