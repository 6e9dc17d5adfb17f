"""The recommendation report's PDF and the back office of the proposals."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from monitoring.catalogue_review import services
from monitoring.catalogue_review.models import CatalogueProposal, Outcome, ProposalKind
from tests.monitoring.catalogue_review_data import edition_with_services, propose

pytestmark = pytest.mark.django_db


def pdf_text(response) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)


@pytest.fixture
def report(staff_user):
    edition = edition_with_services()
    raise_ = propose(
        edition,
        staff_user,
        ProposalKind.RAISE_INTENSITY,
        "A.1",
        intensity_micro=Decimal("70.00"),
        rationale="Le micro imprese chiedono di più.",
    )
    services.proposal_review(
        proposal=raise_, outcome=Outcome.ACCEPTED, reasons="Dati delle domande.", by=staff_user
    )
    removal = propose(edition, staff_user, ProposalKind.REMOVE, "C.1", rationale="Poco usato.")
    services.proposal_review(
        proposal=removal, outcome=Outcome.REJECTED, reasons="Serve all'export.", by=staff_user
    )
    return services.recommendation_report_create(
        edition=edition, title="Raccomandazioni 2026", by=staff_user
    )


def test_it_renders_the_report_with_the_accepted_proposals(client, official, report):
    client.force_login(official)
    response = client.get(reverse("monitoring:recommendation_pdf", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response)
    assert "Raccomandazioni 2026" in text
    accepted, rejected = text.split("Proposte respinte")
    assert "A.1" in accepted and "Le micro imprese chiedono di più." in accepted
    assert "Dati delle domande." in accepted
    assert "C.1" in rejected and "Serve all'export." in rejected
    assert "Arezzo Innovazione" in text  # the letterhead


def test_it_reads_the_report_in_a_constant_number_of_queries(
    client, staff_user, report, django_assert_max_num_queries
):
    client.force_login(staff_user)
    url = reverse("monitoring:recommendation_pdf", args=[report.pk])
    client.get(url)
    with django_assert_max_num_queries(14) as few:
        client.get(url)
    for _ in range(3):
        extra = propose(report.edition, staff_user, ProposalKind.MAKE_DIGITAL, "B.2")
        services.proposal_review(
            proposal=extra, outcome=Outcome.REJECTED, reasons="No.", by=staff_user
        )
        CatalogueProposal.objects.filter(pk=extra.pk).update(report=report)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_it_answers_404_to_applicants(client, applicant, report):
    client.force_login(applicant)
    url = reverse("monitoring:recommendation_pdf", args=[report.pk])
    assert client.get(url).status_code == 404


def test_staff_review_a_proposal_and_draft_the_edition_in_the_admin(client, staff_user):
    edition = edition_with_services()
    proposal = propose(edition, staff_user, ProposalKind.MAKE_DIGITAL, "B.2")
    client.force_login(staff_user)
    url = reverse("admin:monitoring_catalogueproposal_change", args=[proposal.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in ("kind", "rationale")}
    data.update(
        edition=edition.pk,
        service=proposal.service_id,
        **{
            "review-TOTAL_FORMS": "1",
            "review-INITIAL_FORMS": "0",
            "review-MIN_NUM_FORMS": "0",
            "review-MAX_NUM_FORMS": "1",
            "review-0-outcome": "accepted",
            "review-0-reasons": "Richiesto da molte imprese.",
            "review-0-working_group": "Rossi, Bianchi",
        },
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    proposal.refresh_from_db()
    assert proposal.review.outcome == Outcome.ACCEPTED
    assert proposal.review.reviewed_by == staff_user

    add = client.post(
        reverse("admin:monitoring_recommendationreport_add"),
        {
            "edition": edition.pk,
            "title": "Giro 1",
            "proposals-TOTAL_FORMS": "0",
            "proposals-INITIAL_FORMS": "0",
        },
    )
    assert add.status_code == 302
    proposal.refresh_from_db()
    assert proposal.report is not None
    client.post(
        reverse("admin:monitoring_recommendationreport_changelist"),
        {"action": "draft_edition_action", "_selected_action": [proposal.report_id]},
    )
    proposal.report.refresh_from_db()
    draft = proposal.report.draft_edition
    assert draft.services.get(code="B.2").is_digital
