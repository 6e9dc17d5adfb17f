"""Pages of the innovation-services call for SMEs and the public: thin callers of the
services. Every page of an application goes through application_for_user (404 for
anybody who is not a member of the applicant enterprise)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trinno_portal.accounts.selectors import enterprise_for_user, enterprises_of
from trinno_portal.funding.deminimis import DeclaredAid
from trinno_portal.funding.documents import (
    DocumentUploadForm,
    document_delete,
    document_of,
    document_upload,
)
from trinno_portal.funding.forms import DeclaredAidFormSet, DeMinimisDeclarationForm
from trinno_portal.funding.models import Application, DeMinimisEntry, LedgerSource, Scheme
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

from . import forms_call as forms
from . import rules_call, scheme, selectors_call, services_call
from .models import Edition
from .selectors import edition_in_force

STEPS = services_call.STEPS


def _application_for(request: HttpRequest, pk: int) -> Application:
    application = application_for_user(request.user, pk)
    if application.scheme != Scheme.CATALOGUE:
        raise Http404
    return application


def _edition_or_none() -> Edition | None:
    try:
        return edition_in_force()
    except Edition.DoesNotExist:
        return None


# --- Public: the call ----------------------------------------------------------------


@require_GET
def call_detail(request: HttpRequest) -> HttpResponse:
    call = selectors_call.catalogue_call_open()
    enterprises = list(enterprises_of(request.user)) if request.user.is_authenticated else []
    return render(
        request,
        "catalogue/call/call_detail.html",
        {
            "call": call,
            "envelopes": list(call.envelopes.all()) if call else [],
            "edition": _edition_or_none(),
            "limits": rules_call.cost_limits(call.rules if call else {}),
            "enterprises": enterprises,
        },
    )


# --- The SME's applications ----------------------------------------------------------


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "catalogue/call/dashboard.html",
        {
            "applications": list(selectors_call.catalogue_applications_of(request.user)[:50]),
            "call": selectors_call.catalogue_call_open(),
            "enterprises": list(enterprises_of(request.user)),
        },
    )


@login_required
@require_POST
def application_start(request: HttpRequest) -> HttpResponse:
    call = selectors_call.catalogue_call_open()
    if call is None:
        messages.error(request, _("No innovation-services call is open at the moment."))
        return redirect("catalogue:call")
    try:
        enterprise = enterprise_for_user(request.user, int(request.POST.get("enterprise", 0)))
    except (ValueError, Http404):
        messages.error(request, _("Choose one of your companies, or create its profile first."))
        return redirect("catalogue:call")
    try:
        application = services_call.catalogue_application_start(
            call=call, enterprise=enterprise, user=request.user
        )
    except FundingError as exc:
        messages.error(request, str(exc))
        return redirect("catalogue:call")
    return redirect("catalogue:call_step", pk=application.pk, step="services")


def _step_url(application: Application, step: str) -> str:
    return reverse("catalogue:call_step", args=[application.pk, step])


def _next_step(application: Application, step: str) -> str:
    codes = [code for code, _title in STEPS]
    index = codes.index(step)
    if index + 1 < len(codes):
        return _step_url(application, codes[index + 1])
    return reverse("catalogue:call_review", args=[application.pk])


def _services_forms(application: Application, edition: Edition, data=None) -> dict:
    services = {s.code: s for s in selectors_call.services_for_choice(edition)}
    size_class = application.enterprise.size_class
    initial = [
        {
            "service": r.service.code,
            "provider_name": r.provider_name,
            "provider_vat_number": r.provider_vat_number,
            "provider_requirements": r.provider_requirements,
            "cost": r.cost,
        }
        for r in selectors_call.service_requests_of(application)
    ]
    return {
        "form": forms.ProjectForm(
            data, initial={"project_summary": application.catalogue.project_summary}
        ),
        "formset": forms.ServiceRequestFormSet(
            data,
            initial=initial,
            prefix="services",
            form_kwargs={"edition": edition, "services": services},
            size_class=size_class,
            size_label=scheme.size_label(size_class),
            rules=application.call.rules,
        ),
    }


def _de_minimis_forms(application: Application, data=None) -> dict:
    declared = DeMinimisEntry.objects.filter(application=application, source=LedgerSource.DECLARED)
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
            data, initial={"declared": application.catalogue.de_minimis_declared}
        ),
    }


def _save_step(application: Application, step: str, built: dict, version: int) -> None:
    if step == "services":
        services_call.catalogue_services_replace(
            application=application,
            version=version,
            project_summary=built["form"].cleaned_data["project_summary"],
            requested=[
                services_call.RequestedService(
                    r["service"],
                    r["provider_name"],
                    r["provider_vat_number"],
                    r["provider_requirements"],
                    r["cost"],
                )
                for r in built["formset"].filled()
            ],
        )
    elif step == "de_minimis":
        aid = [
            DeclaredAid(
                r["granting_body"], r["measure"], r["regulation"], r["granted_on"], r["amount"]
            )
            for r in built["formset"].filled()
        ]
        services_call.catalogue_de_minimis_replace(
            application=application, version=version, declared=True, aid=aid
        )


@login_required
@require_http_methods(["GET", "POST"])
def application_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    application = _application_for(request, pk)
    if step not in dict(STEPS):
        raise Http404
    if application.status != Status.DRAFT:
        return redirect("catalogue:call_application", pk=application.pk)
    if step == "documents":
        return _documents_step(request, application)
    edition = _edition_or_none()
    if step == "services" and edition is None:
        messages.error(request, _("No catalogue edition is in force today."))
        return redirect("catalogue:call_dashboard")

    def build(data=None) -> dict:
        if step == "services":
            return _services_forms(application, edition, data)
        return _de_minimis_forms(application, data)

    if request.method == "POST":
        built = build(request.POST)
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
        built = build()
    return render(
        request,
        "catalogue/call/step.html",
        {
            "application": application,
            "steps": STEPS,
            "step": step,
            "completed": application.catalogue.completed_steps,
            "edition": edition,
            **built,
        },
    )


def _document_kinds(application: Application) -> list[tuple[str, str]]:
    quotes = [
        (
            services_call.quote_kind(r.service.code),
            _("Provider's quote for %(code)s") % {"code": r.service.code},
        )
        for r in selectors_call.service_requests_of(application)
    ]
    return quotes + [(k, str(v)) for k, v in services_call.OPTIONAL_DOCUMENTS.items()]


def _documents_step(request: HttpRequest, application: Application) -> HttpResponse:
    kinds = _document_kinds(application)
    form = DocumentUploadForm(kinds=kinds)
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
        form = DocumentUploadForm(request.POST, request.FILES, kinds=kinds)
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
    labels = dict(kinds)
    documents = [(d, labels.get(d.kind, d.kind)) for d in application.documents.all()]
    return render(
        request,
        "catalogue/call/step_documents.html",
        {
            "application": application,
            "steps": STEPS,
            "step": "documents",
            "completed": application.catalogue.completed_steps,
            "form": form,
            "documents": documents,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_review(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application_for(request, pk)
    if application.status != Status.DRAFT:
        return redirect("catalogue:call_application", pk=application.pk)
    if request.method == "POST":
        try:
            services_call.catalogue_application_submit(
                application=application, by=request.user, version=posted_version(request)
            )
        except FundingError as exc:
            messages.error(request, str(exc))
            return redirect("catalogue:call_review", pk=application.pk)
        application.refresh_from_db()
        messages.success(
            request,
            _("Application submitted: protocol number %(number)s.")
            % {"number": application.protocol_number},
        )
        return redirect("catalogue:call_application", pk=application.pk)
    size_class = application.enterprise.size_class
    return render(
        request,
        "catalogue/call/review.html",
        {
            "application": application,
            "steps": STEPS,
            "step": "review",
            "completed": application.catalogue.completed_steps,
            "problems": services_call.catalogue_application_problems(application),
            "funding": scheme.funding_for(application, size_class),
            "requests": selectors_call.service_requests_of(application),
            "declared_aid": list(
                application.de_minimis_entries.filter(source=LedgerSource.DECLARED)
            ),
            "documents": list(application.documents.all()),
        },
    )


@login_required
@require_GET
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application_for(request, pk)
    if application.status == Status.DRAFT:
        return redirect("catalogue:call_review", pk=application.pk)
    return render(
        request,
        "catalogue/call/application_detail.html",
        {
            **applicant_page_context(application),
            "detail": application.catalogue,
            "requests": selectors_call.service_requests_of(application),
            "answer_url": reverse("catalogue:call_answer", args=[application.pk]),
            "withdraw_url": reverse("catalogue:call_withdraw", args=[application.pk]),
        },
    )


@login_required
@require_POST
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application_for(request, pk)
    applicant_withdraw(request, application)
    return redirect("catalogue:call_application", pk=application.pk)


@login_required
@require_POST
def application_answer(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application_for(request, pk)
    applicant_answer(request, application)
    return redirect("catalogue:call_application", pk=application.pk)


@login_required
@require_GET
def application_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application_for(request, pk)
    if not application.protocol_number:
        raise Http404
    pdf = render_pdf("catalogue/call/pdf/receipt.html", selectors_call.receipt_context(application))
    return pdf_attachment(pdf, f"ricevuta-{application.protocol_number}.pdf")
