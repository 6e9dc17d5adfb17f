"""Pages of the audit scheme for SMEs and the public: thin callers of services."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trinno_portal.accounts.models import SizeClass
from trinno_portal.accounts.selectors import enterprise_for_user, enterprises_of
from trinno_portal.funding.deminimis import DeclaredAid
from trinno_portal.funding.documents import (
    DocumentUploadForm,
    document_delete,
    document_of,
    document_upload,
)
from trinno_portal.funding.forms import DeclaredAidFormSet, DeMinimisDeclarationForm
from trinno_portal.funding.models import Application, DeMinimisEntry, Document, LedgerSource
from trinno_portal.funding.selectors import application_for_user
from trinno_portal.funding.services import FundingError
from trinno_portal.funding.views_applicant import (
    applicant_answer,
    applicant_page_context,
    applicant_withdraw,
    pdf_attachment,
    posted_version,
)
from trinno_portal.funding.workflow import Status
from trinno_portal.lib.pdf import render_pdf

from . import forms, rules, selectors, services


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
        {"call": call, "table": table, "enterprises": enterprises},
    )


@require_GET
def simulator(request: HttpRequest) -> HttpResponse:
    form = forms.SimulatorForm(request.GET or None)
    result = None
    if form.is_valid():
        call = selectors.audit_call_open()
        result = rules.audit_funding(
            form.cleaned_data["size_class"],
            form.cleaned_data["investment"],
            call.rules if call else rules.DEFAULT_RULES,
        )
    return render(request, "audits/simulator.html", {"form": form, "result": result})


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
            "call": selectors.audit_call_open(),
            "enterprises": list(enterprises_of(request.user)),
        },
    )


@login_required
@require_POST
def application_start(request: HttpRequest) -> HttpResponse:
    call = selectors.audit_call_open()
    if call is None:
        messages.error(request, _("No audit call is open at the moment."))
        return redirect("audits:call")
    try:
        enterprise = enterprise_for_user(request.user, int(request.POST.get("enterprise", 0)))
    except (ValueError, Http404):
        messages.error(request, _("Choose one of your companies, or create its profile first."))
        return redirect("audits:call")
    try:
        application = services.audit_application_start(
            call=call, enterprise=enterprise, user=request.user
        )
    except FundingError as exc:
        messages.error(request, str(exc))
        return redirect("audits:call")
    return redirect("audits:application_step", pk=application.pk, step="project")


def _step_url(application: Application, step: str) -> str:
    return reverse("audits:application_step", args=[application.pk, step])


def _next_step(application: Application, step: str) -> str:
    codes = [code for code, _title in services.steps_for(application.call)]
    index = codes.index(step)
    if index + 1 < len(codes):
        return _step_url(application, codes[index + 1])
    return reverse("audits:application_review", args=[application.pk])


def _initial(application: Application, step: str) -> dict:
    audit = application.audit
    if step == "project":
        return {
            "project_summary": audit.project_summary,
            "planned_start": audit.planned_start,
            "planned_end": audit.planned_end,
        }
    if step == "provider":
        return {
            "provider_name": audit.provider_name,
            "provider_vat_number": audit.provider_vat_number,
            "provider_requirements": audit.provider_requirements,
        }
    if step == "stamp":
        return {"serial": audit.stamp_duty_serial}
    return {}


def _build_forms(application: Application, step: str, data=None, files=None) -> dict:
    months = int(application.call.rules.get("project_months", 6))
    if step == "project":
        return {
            "form": forms.ProjectForm(
                data, initial=_initial(application, step), project_months=months
            )
        }
    if step == "provider":
        return {"form": forms.ProviderForm(data, initial=_initial(application, step))}
    if step == "costs":
        initial = [
            {"description": c.description, "amount": c.amount} for c in application.cost_items.all()
        ]
        return {"formset": forms.CostItemFormSet(data, initial=initial, prefix="costs")}
    if step == "de_minimis":
        declared = DeMinimisEntry.objects.filter(
            application=application, source=LedgerSource.DECLARED
        )
        initial = [
            {
                "granting_body": e.granting_body,
                "measure": e.measure,
                "regulation": e.regulation,
                "granted_on": e.granted_on,
                "amount": e.amount,
            }
            for e in declared
        ]
        return {
            "formset": DeclaredAidFormSet(data, initial=initial, prefix="aid"),
            "form": DeMinimisDeclarationForm(
                data, initial={"declared": application.audit.de_minimis_declared}
            ),
        }
    if step == "stamp":
        return {"form": forms.StampForm(data, initial=_initial(application, step))}
    return {}


def _save_step(application: Application, step: str, built: dict, version: int) -> None:
    if step == "project":
        services.audit_project_update(
            application=application, version=version, **built["form"].cleaned_data
        )
    elif step == "provider":
        services.audit_provider_update(
            application=application, version=version, **built["form"].cleaned_data
        )
    elif step == "costs":
        items = [(r["description"], r["amount"]) for r in built["formset"].filled()]
        services.audit_costs_replace(application=application, version=version, items=items)
    elif step == "de_minimis":
        aid = [
            DeclaredAid(
                r["granting_body"], r["measure"], r["regulation"], r["granted_on"], r["amount"]
            )
            for r in built["formset"].filled()
        ]
        services.audit_de_minimis_replace(
            application=application, version=version, declared=True, aid=aid
        )
    elif step == "stamp":
        services.audit_stamp_update(
            application=application, version=version, serial=built["form"].cleaned_data["serial"]
        )


@login_required
@require_http_methods(["GET", "POST"])
def application_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    application = _audit_for(request, pk)
    steps = services.steps_for(application.call)
    if step not in dict(steps):
        raise Http404
    if application.status != Status.DRAFT:
        return redirect("audits:application_detail", pk=application.pk)
    if step == "documents":
        return _documents_step(request, application, steps)
    if request.method == "POST":
        built = _build_forms(application, step, request.POST)
        if all(f.is_valid() for f in built.values()):
            try:
                _save_step(application, step, built, posted_version(request))
            except FundingError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Saved."))
                if "save_and_stay" in request.POST:
                    return redirect(_step_url(application, step))
                return redirect(_next_step(application, step))
        else:
            messages.error(request, _("Please correct the errors below: nothing was saved yet."))
    else:
        built = _build_forms(application, step)
    return render(
        request,
        "audits/step.html",
        {
            "application": application,
            "steps": steps,
            "step": step,
            "completed": application.audit.completed_steps,
            **built,
        },
    )


def _documents_step(request: HttpRequest, application: Application, steps) -> HttpResponse:
    kinds = [
        *services.REQUIRED_DOCUMENTS.items(),
        *services.OPTIONAL_DOCUMENTS.items(),
    ]
    form = DocumentUploadForm(kinds=[(k, str(v)) for k, v in kinds])
    if request.method == "POST":
        if "delete" in request.POST:
            document = document_of(application, request.POST.get("delete"))
            if document:
                try:
                    document_delete(document=document, user=request.user)
                    messages.success(request, _("Document removed."))
                except ValidationError as exc:
                    messages.error(request, " ".join(exc.messages))
            return redirect(_step_url(application, "documents"))
        form = DocumentUploadForm(
            request.POST, request.FILES, kinds=[(k, str(v)) for k, v in kinds]
        )
        if form.is_valid():
            try:
                document_upload(
                    application=application,
                    kind=form.cleaned_data["kind"],
                    uploaded_file=form.cleaned_data["file"],
                    user=request.user,
                )
            except ValidationError as exc:
                form.add_error("file", exc)
            else:
                messages.success(request, _("Document uploaded."))
                return redirect(_step_url(application, "documents"))
    return render(
        request,
        "audits/step_documents.html",
        {
            "application": application,
            "steps": steps,
            "step": "documents",
            "completed": application.audit.completed_steps,
            "form": form,
            "documents": list(application.documents.all()),
            "required": services.REQUIRED_DOCUMENTS,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_review(request: HttpRequest, pk: int) -> HttpResponse:
    application = _audit_for(request, pk)
    if application.status != Status.DRAFT:
        return redirect("audits:application_detail", pk=application.pk)
    if request.method == "POST":
        try:
            services.audit_application_submit(
                application=application, by=request.user, version=posted_version(request)
            )
        except FundingError as exc:
            messages.error(request, str(exc))
            return redirect("audits:application_review", pk=application.pk)
        application.refresh_from_db()
        messages.success(
            request,
            _("Application submitted: protocol number %(number)s.")
            % {"number": application.protocol_number},
        )
        return redirect("audits:application_detail", pk=application.pk)
    funding = rules.audit_funding(
        application.enterprise.size_class,
        application.total_cost or Decimal(0),
        application.call.rules,
    )
    return render(
        request,
        "audits/review.html",
        {
            "application": application,
            "steps": services.steps_for(application.call),
            "step": "review",
            "completed": application.audit.completed_steps,
            "problems": services.audit_application_problems(application),
            "funding": funding,
            "cost_items": list(application.cost_items.all()),
            "declared_aid": list(
                application.de_minimis_entries.filter(source=LedgerSource.DECLARED)
            ),
            "documents": list(application.documents.all()),
        },
    )


@login_required
@require_GET
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _audit_for(request, pk)
    if application.status == Status.DRAFT:
        return redirect("audits:application_review", pk=application.pk)
    return render(
        request,
        "audits/application_detail.html",
        {
            **applicant_page_context(application),
            "answer_url": reverse("audits:application_answer", args=[application.pk]),
            "withdraw_url": reverse("audits:application_withdraw", args=[application.pk]),
            "upload_form": DocumentUploadForm(
                kinds=[(k, str(v)) for k, v in services.LETTER_DOCUMENTS.items()]
            ),
        },
    )


@login_required
@require_POST
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = _audit_for(request, pk)
    applicant_withdraw(request, application)
    return redirect("audits:application_detail", pk=application.pk)


@login_required
@require_POST
def application_answer(request: HttpRequest, pk: int) -> HttpResponse:
    application = _audit_for(request, pk)
    applicant_answer(request, application)
    return redirect("audits:application_detail", pk=application.pk)


@login_required
@require_GET
def application_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    application = _audit_for(request, pk)
    if not application.protocol_number:
        raise Http404
    pdf = render_pdf("audits/pdf/receipt.html", _pdf_context(application))
    return pdf_attachment(pdf, f"ricevuta-{application.protocol_number}.pdf")


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
    pdf = render_pdf("audits/pdf/letter.html", _pdf_context(application))
    return pdf_attachment(pdf, f"lettera-incarico-{application.protocol_number}.pdf")


def _pdf_context(application: Application) -> dict:
    return {
        "application": application,
        "audit": application.audit,
        "cost_items": list(application.cost_items.all()),
        "documents": list(application.documents.all()),
    }


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
        services.audit_letter_sign(application=application, by=request.user)
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
    if application.status != Status.IN_PROGRESS:
        return redirect("audits:application_detail", pk=application.pk)
    kinds = [(k, str(v)) for k, v in services.REPORT_DOCUMENTS.items()]
    if request.method == "POST" and "upload" in request.POST:
        upload_form = DocumentUploadForm(request.POST, request.FILES, kinds=kinds)
        if upload_form.is_valid():
            try:
                document_upload(
                    application=application,
                    kind=upload_form.cleaned_data["kind"],
                    uploaded_file=upload_form.cleaned_data["file"],
                    user=request.user,
                    allowed_statuses=[Status.IN_PROGRESS],
                )
                messages.success(request, _("Document uploaded."))
                return redirect("audits:application_final_report", pk=application.pk)
            except ValidationError as exc:
                upload_form.add_error("file", exc)
        form = forms.FinalReportForm()
        invoices = forms.InvoiceFormSet(prefix="inv")
    elif request.method == "POST":
        upload_form = DocumentUploadForm(kinds=kinds)
        form = forms.FinalReportForm(request.POST)
        invoices = forms.InvoiceFormSet(request.POST, prefix="inv")
        if form.is_valid() and invoices.is_valid():
            try:
                services.audit_final_report_submit(
                    application=application,
                    by=request.user,
                    summary=form.cleaned_data["summary"],
                    results=form.cleaned_data["results"],
                    invoices=[
                        services.InvoiceData(
                            r["number"], r["issued_on"], r["supplier"], r["amount"], r["paid_on"]
                        )
                        for r in invoices.filled()
                    ],
                )
            except FundingError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Final report submitted."))
                return redirect("audits:application_detail", pk=application.pk)
        else:
            messages.error(request, _("Please correct the errors below: nothing was saved yet."))
    else:
        upload_form = DocumentUploadForm(kinds=kinds)
        form = forms.FinalReportForm()
        invoices = forms.InvoiceFormSet(prefix="inv")
    return render(
        request,
        "audits/final_report.html",
        {
            "application": application,
            "form": form,
            "invoices": invoices,
            "upload_form": upload_form,
            "documents": list(
                Document.objects.filter(application=application, kind__in=services.REPORT_DOCUMENTS)
            ),
        },
    )
