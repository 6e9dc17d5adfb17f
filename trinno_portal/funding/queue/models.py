"""What the staff work queue adds to the funding records: internal notes on an
application, background export jobs, the record of the daily digests sent, and the
history of every change of the catalogue's editions and services.

Applications keep one history only, the StatusChange log (models.py); assignments are
recorded as internal notes of kind "assignment" so the page tells who handed what to whom.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = [
    "ApplicationNote",
    "DigestSent",
    "ExportFormat",
    "ExportJob",
    "ExportState",
    "NoteKind",
]


class NoteKind(models.TextChoices):
    NOTE = "note", _("Note")
    ASSIGNMENT = "assignment", _("Assignment")


class ApplicationNote(models.Model):
    """A note staff keep on an application; never shown to the applicant."""

    application = models.ForeignKey(
        "funding.Application",
        on_delete=models.CASCADE,
        related_name="notes",
        verbose_name=_("application"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=NoteKind.choices, default=NoteKind.NOTE
    )
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["application", "created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"


class ExportState(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


def _export_path(instance: "ExportJob", filename: str) -> str:
    # A random name: the file is only ever served by the permission-checked view.
    return f"exports/{uuid.uuid4().hex}.{instance.file_format}"


class ExportJob(models.Model):
    """An export of a filtered admin list, written in the background when it is large."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="export_jobs",
        verbose_name=_("requested by"),
    )
    model_label = models.CharField(_("list"), max_length=100)
    query = models.TextField(_("filters"), blank=True)
    file_format = models.CharField(_("format"), max_length=4, choices=ExportFormat.choices)
    state = models.CharField(
        _("state"), max_length=8, choices=ExportState.choices, default=ExportState.PENDING
    )
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to=_export_path, max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.model_label} {self.file_format} #{self.pk}"


class DigestSent(models.Model):
    """One row per officer and day: the daily digest is sent at most once a day, however
    many times beat or an operator runs the job."""

    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    day = models.DateField(_("day"))
    items = models.PositiveIntegerField(_("items"), default=0)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("digest sent")
        verbose_name_plural = _("digests sent")
        constraints = [
            models.UniqueConstraint(fields=["officer", "day"], name="digest_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.officer_id} {self.day}"
