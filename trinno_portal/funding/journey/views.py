"""The applicant's pages every scheme shares, registered by each scheme's urls.py through
funding.journey.urls.journey_patterns (the URL passes the scheme's code). Thin: the
scheme's Journey.load finds the application (404 if not the user's), every write goes
through the scheme's services under the draft's version, the submission through
funding.submission.application_submit, withdrawal and answers through
funding.views_applicant (the dispatcher)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trinno_portal.accounts.selectors import enterprise_for_user
from trinno_portal.funding.admission import busy_response, submission_slot
from trinno_portal.funding.documents import (
    DocumentUploadForm,
    document_delete,
    document_of,
    document_upload,
)
from trinno_portal.funding.intake import intake_takes
from trinno_portal.funding.journey.views_intake import intake_receive, submitted_redirect
from trinno_portal.funding.models import Application
from trinno_portal.funding.opening import opening_context
from trinno_portal.funding.schemes import Journey, Step, StepUnavailable, scheme_for
from trinno_portal.funding.services import FundingError
from trinno_portal.funding.submission import application_submit, call_refusal
from trinno_portal.funding.views_applicant import (
    applicant_answer,
    applicant_page_context,
    applicant_withdraw,
    pdf_attachment,
    posted_version,
)
from trinno_portal.funding.workflow import Status
from trinno_portal.lib.pdf import render_pdf
from trinno_portal.procedure.selectors import call_procedure


def _journey(scheme: str) -> Journey:
    journey = scheme_for(scheme).journey
    if journey is None:
        raise Http404
    return journey


def _step_url(journey: Journey, application: Application, slug: str) -> str:
    return reverse(journey.urls.step, args=[application.pk, slug])


def _next_url(journey: Journey, application: Application, steps: list[Step], slug: str) -> str:
    slugs = [s.slug for s in steps]
    index = slugs.index(slug)
    if index + 1 < len(slugs):
        return _step_url(journey, application, slugs[index + 1])
    return reverse(journey.urls.review, args=[application.pk])


def _wizard_context(journey: Journey, application: Application, steps: list[Step], slug: str):
    return {
        "application": application,
        "journey": journey,
        "urls": journey.urls,
        "steps": [(s.slug, s.title) for s in steps],
        "step": slug,
        "completed": journey.completed(application),
        "running": journey.running(application),
    }


@login_required
@require_POST
def application_start(request: HttpRequest, scheme: str) -> HttpResponse:
    journey = _journey(scheme)
    if journey.start is None or journey.open_call is None:
        raise Http404
    call = journey.open_call()
    if call is None:
        messages.error(request, journey.no_call_message)
        return redirect(journey.urls.call)
    refusal = call_refusal(call)
    if refusal:
        messages.error(request, refusal)
        return redirect(journey.urls.call)
    try:
        enterprise = enterprise_for_user(request.user, int(request.POST.get("enterprise", 0)))
    except (ValueError, Http404):
        messages.error(request, _("Choose one of your companies, or create its profile first."))
        return redirect(journey.urls.call)
    try:
        application = journey.start(call=call, enterprise=enterprise, user=request.user)
    except FundingError as exc:
        messages.error(request, str(exc))
        return redirect(journey.urls.call)
    first = journey.steps(application)[0].slug
    return redirect(journey.urls.step, pk=application.pk, step=first)


@login_required
@require_http_methods(["GET", "POST"])
def application_step(request: HttpRequest, pk: int, step: str, scheme: str) -> HttpResponse:
    journey = _journey(scheme)
    application = journey.load(request.user, pk)
    steps = list(journey.steps(application))
    current = next((s for s in steps if s.slug == step), None)
    if current is None:
        raise Http404
    if application.status != Status.DRAFT:
        return redirect(journey.urls.detail, pk=application.pk)
    try:
        extra = dict(current.context(application)) if current.context else {}
    except StepUnavailable as exc:
        messages.error(request, str(exc))
        return redirect(journey.urls.dashboard)
    if current.documents is not None:
        return _documents_step(request, journey, application, steps, current, extra)
    if request.method == "POST":
        built = current.forms(application, request.POST, **extra)
        if all(f.is_valid() for f in built.values()):
            try:
                current.save(application=application, forms=built, version=posted_version(request))
            except FundingError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Saved."))
                if "save_and_stay" in request.POST:
                    return redirect(_step_url(journey, application, step))
                return redirect(_next_url(journey, application, steps, step))
        else:
            messages.error(request, _("Please correct the errors below: nothing was saved yet."))
    else:
        built = current.forms(application, None, **extra)
    return render(
        request,
        "funding/journey/step.html",
        {
            **_wizard_context(journey, application, steps, step),
            "step_template": current.template,
            **extra,
            **built,
        },
    )


def _documents_step(
    request: HttpRequest,
    journey: Journey,
    application: Application,
    steps: list[Step],
    current: Step,
    extra: dict,
) -> HttpResponse:
    kinds = current.documents(application)
    here = _step_url(journey, application, current.slug)
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
            return redirect(here)
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
                return redirect(here)
    labels = dict(kinds)
    return render(
        request,
        "funding/journey/documents.html",
        {
            **_wizard_context(journey, application, steps, current.slug),
            "intro_template": current.template,
            **extra,
            "form": form,
            "documents": [(d, labels.get(d.kind, d.kind)) for d in application.documents.all()],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_review(request: HttpRequest, pk: int, scheme: str) -> HttpResponse:
    journey = _journey(scheme)
    application = journey.load(request.user, pk)
    if application.status != Status.DRAFT:
        return redirect(journey.urls.detail, pk=application.pk)
    if request.method == "POST":
        if intake_takes(application):
            # A click day: received now in arrival order, numbered next (funding/intake.py).
            return intake_receive(request, journey, application, posted_version(request))
        with submission_slot() as admitted:
            if not admitted:
                return busy_response(request)
            try:
                application = application_submit(
                    application=application, by=request.user, version=posted_version(request)
                )
            except FundingError as exc:
                messages.error(request, str(exc))
                return redirect(journey.urls.review, pk=application.pk)
        return submitted_redirect(request, journey, application)
    steps = list(journey.steps(application))
    return render(
        request,
        journey.review_page or "funding/journey/review.html",
        {
            **_wizard_context(journey, application, steps, "review"),
            "review_template": journey.review_template,
            "problems": scheme_for(scheme).problems(application),
            "opening": opening_context(
                opens_at=application.call.submissions_open_at, now=timezone.now()
            ),
            **journey.review_context(application),
        },
    )


@login_required
@require_GET
def application_detail(request: HttpRequest, pk: int, scheme: str) -> HttpResponse:
    journey = _journey(scheme)
    application = journey.load(request.user, pk)
    if application.status == Status.DRAFT:
        return redirect(journey.urls.review, pk=application.pk)
    return render(
        request,
        journey.detail_page or "funding/application_detail.html",
        {
            **applicant_page_context(application),
            "journey": journey,
            "urls": journey.urls,
            "detail_template": journey.detail_template,
            "answer_url": reverse(journey.urls.answer, args=[application.pk]),
            "withdraw_url": reverse(journey.urls.withdraw, args=[application.pk]),
            "can_withdraw": application.status in journey.withdrawable,
            **journey.detail_context(application),
        },
    )


@login_required
@require_POST
def application_withdraw(request: HttpRequest, pk: int, scheme: str) -> HttpResponse:
    journey = _journey(scheme)
    application = journey.load(request.user, pk)
    applicant_withdraw(request, application)
    if journey.urls.withdrawn:
        return redirect(journey.urls.withdrawn)
    return redirect(journey.urls.detail, pk=application.pk)


@login_required
@require_POST
def application_answer(request: HttpRequest, pk: int, scheme: str) -> HttpResponse:
    journey = _journey(scheme)
    application = journey.load(request.user, pk)
    applicant_answer(request, application)
    return redirect(journey.urls.detail, pk=application.pk)


@login_required
@require_GET
def application_receipt(request: HttpRequest, pk: int, scheme: str) -> HttpResponse:
    journey = _journey(scheme)
    application = journey.load(request.user, pk)
    if not application.protocol_number:
        raise Http404
    # The responsible officer on every receipt (law 241/1990 art. 8: the notice that the
    # procedure started names the office and the person responsible).
    context = {
        **journey.receipt_context(application),
        "procedure": call_procedure(application.call_id),
    }
    pdf = render_pdf(journey.receipt_template, context)
    return pdf_attachment(pdf, f"ricevuta-{application.protocol_number}.pdf")
