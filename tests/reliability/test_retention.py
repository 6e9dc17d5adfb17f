"""Retention of abandoned drafts (GDPR storage limitation): command and task."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from tests.audits.conftest import MINIMAL_PDF
from tests.factories import ApplicationFactory
from trinno_portal.funding.models import Application, Document
from trinno_portal.funding.workflow import Status
from trinno_portal.privacy.tasks import purge_abandoned_drafts


def _age(application, days):
    Application.objects.filter(pk=application.pk).update(
        updated_at=timezone.now() - dt.timedelta(days=days)
    )


@pytest.fixture
def drafts(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    old = ApplicationFactory()
    fresh = ApplicationFactory()
    submitted_old = ApplicationFactory(status=Status.SUBMITTED, protocol_number="AUD-1")
    doc = Document.objects.create(
        application=old,
        kind="quote",
        file=SimpleUploadedFile("q.pdf", MINIMAL_PDF),
        original_name="q.pdf",
        content_type="application/pdf",
        size=len(MINIMAL_PDF),
        sha256="0" * 64,
        uploaded_by=old.created_by,
    )
    _age(old, 400)
    _age(fresh, 10)
    _age(submitted_old, 900)
    return old, fresh, submitted_old, doc


def test_it_deletes_only_drafts_untouched_for_longer_than_the_setting(
    drafts, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.DRAFT_RETENTION_DAYS = 365
    old, fresh, submitted_old, doc = drafts
    path = tmp_path / doc.file.name
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_abandoned_drafts", verbosity=0)
    assert not Application.objects.filter(pk=old.pk).exists()
    assert Application.objects.filter(pk__in=[fresh.pk, submitted_old.pk]).count() == 2
    assert not path.exists()


def test_it_can_be_tried_dry(drafts, capsys):
    call_command("purge_abandoned_drafts", "--dry-run", "--days", "5")
    assert "Would delete 2 drafts" in capsys.readouterr().out
    assert Application.objects.count() == 3


def test_the_task_reads_the_setting(drafts, settings):
    settings.DRAFT_RETENTION_DAYS = 5
    assert purge_abandoned_drafts() == 2
