"""The applicant's pages of the life after approval (funding/aftercare/views.py), with an
innovation-services application: 404 for others, the agreement accepted with its signed
copy, the final report (typed values kept across uploads), the final grant with its
reason on the application's page, constant queries."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from trinno_portal.funding.aftercare.models import ProjectFinalReport
from trinno_portal.funding.dispatch import application_act
from trinno_portal.funding.models import Application
from trinno_portal.funding.workflow import Actor, Status

from ..audits.conftest import MINIMAL_PDF
from ..factories import MembershipFactory, UserFactory
from ..signed import signed_document_attach
from .aftercare_support import approved, document, in_progress, paid, reported

pytestmark = pytest.mark.django_db


def _pdf(name="firmato.pdf"):
    return SimpleUploadedFile(name, MINIMAL_PDF, content_type="application/pdf")


def _detail(application):
    return reverse("catalogue:call_application", args=[application.pk])


@pytest.mark.parametrize("name", ["agreement_download", "agreement_accept", "final_report"])
def test_others_get_404(client, catalogue_call, submit_catalogue, name):
    application = in_progress(catalogue_call, submit_catalogue)
    client.force_login(MembershipFactory().user)
    url = reverse(f"funding:{name}", args=[application.pk])
    response = client.post(url) if name == "agreement_accept" else client.get(url)
    assert response.status_code == 404


def test_there_is_no_agreement_before_approval(client, catalogue_call, submit_catalogue):
    m = MembershipFactory(enterprise__ateco_code="32.12.10")
    application = approved(catalogue_call, submit_catalogue, m)
    Application.objects.filter(pk=application.pk).update(status=Status.ELIGIBLE)
    client.force_login(m.user)
    response = client.get(reverse("funding:agreement_download", args=[application.pk]))
    # The owner is sent back to the application's page; anybody else gets a 404.
    assert response.status_code == 302
    assert response.url == _detail(application)


def test_the_applicant_accepts_the_agreement_with_the_signed_copy(
    client, catalogue_call, submit_catalogue
):
    application = approved(catalogue_call, submit_catalogue)
    client.force_login(application.created_by)
    page = client.get(_detail(application)).content.decode()
    assert reverse("funding:agreement_download", args=[application.pk]) in page
    pdf = client.get(reverse("funding:agreement_download", args=[application.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    url = reverse("funding:agreement_accept", args=[application.pk])
    # Without the file: refused, nothing changes.
    client.post(url, {"kind": "signed_agreement"})
    assert Application.objects.get(pk=application.pk).status == Status.APPROVED
    # The call requires the agreement signed: the unsigned copy is refused, named so.
    page = client.post(url, {"kind": "signed_agreement", "file": _pdf()}, follow=True)
    assert "non ha una firma digitale" in page.content.decode()
    assert Application.objects.get(pk=application.pk).status == Status.APPROVED
    assert not application.documents.filter(kind="signed_agreement").exists()
    # The shared pieces are under test from here, not the signature (tests/signatures).
    rules = catalogue_call.rules
    catalogue_call.rules = {
        **rules,
        "signatures": {"final_report": rules["signatures"]["final_report"]},
    }
    catalogue_call.save(update_fields=["rules"])
    response = client.post(url, {"kind": "signed_agreement", "file": _pdf()})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.IN_PROGRESS
    assert application.documents.filter(kind="signed_agreement").count() == 1
    page = client.get(_detail(application)).content.decode()
    assert reverse("funding:final_report", args=[application.pk]) in page
    assert "portal-implementation" in page


def _report_data(**extra):
    return {
        "summary": "ERP in production",
        "results": "Orders tracked",
        "inv-TOTAL_FORMS": "2",
        "inv-INITIAL_FORMS": "0",
        "inv-MIN_NUM_FORMS": "0",
        "inv-MAX_NUM_FORMS": "30",
        "inv-0-number": "7/2026",
        "inv-0-issued_on": timezone.localdate().isoformat(),
        "inv-0-supplier": "Digital Innovation Hub Toscana",
        "inv-0-amount": "20000.00",
        "inv-0-paid_on": timezone.localdate().isoformat(),
        **extra,
    }


def test_an_upload_keeps_what_was_typed(client, catalogue_call, submit_catalogue):
    application = in_progress(catalogue_call, submit_catalogue)
    client.force_login(application.created_by)
    url = reverse("funding:final_report", args=[application.pk])
    page = client.post(
        url, _report_data(upload="1", kind="invoice", file=_pdf("fattura.pdf"))
    ).content.decode()
    assert application.documents.filter(kind="invoice").count() == 1
    assert "ERP in production" in page
    assert 'value="7/2026"' in page
    assert not ProjectFinalReport.objects.exists()


def test_the_applicant_files_the_final_report(client, catalogue_call, submit_catalogue):
    application = in_progress(catalogue_call, submit_catalogue)
    client.force_login(application.created_by)
    url = reverse("funding:final_report", args=[application.pk])
    # Without the proofs: refused with a message, nothing saved.
    page = client.post(url, _report_data(), follow=True).content.decode()
    assert "quietanze di pagamento" in page
    assert Application.objects.get(pk=application.pk).status == Status.IN_PROGRESS
    document(application, "invoice")
    document(application, "payment_proof")
    # The call requires the report signed: the page asks for it, the filing waits for it,
    # and what was typed is still there.
    page = client.post(url, _report_data()).content.decode()
    assert 'value="final_report"' in page
    assert "relazione finale firmata digitalmente" in page
    assert "ERP in production" in page and 'value="7/2026"' in page
    assert Application.objects.get(pk=application.pk).status == Status.IN_PROGRESS
    signed_document_attach(application, "final_report")
    response = client.post(url, _report_data())
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.FINAL_REPORT
    assert application.project_invoices.get().number == "7/2026"


def test_the_page_shows_the_final_grant_and_why_it_differs(
    client, catalogue_call, submit_catalogue
):
    application = reported(
        catalogue_call, submit_catalogue, paid("20000.00"), paid("90.00", days=-900)
    )
    application_act(
        application=application,
        transition="accept_final_report",
        by=UserFactory(is_staff=True),
        actor=Actor.STAFF,
    )
    client.force_login(application.created_by)
    page = client.get(_detail(application)).content.decode()
    assert "portal-final-grant-reason" in page
    assert "portal-recomputation" in page
    assert "20.000,00" in page
    assert "fatturata e pagata dopo la data della domanda" in page
    assert "fatturata prima della data della domanda" in page
    english = client.get("/en" + _detail(application)).content.decode()
    assert "invoiced before the application date" in english


def test_the_final_report_page_reads_in_constant_queries(
    client, catalogue_call, submit_catalogue, django_assert_num_queries
):
    application = in_progress(catalogue_call, submit_catalogue)
    client.force_login(application.created_by)
    url = reverse("funding:final_report", args=[application.pk])
    document(application, "invoice")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(3):
        document(application, "payment_proof")
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(url)


def test_the_detail_page_before_approval_costs_no_query_more(
    client, catalogue_call, submit_catalogue, django_assert_num_queries
):
    m = MembershipFactory(enterprise__ateco_code="32.12.10")
    application = approved(catalogue_call, submit_catalogue, m)
    client.force_login(m.user)
    with CaptureQueriesContext(connection) as after_approval:
        client.get(_detail(application))
    Application.objects.filter(pk=application.pk).update(status=Status.RANKED)
    # The aftercare section reads two rows (agreement, report) only after approval.
    with django_assert_num_queries(len(after_approval.captured_queries) - 2):
        client.get(_detail(application))


def test_the_audit_runs_its_letter_and_final_report_on_the_shared_pieces(
    client, submit, audit_call
):
    from audits.call.services import audit_application_start

    from ..audits.conftest import fill_draft as fill_audit

    # The shared pieces are under test, not the signature (tests/signatures verify it).
    audit_call.rules = {**audit_call.rules, "signatures": {}}
    audit_call.save(update_fields=["rules"])
    m = MembershipFactory()
    application = fill_audit(
        audit_application_start(call=audit_call, enterprise=m.enterprise, user=m.user)
    )
    submit(application, m.user)
    from trinno_portal.funding.approval import application_approve

    application_approve(application=application, by=UserFactory(is_staff=True))
    client.force_login(m.user)
    sign = reverse("audits:application_sign_letter", args=[application.pk])
    client.post(sign, {"kind": "signed_letter", "file": _pdf()})
    application.refresh_from_db()
    assert application.status == Status.IN_PROGRESS
    assert application.agreement.kind == "letter_of_assignment"
    assert application.agreement.accepted_by == m.user
    url = reverse("audits:application_final_report", args=[application.pk])
    page = client.post(
        url, _report_data(upload="1", kind="invoice", file=_pdf("fattura.pdf"))
    ).content.decode()
    assert 'value="7/2026"' in page
    assert client.post(url, _report_data(**{"inv-0-amount": "6000.00"})).status_code == 302
    application.refresh_from_db()
    assert application.status == Status.FINAL_REPORT
    application = application_act(
        application=application,
        transition="accept_final_report",
        by=UserFactory(is_staff=True),
        actor=Actor.STAFF,
    )
    # 60 % of the 6,000 EUR paid (the micro firm's rate), below the 4,500 EUR approved.
    assert application.final_grant == Decimal("3600.00")
