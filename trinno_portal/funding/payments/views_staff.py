"""Staff's pages of a payment claim: the officer's check of each line, the independent
second-level control, the payment order (PDF) and the payment recorded; and the
expenditure declared for the Managing Authority (XLSX). Thin callers of the services,
which enforce who may do what."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from trinno_portal.funding.payments import forms, selectors, services
from trinno_portal.funding.payments.models import ClaimStatus, PaymentClaim, PaymentOrder
from trinno_portal.funding.selectors import user_is_back_office
from trinno_portal.funding.services import FundingError
from trinno_portal.funding.views_applicant import pdf_attachment
from trinno_portal.lib.pdf import render_pdf
from trinno_portal.lib.spreadsheets import xlsx_bytes


def _officers_only(view):
    """The agency's officers and the second-level control (404 to anybody else, the
    Region's read-only officials included: these pages act)."""

    @login_required
    @functools.wraps(view)
    def wrapped(request: HttpRequest, pk: int) -> HttpResponse:
        if not services.user_checks_claims(request.user):
            raise Http404
        return view(request, pk)

    return wrapped


def _claim(pk: int) -> PaymentClaim:
    try:
        return selectors.claim_for_staff(pk)
    except PaymentClaim.DoesNotExist as exc:
        raise Http404 from exc


def _act(request: HttpRequest, claim: PaymentClaim, step: str) -> bool:
    """One step of the claim from the posted form; False with the form's errors shown."""
    if step == "first_level":
        formset = forms.CheckLineFormSet(request.POST, prefix="check")
        if not formset.is_valid():
            return False
        decisions = {
            f.cleaned_data["line"]: (f.cleaned_data["eligible"], f.cleaned_data["reason"])
            for f in formset
        }
        services.claim_first_level(claim=claim, by=request.user, decisions=decisions)
    elif step == "refuse":
        form = forms.RefuseForm(request.POST)
        if not form.is_valid():
            return False
        services.claim_refuse(claim=claim, by=request.user, reason=form.cleaned_data["reason"])
    elif step == "second_level":
        form = forms.SecondLevelForm(request.POST)
        if not form.is_valid():
            return False
        services.claim_second_level(
            claim=claim,
            by=request.user,
            approve=form.cleaned_data["approve"],
            reasons=form.cleaned_data["reasons"],
        )
    elif step == "order":
        form = forms.OrderForm(request.POST)
        if not form.is_valid():
            return False
        services.payment_order_issue(claim=claim, by=request.user, iban=form.cleaned_data["iban"])
    elif step == "payment":
        form = forms.PaymentForm(request.POST)
        if not form.is_valid():
            return False
        services.payment_record(order=claim.order, by=request.user, **form.cleaned_data)
    else:
        return False
    return True


@_officers_only
@require_http_methods(["GET", "POST"])
def claim_check(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim(pk)
    if request.method == "POST":
        try:
            if _act(request, claim, request.POST.get("step", "")):
                messages.success(request, _("Saved."))
                return redirect("payments:claim_check", pk=claim.pk)
            messages.error(request, _("Please correct the errors below: nothing was saved yet."))
        except FundingError as exc:
            messages.error(request, str(exc))
    lines = list(claim.lines.order_by("position"))
    for line in lines:
        line.rule_outcomes = selectors.line_outcomes(line)
    # What the officer typed stays when the second level returns the claim.
    check = forms.CheckLineFormSet(
        request.POST if request.POST.get("step") == "first_level" else None,
        prefix="check",
        initial=[
            {
                "line": x.pk,
                "eligible": x.proposed if x.eligible is None else x.eligible,
                "reason": x.officer_reason,
            }
            for x in lines
        ],
    )
    return render(
        request,
        "payments/claim_check.html",
        {
            "claim": claim,
            "application": claim.application,
            "lines": list(zip(lines, check.forms, strict=True)),
            "check": check,
            "refuse_form": forms.RefuseForm(),
            "second_level": forms.SecondLevelForm(),
            "order_form": forms.OrderForm(),
            "payment_form": forms.PaymentForm(),
            "order": PaymentOrder.objects.filter(claim=claim).first(),
            "Status": ClaimStatus,
        },
    )


@_officers_only
@require_GET
def order_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        order = PaymentOrder.objects.select_related(
            "claim__application__enterprise", "claim__application__call", "durc", "issued_by"
        ).get(pk=pk)
    except PaymentOrder.DoesNotExist as exc:
        raise Http404 from exc
    pdf = render_pdf(
        "payments/pdf/order.html",
        {"order": order, "claim": order.claim, "application": order.claim.application},
    )
    return pdf_attachment(pdf, f"mandato-{order.claim.application.protocol_number}-{order.pk}.pdf")


@login_required
@require_GET
def expenditure_xlsx(request: HttpRequest) -> HttpResponse:
    if not user_is_back_office(request.user):  # the Region's officials read it too
        raise Http404
    header = [_("Quarter"), _("Call"), _("Programme action"), _("Operations"), _("Paid (EUR)")]
    rows = [
        [r.quarter, r.call, r.action, r.operations, r.paid]
        for r in selectors.expenditure_declared()
    ]
    response = HttpResponse(
        xlsx_bytes({_("Expenditure declared"): (header, rows)}),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="spesa-dichiarata.xlsx"'
    return response
