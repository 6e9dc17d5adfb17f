"""The class of every PDF the portal makes for an applicant: each carries the agency's
letterhead (name, Partita IVA, PEC) and its date, letters also the signatory, and the
CUP where the operation has one. Each PDF is made through the code that serves it, from
an application made through the services, and read back with pypdf.

A new PDF template fails test_every_pdf_template_is_walked until it is added here (or to
NOT_FOR_APPLICANTS with the reason)."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.signals import template_rendered
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override
from pypdf import PdfReader

from tests.audits.conftest import audit_call, fill_draft, member, submit  # noqa: F401
from tests.catalogue_call.conftest import catalogue_call, submit_catalogue  # noqa: F401
from tests.funding.aftercare_support import approved as catalogue_approved
from tests.payments.support import CUP, accept_all, claim, controller, officer, operation
from tests.voucher_call.conftest import (  # noqa: F401
    course,
    course_agency,
    entrepreneur,
    make_person,
    submitted,
    voucher_call,
)
from trinno_portal.funding.approval import application_approve
from trinno_portal.funding.fixtures import agency_identity_load
from trinno_portal.funding.models import AgencyIdentity
from trinno_portal.funding.payments import services as payments
from trinno_portal.signatures.application_form import application_form_pdf

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

# The PDFs that are not an applicant's, and why they carry no letterhead.
NOT_FOR_APPLICANTS = {
    "monitoring/report_pdf.html": "the Region's monitoring report, with its own cover",
    "catalogue/edition_diff_pdf.html": "staff's comparison of two catalogue editions",
    # A ranking's acts, not one applicant's: they carry the letterhead, checked with their
    # contents in tests/procedure/test_decree.py.
    "pdf/concession_decree.html": "a ranking's concession decree, walked in tests/procedure",
    "pdf/committee_minutes.html": "a ranking's committee minutes, walked in tests/procedure",
    "monitoring/pdf/recommendation_report.html": "Activity 1's recommendation to the Region",
    "funding/pdf/demo_call_text.html": "the embedded default's stand-in for a call's text",
}


@dataclass
class Made:
    pdf: bytes
    dated: dt.datetime | dt.date
    letter: bool = False
    cup: str = ""
    also: tuple[str, ...] = ()


def _get(user, url: str) -> bytes:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf", url
    return response.content


def _audit_submitted(request):
    m = request.getfixturevalue("member")
    call = request.getfixturevalue("audit_call")
    from audits.call import services

    application = services.audit_application_start(call=call, enterprise=m.enterprise, user=m.user)
    return request.getfixturevalue("submit")(fill_draft(application), m.user), m.user


def audit_receipt(request) -> Made:
    application, user = _audit_submitted(request)
    url = reverse("audits:application_receipt", args=[application.pk])
    return Made(_get(user, url), application.submitted_at)


def _audit_approved(request):
    application, user = _audit_submitted(request)
    application = application_approve(application=application, by=UserFactory(is_staff=True))
    return payments.cup_assign(application=application, cup=CUP, by=None), user


def audit_letter(request) -> Made:
    application, user = _audit_approved(request)
    url = reverse("audits:application_letter", args=[application.pk])
    letter_on = timezone.localdate(application.approved_at)
    due = (letter_on + dt.timedelta(days=15)).strftime("%d/%m/%Y")
    return Made(_get(user, url), application.approved_at, letter=True, cup=CUP, also=(due,))


def final_report_to_sign(request) -> Made:
    """The final report as the portal writes it for the legal representative to sign."""
    from tests.signatures.pki import blank_pdf
    from tests.signatures.test_required_kinds import _typed_report
    from trinno_portal.funding.aftercare.services import agreement_accept

    application, user = _audit_approved(request)
    application.documents.create(
        kind="signed_letter",
        file=SimpleUploadedFile("l.pdf", blank_pdf()),
        original_name="l.pdf",
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
        uploaded_by=user,
    )
    agreement_accept(application=application, by=user)
    client = Client()
    client.force_login(user)
    response = client.post(
        reverse("signatures:final_report_pdf", args=[application.pk]), _typed_report()
    )
    assert response.status_code == 200, response.status_code
    return Made(response.content, timezone.now(), cup=CUP)


def catalogue_receipt(request) -> Made:
    application = catalogue_approved(
        request.getfixturevalue("catalogue_call"), request.getfixturevalue("submit_catalogue")
    )
    url = reverse("catalogue:call_receipt", args=[application.pk])
    return Made(_get(application.created_by, url), application.submitted_at)


def catalogue_agreement(request) -> Made:
    application = catalogue_approved(
        request.getfixturevalue("catalogue_call"), request.getfixturevalue("submit_catalogue")
    )
    payments.cup_assign(application=application, cup=CUP, by=None)
    url = reverse("funding:agreement_download", args=[application.pk])
    return Made(_get(application.created_by, url), application.approved_at, letter=True, cup=CUP)


def voucher_receipt(request) -> Made:
    person = request.getfixturevalue("entrepreneur")
    application = request.getfixturevalue("submitted")(
        request.getfixturevalue("voucher_call"), person, request.getfixturevalue("course")
    )
    url = reverse("vouchers:voucher_receipt", args=[application.pk])
    return Made(_get(person.user, url), application.submitted_at)


def application_form(request) -> Made:
    m = request.getfixturevalue("member")
    from audits.call import services

    application = services.audit_application_start(
        call=request.getfixturevalue("audit_call"), enterprise=m.enterprise, user=m.user
    )
    return Made(application_form_pdf(fill_draft(application)), timezone.now())


def payment_order(request) -> Made:
    application = operation(
        request.getfixturevalue("catalogue_call"), request.getfixturevalue("submit_catalogue")
    )
    c = claim(application)
    first = officer()
    payments.claim_first_level(claim=c, by=first, decisions=accept_all(c))
    payments.claim_second_level(claim=c, by=controller(), approve=True)
    payments.durc_record(
        enterprise=application.enterprise,
        outcome="regular",
        issued_on=timezone.localdate() - dt.timedelta(days=1),
        protocol="INAIL_42",
        by=first,
    )
    order = payments.payment_order_issue(claim=c, by=first, iban="IT60X0542811101000000123456")
    return Made(
        _get(first, reverse("payments:order_pdf", args=[order.pk])), order.issued_at, cup=CUP
    )


APPLICANT_PDFS: dict[str, Callable[..., Made]] = {
    "audits/pdf/receipt.html": audit_receipt,
    "audits/pdf/letter.html": audit_letter,
    "catalogue/call/pdf/receipt.html": catalogue_receipt,
    "catalogue/call/pdf/agreement.html": catalogue_agreement,
    "vouchers/voucher/pdf/receipt.html": voucher_receipt,
    "signatures/pdf/application_form.html": application_form,
    "payments/pdf/order.html": payment_order,
    "signatures/pdf/final_report.html": final_report_to_sign,
}


def _pdf_templates() -> set[str]:
    """Every template on disk that is printed as a PDF (it extends the print base)."""
    found = set()
    for folder in settings.TEMPLATES[0]["DIRS"]:
        for path in Path(folder).rglob("*.html"):
            if '{% extends "pdf/base_print.html" %}' in path.read_text(encoding="utf-8"):
                found.add(path.relative_to(folder).as_posix())
    return found


def _flat(pdf: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", "", text)


@pytest.fixture(autouse=True)
def _agency(db):
    agency_identity_load()


def test_every_pdf_template_is_walked():
    assert _pdf_templates() == set(APPLICANT_PDFS) | set(NOT_FOR_APPLICANTS)


@pytest.mark.parametrize("template", sorted(APPLICANT_PDFS))
def test_every_applicant_pdf_carries_the_agency_and_its_date(request, template):
    rendered: list[str] = []

    def seen(sender, template, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(seen)
    try:
        made = APPLICANT_PDFS[template](request)
    finally:
        template_rendered.disconnect(seen)
    assert template in rendered  # the function walks the template it is listed for
    agency = AgencyIdentity.objects.get()
    text = _flat(made.pdf)
    dated = timezone.localdate(made.dated) if isinstance(made.dated, dt.datetime) else made.dated
    expected = [agency.legal_name, agency.vat_number, agency.pec, date_format(dated, "j F Y")]
    if made.letter:
        expected += [agency.signatory_name, agency.signatory_role_it]
    if made.cup:
        expected.append(made.cup)
    for value in [*expected, *made.also]:
        assert re.sub(r"\s+", "", value) in text, (template, value)


def test_the_letter_is_dated_signed_and_due_in_english(request):
    application, user = _audit_approved(request)
    with override("en"):
        url = reverse("audits:application_letter", args=[application.pk])
    assert url.startswith("/en/")
    text = _flat(_get(user, url))
    letter_on = timezone.localdate(application.approved_at)
    with override("en"):
        dated = date_format(letter_on, "j F Y")  # "2 December 2026"
    for value in (
        f"Date: {dated}",
        "General Manager",
        (letter_on + dt.timedelta(days=15)).strftime("%d/%m/%Y"),
    ):
        assert re.sub(r"\s+", "", value) in text, value


def test_the_letter_is_made_in_a_constant_number_of_queries(request, django_assert_max_num_queries):
    application, user = _audit_approved(request)
    client = Client()
    client.force_login(user)
    url = reverse("audits:application_letter", args=[application.pk])
    client.get(url)
    with django_assert_max_num_queries(12):
        client.get(url)
