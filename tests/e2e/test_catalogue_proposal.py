"""A catalogue change proposal from the staff's admin to the working group's review, the
recommendation report to the Region and the edition drafted from it, in Italian."""

import re

from playwright.sync_api import Page, expect

from monitoring.catalogue_review.models import CatalogueProposal, RecommendationReport
from tests.conftest import PASSWORD
from tests.monitoring.catalogue_review_data import edition_with_services


def test_a_proposal_walks_to_its_recommendation_report(portal, page: Page, staff_user):
    edition = edition_with_services()
    service = edition.services.get(code="B.2")

    page.goto(portal.url + "/admin/")
    page.get_by_label("Indirizzo e-mail").fill(staff_user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Accedi").click()

    # Staff record the proposal with its rationale.
    page.goto(portal.url + "/admin/monitoring/catalogueproposal/add/")
    page.locator("#id_kind").select_option("make_digital")
    page.locator("#id_edition").select_option(str(edition.pk))
    page.locator("#id_service").fill(str(service.pk))
    page.locator("#id_rationale").fill("Le imprese del focus group chiedono il design digitale.")
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_be_visible()

    # The working group accepts it on the proposal's page.
    page.locator("#id_review-0-outcome").select_option("accepted")
    page.locator("#id_review-0-reasons").fill("Coerente con la strategia regionale.")
    page.locator("input[name=_continue]").click()
    reasons = page.locator("#review-0 .field-reasons")
    expect(reasons).to_contain_text("Coerente con la strategia regionale.")
    proposal = CatalogueProposal.objects.get()
    assert proposal.review.reviewed_by == staff_user

    # The report to the Region gathers it.
    page.goto(portal.url + "/admin/monitoring/recommendationreport/add/")
    page.locator("#id_edition").select_option(str(edition.pk))
    page.locator("#id_title").fill("Raccomandazioni sul catalogo 2026")
    page.locator("input[name=_continue]").click()
    report = RecommendationReport.objects.get()
    pdf_link = page.get_by_role("link", name="Rapporto di raccomandazioni (PDF)")
    pdf = page.request.get(portal.url + pdf_link.get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")

    # The new edition is drafted from it, and the diff page shows the change.
    page.goto(portal.url + "/admin/monitoring/recommendationreport/")
    page.locator(f"input[name=_selected_action][value='{report.pk}']").check()
    page.locator("select[name=action]").select_option("draft_edition_action")
    page.locator("button[name=index]").click()
    expect(page.locator(".messagelist")).to_contain_text("predisposta")
    page.goto(portal.url + f"/admin/monitoring/recommendationreport/{report.pk}/change/")
    page.get_by_role("link", name="Differenze dell'edizione predisposta").click()
    expect(page).to_have_url(re.compile(r"/catalogo/differenze/"))
    change = page.locator(".diff-change")
    expect(change).to_have_count(1)
    expect(change).to_contain_text("B.2")
