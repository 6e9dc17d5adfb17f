"""Pages of the monitoring for Region officials and Arezzo Innovazione staff.

Anonymous visitors are sent to the login page; logged-in users without the role get a
404 (the pages' existence is not advertised to applicants).
"""

import datetime as dt
from collections.abc import Callable
from functools import wraps
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trinno_portal.lib.files import sanitize_filename

from . import open_data as open_data_meta
from . import reports, rules, selectors, services
from .dashboard import dashboard_data
from .forms import PeriodForm, ReportRequestForm, RiskForm, SubActivityForm
from .models import Report, ReportState, Risk, SubActivity
from .outreach.report import outreach_content


def _role_required(check: Callable) -> Callable:
    def decorator(view):
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


monitoring_required = _role_required(selectors.user_sees_monitoring)
staff_required = _role_required(selectors.user_edits_plan)


def _period(request: HttpRequest) -> tuple[PeriodForm, dt.date, dt.date]:
    """The period asked for in the query string, or the plan's whole life to today."""
    today = timezone.localdate()
    default = {"start": rules.PLAN_START, "end": today}
    if "start" in request.GET or "end" in request.GET:
        form = PeriodForm(request.GET)
        if form.is_valid():
            return form, form.cleaned_data["start"], form.cleaned_data["end"]
        return form, default["start"], default["end"]
    return PeriodForm(initial=default), default["start"], default["end"]


def _dashboard(
    request: HttpRequest, report_form: ReportRequestForm | None = None, status: int = 200
) -> HttpResponse:
    period_form, start, end = _period(request)
    data = dashboard_data(start=start, end=end, language=translation.get_language())
    if report_form is None:
        report_form = ReportRequestForm(
            initial={"start": start, "end": end, "language": translation.get_language()}
        )
    return render(
        request,
        "monitoring/dashboard.html",
        {
            "data": data,
            "comparison": reports.comparison_rows(data),
            "period_form": period_form,
            "report_form": report_form,
            "reports": selectors.reports_recent(),
            "can_edit": selectors.user_edits_plan(request.user),
            "period_query": f"start={start:%Y-%m-%d}&end={end:%Y-%m-%d}",
            # Events and advice of the period (five grouped queries, docs/outreach.md).
            "outreach": outreach_content(start, end),
        },
        status=status,
    )


@require_GET
@monitoring_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return _dashboard(request)


@require_POST
@monitoring_required
def report_request(request: HttpRequest) -> HttpResponse:
    form = ReportRequestForm(request.POST)
    if not form.is_valid():
        # Back to the dashboard with what was typed and why it was refused.
        return _dashboard(request, form, status=400)
    report = services.report_request(
        by=request.user,
        start=form.cleaned_data["start"],
        end=form.cleaned_data["end"],
        language=form.cleaned_data["language"],
        commentary=form.cleaned_data["commentary"]
        if selectors.user_edits_plan(request.user)
        else "",
    )
    return redirect("monitoring:report_detail", pk=report.pk)


@require_GET
@monitoring_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(Report.objects.select_related("requested_by"), pk=pk)
    return render(request, "monitoring/report_detail.html", {"report": report})


def _status_payload(report: Report) -> dict:
    payload = {
        "id": report.pk,
        "state": report.state,
        "state_label": str(report.get_state_display()),
        "progress": report.progress,
        "finished": report.is_finished,
    }
    if report.state == ReportState.DONE:
        payload["pdf_url"] = reverse("monitoring:report_pdf", args=[report.pk])
        payload["xlsx_url"] = reverse("monitoring:report_xlsx", args=[report.pk])
        payload["sha256"] = report.sha256
    return payload


@require_GET
@monitoring_required
def report_status(request: HttpRequest, pk: int) -> JsonResponse:
    report = get_object_or_404(Report, pk=pk)
    response = JsonResponse(_status_payload(report))
    response["Cache-Control"] = "no-store"
    return response


def _download(report: Report, field: str, content_type: str, ext: str) -> FileResponse:
    stored = getattr(report, field)
    if report.state != ReportState.DONE or not stored:
        raise Http404
    name = sanitize_filename(
        rules.report_filename(
            data_date=report.data_date, language=report.language, report_id=report.pk, ext=ext
        ),
        extension=f".{ext}",
    )
    try:
        handle = stored.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)


@require_GET
@monitoring_required
def report_pdf(request: HttpRequest, pk: int) -> FileResponse:
    return _download(get_object_or_404(Report, pk=pk), "file", "application/pdf", "pdf")


@require_GET
@monitoring_required
def report_xlsx(request: HttpRequest, pk: int) -> FileResponse:
    return _download(
        get_object_or_404(Report, pk=pk),
        "xlsx_file",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
    )


@require_POST
@monitoring_required
def report_regenerate(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(Report, pk=pk, state=ReportState.DONE)
    new = services.report_regenerate(report=report, by=request.user)
    return redirect("monitoring:report_detail", pk=new.pk)


# The open data is public, without login (CC BY 4.0): individuals are never named in it
# (reports._open_row), and the figures are those any official reads.
@require_GET
def open_data(request: HttpRequest, fmt: str) -> HttpResponse:
    form, start, end = _period(request)
    if form.is_bound and not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    # Streamed as the rows are read: the whole plan at the region's size is half a
    # million operations (20 s and 1.6 GB in one web process when built in memory).
    rows = reports.operations_iter(start, end)
    stem = f"trinno-operazioni-{start:%Y%m%d}-{end:%Y%m%d}"
    if fmt == "json":
        body, content_type = reports.open_data_json(rows, start=start, end=end), "application/json"
    else:
        body, content_type = reports.open_data_csv(rows), "text/csv; charset=utf-8"
    response = StreamingHttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{Path(stem).name}.{fmt}"'
    return response


@require_http_methods(["GET", "POST"])
@staff_required
def subactivity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    sub = get_object_or_404(SubActivity.objects.select_related("activity"), pk=pk)
    form = SubActivityForm(
        request.POST or None,
        initial={"progress": sub.progress, "status": sub.status, "note": sub.note},
    )
    if request.method == "POST" and form.is_valid():
        services.subactivity_update(subactivity=sub, by=request.user, **form.cleaned_data)
        messages.success(request, _("Progress saved."))
        return redirect(reverse("monitoring:dashboard") + "#plan")
    return render(request, "monitoring/plan_edit.html", {"object": sub, "form": form})


@require_http_methods(["GET", "POST"])
@staff_required
def risk_edit(request: HttpRequest, pk: int) -> HttpResponse:
    risk = get_object_or_404(Risk.objects.select_related("activity"), pk=pk)
    form = RiskForm(request.POST or None, initial={"status": risk.status, "note": risk.note})
    if request.method == "POST" and form.is_valid():
        services.risk_update(risk=risk, **form.cleaned_data)
        messages.success(request, _("Risk status saved."))
        return redirect(reverse("monitoring:dashboard") + "#risks")
    return render(request, "monitoring/plan_edit.html", {"object": risk, "form": form})


@require_GET
def open_data_dictionary(request: HttpRequest) -> HttpResponse:
    """The data dictionary of the open data, public."""
    return render(
        request,
        "monitoring/open_data.html",
        {"fields": open_data_meta.dictionary_fields(), "licence_url": open_data_meta.LICENCE_URL},
    )


@require_GET
def open_data_catalogue(request: HttpRequest) -> JsonResponse:
    """DCAT-AP_IT metadata of the open data (JSON-LD), for the national catalogue."""
    urls = {
        "csv": request.build_absolute_uri(reverse("monitoring:open_data_csv")),
        "json": request.build_absolute_uri(reverse("monitoring:open_data_json")),
        "dictionary": request.build_absolute_uri(reverse("monitoring:open_data_dictionary")),
        "catalogue": request.build_absolute_uri(reverse("monitoring:open_data_catalogue")),
    }
    document = open_data_meta.catalogue_jsonld(
        base_url=request.build_absolute_uri("/"),
        modified=selectors.open_data_modified() or timezone.localdate(),
        urls=urls,
    )
    response = JsonResponse(
        document,
        content_type="application/ld+json",
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    return response
