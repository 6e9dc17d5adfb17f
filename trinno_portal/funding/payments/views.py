"""The beneficiary's page of payment claims: the claims with every rule's outcome line by
line, the uploads (what was typed stays across uploads) and a new claim. Thin caller of
the services; application_for_user gives 404 to anybody not of the beneficiary."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from trinno_portal.funding.documents import DocumentUploadForm
from trinno_portal.funding.models import Application
from trinno_portal.funding.payments import forms, rules, selectors, services
from trinno_portal.funding.payments.models import PaymentClaim
from trinno_portal.funding.schemes import scheme_for
from trinno_portal.funding.selectors import application_for_user
from trinno_portal.funding.services import FundingError
from trinno_portal.funding.views_applicant import applicant_upload

DOCUMENT_KINDS = {
    services.INVOICE: gettext_lazy("Invoice"),
    services.PAYMENT_PROOF: gettext_lazy("Proof of payment (bank transfer)"),
    services.DELIVERABLE: gettext_lazy("Deliverable"),
    services.GUARANTEE: gettext_lazy("Guarantee for the advance"),
}


def _unclaimed_documents(application: Application) -> list:
    """The claim documents uploaded since the last claim (those not yet filed)."""
    return list(
        application.documents.filter(kind__in=DOCUMENT_KINDS)
        # Through the link table: a claim without documents must not make NOT IN see NULL.
        .exclude(
            pk__in=PaymentClaim.documents.through.objects.filter(
                paymentclaim__application=application
            ).values("document_id")
        )
        .order_by("uploaded_at")
    )


def _lines(cleaned: list[dict]) -> list[rules.CostLine]:
    return [rules.CostLine(**{f: r[f] for f in forms.LINE_FIELDS}) for r in cleaned]


@login_required
@require_http_methods(["GET", "POST"])
def claims(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for_user(request.user, pk)  # 404 for anybody else's
    terms = scheme_for(application.scheme).payments
    if terms is None:
        raise Http404
    try:
        kinds = list(rules.claim_kinds(application.call.rules))
    except ValueError:
        kinds = []
    open_ = application.status in services.CLAIM_STATUSES
    labels = dict(DOCUMENT_KINDS)
    if terms.deliverable_label:
        labels[services.DELIVERABLE] = terms.deliverable_label
    kind_pairs = [(k, str(v)) for k, v in labels.items()]
    upload_form = DocumentUploadForm(kinds=kind_pairs)
    form = forms.ClaimForm(request.POST or None, kinds=kinds)
    lines = forms.LineFormSet(request.POST or None, prefix="line")
    if request.method == "POST" and open_ and "upload" in request.POST:
        upload_form = DocumentUploadForm(request.POST, request.FILES, kinds=kind_pairs)
        applicant_upload(
            request, application, upload_form, allowed_statuses=services.CLAIM_STATUSES
        )
        form = forms.ClaimForm(initial=request.POST, kinds=kinds)
        lines = forms.LineFormSet(initial=forms.typed_lines(request.POST), prefix="line")
    elif request.method == "POST" and open_:
        if form.is_valid() and lines.is_valid():
            try:
                services.claim_submit(
                    application=application,
                    by=request.user,
                    kind=form.cleaned_data["claim_kind"],
                    lines=_lines(lines.filled()),
                    documents=_unclaimed_documents(application),
                    requested=form.cleaned_data["requested"],
                )
            except FundingError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Payment claim submitted."))
                return redirect("payments:claims", pk=application.pk)
        else:
            messages.error(request, _("Please correct the errors below: nothing was saved yet."))
    claim_list = selectors.claims_of(application)
    for claim in claim_list:
        for line in claim.lines.all():
            line.rule_outcomes = selectors.line_outcomes(line)
    return render(
        request,
        "payments/claims.html",
        {
            "application": application,
            "claims": claim_list,
            "open": open_,
            "form": form,
            "lines": lines,
            "upload_form": upload_form,
            "documents": _unclaimed_documents(application),
            "detail_url_name": scheme_for(application.scheme).detail_url_name,
        },
    )
