"""Exports of a filtered admin list to CSV and XLSX (pandas, openpyxl).

The rows are the admin changelist's own queryset (filters, search and ordering as the
officer sees them): the export can never show more, or other, rows than the list.
Small lists are written in the request; above EXPORT_THRESHOLD rows an ExportJob is
recorded and a Celery task writes the file to MEDIA_ROOT/exports/, offered for download
by a permission-checked admin view when ready.
"""

import datetime as dt
import logging
from collections.abc import Sequence

import pandas as pd
from django.apps import apps
from django.contrib import admin
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.http import QueryDict
from django.test import RequestFactory
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from trinno_portal.accounts.models import User
from trinno_portal.funding.queue.models import ExportFormat, ExportJob, ExportState

# Imported here so that every process that loads the admin (web, worker) knows the task.
from trinno_portal.funding.queue.tasks import triage_export
from trinno_portal.lib.spreadsheets import csv_bytes, xlsx_bytes

log = logging.getLogger(__name__)

EXPORT_THRESHOLD = 5_000
EXPORT_PARAMS = ("_export",)

# (values() path, column label) pairs, declared by each exportable ModelAdmin.
Columns = Sequence[tuple[str, str]]


def _cell(value: object) -> object:
    # Spreadsheets have no time zones: datetimes are written in Rome's local time
    # (before pandas, which would keep the zone). Formulas: lib/spreadsheets.py.
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    return value


def _choice_labels(queryset: QuerySet, columns: Columns) -> dict[str, dict]:
    """Stored codes shown as their labels (status "approved" -> "Approvata")."""
    labels = {}
    for path, _label in columns:
        if "__" in path:
            continue
        field = queryset.model._meta.get_field(path)
        if field.choices:
            labels[path] = {code: str(label) for code, label in field.flatchoices}
    return labels


def export_frame(queryset: QuerySet, columns: Columns) -> pd.DataFrame:
    paths = [path for path, _label in columns]
    choices = _choice_labels(queryset, columns)
    records = (
        [
            _cell(choices[p].get(v, v)) if p in choices else _cell(v)
            for p, v in zip(paths, row, strict=True)
        ]
        for row in queryset.values_list(*paths).iterator(chunk_size=2000)
    )
    return pd.DataFrame.from_records(list(records), columns=[str(label) for _p, label in columns])


def _frame_rows(frame: pd.DataFrame):
    for row in frame.itertuples(index=False, name=None):
        yield [None if isinstance(v, float) and v != v else v for v in row]  # NaN: empty


def export_bytes(frame: pd.DataFrame, file_format: str) -> bytes:
    header = [str(column) for column in frame.columns]
    if file_format == ExportFormat.CSV:
        return csv_bytes(header, _frame_rows(frame))
    return xlsx_bytes({_("Export"): (header, _frame_rows(frame))})


def export_content_type(file_format: str) -> str:
    if file_format == ExportFormat.CSV:
        return "text/csv; charset=utf-8"
    return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_filename(model_label: str, file_format: str, at: dt.datetime) -> str:
    return f"{model_label.replace('.', '-')}-{timezone.localtime(at):%Y%m%d-%H%M}.{file_format}"


def changelist_queryset(model_admin: admin.ModelAdmin, request) -> QuerySet:
    """The rows of the list as the officer filtered, searched and sorted it."""
    return model_admin.get_changelist_instance(request).queryset


def strip_export_params(query: QueryDict) -> QueryDict:
    query = query.copy()
    for name in EXPORT_PARAMS:
        query.pop(name, None)
    return query


@transaction.atomic
def export_job_create(*, owner: User, model_label: str, query: str, file_format: str) -> ExportJob:
    """Record a background export and queue its task after the commit."""
    job = ExportJob.objects.create(
        owner=owner, model_label=model_label, query=query, file_format=file_format
    )
    transaction.on_commit(lambda: triage_export.delay(job.pk))
    return job


def export_job_run(*, job_id: int) -> ExportJob | None:
    """Write the file of a pending job. Claimed with a conditional UPDATE, so a task
    delivered twice writes it once."""
    claimed = ExportJob.objects.filter(pk=job_id, state=ExportState.PENDING).update(
        state=ExportState.RUNNING
    )
    job = ExportJob.objects.select_related("owner").filter(pk=job_id).first()
    if not claimed or job is None:
        return job
    try:
        model = apps.get_model(job.model_label)
        model_admin = admin.site._registry[model]
        request = RequestFactory().get("/", QueryDict(job.query))
        request.user = job.owner
        if not model_admin.has_view_permission(request):
            raise PermissionError(_("You may not read this list any more."))
        with translation.override("it"):
            queryset = changelist_queryset(model_admin, request)
            frame = export_frame(queryset, model_admin.export_columns)
            content = export_bytes(frame, job.file_format)
        job.file.save(f"export.{job.file_format}", ContentFile(content), save=False)
        job.rows = len(frame)
        job.state = ExportState.DONE
    except Exception as exc:  # noqa: BLE001 - the officer must see that it failed
        log.exception("export %s failed", job_id)
        job.state = ExportState.FAILED
        job.error = str(exc)[:1000]
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "rows", "state", "error", "finished_at"])
    return job
