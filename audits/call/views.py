"""Pages of the audit scheme for SMEs and the public: thin callers of services. The
application's journey (steps, documents, review, its page, receipt) is the shared one of
trinno_portal/funding/journey/, described in audits/call/scheme.py."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audits.call import forms, rules, selectors, services
from audits.call.scheme import JOURNEY
from trinno_portal.accounts.models import SizeClass
from trinno_portal.accounts.selectors import enterprises_of
from trinno_portal.funding.aftercare.services import final_report_submit
from trinno_portal.funding.aftercare.views import REPORT_DOCUMENTS, agreement_pdf, final_report_page
from trinno_portal.funding.dispatch import application_act
from trinno_portal.funding.documents import DocumentUploadForm, document_upload
from trinno_portal.funding.models import Application, Scheme
from trinno_portal.funding.schemes import scheme_for
from trinno_portal.funding.selectors import application_for_user
from trinno_portal.funding.services import FundingError
from trinno_portal.funding.submission import call_refusal
from trinno_portal.funding.workflow import Actor, Status
from trinno_portal.signatures.final_report import final_report_kinds


def _audit_for(request: HttpRequest, pk: int) -> Application:
    application = application_for_user(request.user, pk)
    if application.scheme != "audit":
        raise Http404
    return application


# --- Public: the call and the funding simulator --------------------------------------


@require_GET
def call_detail(request: HttpRequest) -> HttpResponse:
    call = selectors.audit_call_open()
    enterprises = list(enterprises_of(request.user)) if request.user.is_authenticated else []
    table = rules.funding_table(call.rules) if call else {}
    return render(
        request,
        "audits/call_detail.html",
        {
            "call": call,
            "scheme": Scheme.AUDIT,
            "urls": JOURNEY.urls,
            "refusal": call_refusal(call, fresh=True) if call else None,
            "table": table,
            "enterprises": enterprises,
            "running": selectors.audit_grants_running(e.pk for e in enterprises)
            if call and enterprises
            else [],
        },
    )


@require_GET
def simulator(request: HttpRequest) -> HttpResponse:
    form = forms.SimulatorForm(
        request.GET or None, initial={"size_class": _member_size_class(request)}
    )
    result = call = None
    if form.is_valid():
        call = selectors.audit_call_open()
        result = rules.audit_funding(
            form.cleaned_data["size_class"],
            form.cleaned_data["investment"],
            call.rules if call else rules.DEFAULT_RULES,
        )
    return render(request, "audits/simulator.html", {"form": form, "result": result, "call": call})


def _member_size_class(request: HttpRequest) -> str | None:
    """The size class the portal computed for the member's company (accounts/rules.py,
    Recommendation 2003/361), the first one if the member acts for several."""
    if not request.user.is_authenticated:
        return None
    enterprise = enterprises_of(request.user).only("size_class").first()
    return enterprise.size_class if enterprise else None


@require_GET
def simulator_api(request: HttpRequest) -> JsonResponse:
    """GET /audit/api/simulatore/?size_class=micro&investment=9000.00 (docs/api.md)."""
    size_class = request.GET.get("size_class", "")
    errors = {}
    if size_class not in SizeClass.values:
        errors["size_class"] = _("One of: %(values)s.") % {"values": ", ".join(SizeClass.values)}
    try:
        investment = Decimal(request.GET.get("investment", ""))
        if not investment.is_finite() or investment < 0 or investment.as_tuple().exponent < -2:
            raise InvalidOperation
        if investment.adjusted() >= 10:  # the form's max_digits=12 with two decimals
            raise InvalidOperation
    except InvalidOperation:
        errors["investment"] = _("A non-negative amount in euros with at most two decimals.")
    if errors:
        return JsonResponse({"errors": errors}, status=400)
    call = selectors.audit_call_open()
    result = rules.audit_funding(
        size_class, investment, call.rules if call else rules.DEFAULT_RULES
    )
    return JsonResponse({"call": call.code if call else None, **result.as_json()})


# --- The SME's dashboard and application ---------------------------------------------


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    applications = list(selectors.audit_applications_of(request.user)[:50])
    return render(
        request,
        "audits/dashboard.html",
        {
            "applications": applications,
            "urls": JOURNEY.urls,
            "call": selectors.audit_call_open(),
            "enterprises": list(enterprises_of(request.user)),
        },
    )


@login_required
@require_GET
def application_letter(request: HttpRequest, pk: int) -> HttpResponse:
    application = _audit_for(request, pk)
    if application.status not in (
        Status.APPROVED,
        Status.IN_PROGRESS,
        Status.FINAL_REPORT,
        Status.MONITORING,
        Status.CLOSED,
    ):
        raise Http404
    return agreement_pdf(application, scheme_for(application.scheme).aftercare)


@login_required
@require_POST
def application_sign_letter(request: HttpRequest, pk: int) -> HttpResponse:
    application = _audit_for(request, pk)
    form = DocumentUploadForm(
        request.POST,
        request.FILES,
        kinds=[(k, str(v)) for k, v in services.LETTER_DOCUMENTS.items()],
    )
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("audits:application_detail", pk=application.pk)
    try:
        document_upload(
            application=application,
            kind="signed_letter",
            uploaded_file=form.cleaned_data["file"],
            user=request.user,
            allowed_statuses=[Status.APPROVED],
        )
        application_act(
            application=application,
            transition="start_project",
            by=request.user,
            actor=Actor.APPLICANT,
        )
        messages.success(request, _("Letter of assignment signed: the project has started."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except FundingError as exc:
        messages.error(request, str(exc))
    return redirect("audits:application_detail", pk=application.pk)


@login_required
@require_http_methods(["GET", "POST"])
def application_final_report(request: HttpRequest, pk: int) -> HttpResponse:
    application = _audit_for(request, pk)

    def submit(summary: str, results: str, invoices: list) -> None:
        final_report_submit(
            application=application,
            by=request.user,
            summary=summary,
            results=results,
            invoices=invoices,
        )

    return final_report_page(
        request,
        application,
        document_kinds={**REPORT_DOCUMENTS, **final_report_kinds(application)},
        submit=submit,
        detail_url_name="audits:application_detail",
    )
