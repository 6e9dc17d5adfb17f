"""The beat schedule names tasks the worker knows."""

from django.conf import settings

from trinno_portal.celery import app


def test_the_beat_jobs_of_the_rna_and_the_pec_are_registered():
    app.loader.import_default_modules()
    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    for name in ("rna.confirmations_send", "pec.receipts_fetch"):
        assert name in schedule and name in app.tasks
