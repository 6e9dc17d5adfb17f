"""The beneficiary's claims page and staff's check page: 404 for others, the rules'
outcomes shown, uploads keep what was typed, constant queries, CSRF-protected forms."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from trinno_portal.funding.payments.models import ClaimStatus, PaymentClaim

from ..audits.conftest import MINIMAL_PDF
from ..factories import MembershipFactory
from .support import CUP, PROVIDER_VAT, claim, controller, officer, operation

pytestmark = pytest.mark.django_db


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def _line_post(**extra):
    today = timezone.localdate().isoformat()
    data = {
        "line-TOTAL_FORMS": "1",
        "line-INITIAL_FORMS": "0",
        "line-MIN_NUM_FORMS": "0",
        "line-MAX_NUM_FORMS": "50",
        "line-0-number": "7/2026",
        "line-0-issued_on": today,
        "line-0-supplier": "DIH Toscana",
        "line-0-supplier_vat": "IT" + PROVIDER_VAT,
        "line-0-taxable": "5000,00",
        "line-0-vat": "1100,00",
        "line-0-invoice_cup": CUP.lower(),
        "line-0-paid_on": today,
        "line-0-transfer_reference": "TRN9",
        "claim_kind": "balance",
        "requested": "2500,00",
    }
    return {**data, **extra}


def test_another_enterprise_gets_a_404(catalogue_call, submit_catalogue):
    application = operation(catalogue_call, submit_catalogue)
    url = reverse("payments:claims", args=[application.pk])
    assert _client(MembershipFactory().user).get(url).status_code == 404


def test_the_sme_files_a_claim_and_reads_each_rules_outcome(catalogue_call, submit_catalogue):
    from django.core.files.uploadedfile import SimpleUploadedFile

    application = operation(catalogue_call, submit_catalogue)
    client = _client(application.created_by)
    url = reverse("payments:claims", args=[application.pk])
    for kind in ("claim_invoice", "claim_payment_proof", "claim_deliverable"):
        response = client.post(
            url, _line_post(upload="1", kind=kind, file=SimpleUploadedFile("a.pdf", MINIMAL_PDF))
        )
        assert response.status_code == 200
        assert 'value="7/2026"' in response.content.decode()  # typed lines kept across uploads
    response = client.post(url, _line_post(submit_claim="1"))
    assert response.status_code == 302
    line = PaymentClaim.objects.get().lines.get()
    assert (line.supplier_vat, line.invoice_cup, line.taxable) == (
        PROVIDER_VAT,
        CUP,
        Decimal("5000.00"),
    )
    page = client.get(url).content.decode()
    assert "portal-outcome-ok" in page and "CUP" in page


def test_a_bad_partita_iva_is_refused_and_nothing_saved(catalogue_call, submit_catalogue):
    application = operation(catalogue_call, submit_catalogue)
    response = _client(application.created_by).post(
        reverse("payments:claims", args=[application.pk]),
        _line_post(submit_claim="1", **{"line-0-supplier_vat": "12345678901"}),
    )
    assert response.status_code == 200 and "Partita IVA" in response.content.decode()
    assert not PaymentClaim.objects.exists()


def test_the_claims_page_costs_the_same_queries_for_one_claim_or_three(
    catalogue_call, submit_catalogue, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    application = operation(catalogue_call, submit_catalogue)
    client = _client(application.created_by)
    url = reverse("payments:claims", args=[application.pk])
    first = claim(application, kind="balance")
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    # Two more claims with their lines (the first marked paid so that more may exist).
    PaymentClaim.objects.filter(pk=first.pk).update(status=ClaimStatus.PAID)
    for line in list(first.lines.all()) * 2:
        other = PaymentClaim.objects.create(
            application=application,
            kind="interim",
            status=ClaimStatus.PAID,
            requested=Decimal(1),
            submitted_at=timezone.now(),
            submitted_by=application.created_by,
        )
        line.pk, line.claim = None, other
        line.save()
    with django_assert_max_num_queries(len(one)):
        client.get(url)


def test_staff_check_page_walks_both_levels(catalogue_call, submit_catalogue):
    application = operation(catalogue_call, submit_catalogue)
    c = claim(application)
    first, second = officer(), controller()
    url = reverse("payments:claim_check", args=[c.pk])
    line = c.lines.get()
    post = {
        "step": "first_level",
        "check-TOTAL_FORMS": "1",
        "check-INITIAL_FORMS": "1",
        "check-0-line": str(line.pk),
        "check-0-eligible": "9000,00",
        "check-0-reason": "Part",
    }
    assert _client(first).post(url, post).status_code == 302
    assert PaymentClaim.objects.get(pk=c.pk).status == ClaimStatus.CHECKED
    # The officer cannot take the second level as well.
    _client(first).post(url, {"step": "second_level", "approve": "1"})
    assert PaymentClaim.objects.get(pk=c.pk).status == ClaimStatus.CHECKED
    assert _client(second).post(url, {"step": "second_level", "approve": "1"}).status_code == 302
    assert PaymentClaim.objects.get(pk=c.pk).status == ClaimStatus.CLEARED


def test_an_applicant_cannot_open_the_check_page(catalogue_call, submit_catalogue):
    application = operation(catalogue_call, submit_catalogue)
    c = claim(application)
    response = _client(application.created_by).get(reverse("payments:claim_check", args=[c.pk]))
    assert response.status_code == 404


def test_documents_of_an_earlier_claim_are_not_filed_again(catalogue_call, submit_catalogue):
    from trinno_portal.funding.payments.views import _unclaimed_documents

    from ..funding.aftercare_support import document

    application = operation(catalogue_call, submit_catalogue)
    filed = claim(application)
    PaymentClaim.objects.create(
        application=application,
        kind="interim",
        status=ClaimStatus.PAID,
        requested=Decimal(1),
        submitted_at=timezone.now(),
        submitted_by=application.created_by,
    )  # a claim without documents
    new = document(application, "claim_invoice")
    assert _unclaimed_documents(application) == [new]
    assert filed.documents.count() == 4


def test_the_officer_refuses_a_claim_with_a_reason_on_the_check_page(
    catalogue_call, submit_catalogue
):
    application = operation(catalogue_call, submit_catalogue)
    c = claim(application)
    url = reverse("payments:claim_check", args=[c.pk])
    page = _client(officer()).get(url)
    assert 'name="step" value="refuse"' in page.content.decode()
    _client(officer()).post(url, {"step": "refuse", "reason": ""})
    assert PaymentClaim.objects.get(pk=c.pk).status == ClaimStatus.SUBMITTED
    assert _client(officer()).post(url, {"step": "refuse", "reason": "No proof"}).status_code == 302
    refused = PaymentClaim.objects.get(pk=c.pk)
    assert (refused.status, refused.refusal_reason) == (ClaimStatus.REFUSED, "No proof")
