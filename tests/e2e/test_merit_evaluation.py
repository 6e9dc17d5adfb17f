"""Two evaluators, each declaring no conflict of interest, score two applications; staff
build the month's ranking on the consolidated score, freeze and approve it; its decree is
issued and the ranking is published, anonymously, under /graduatorie/."""

from decimal import Decimal

from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.admin.conftest import eligible  # noqa: F401
from tests.audits.conftest import audit_call, member, submit  # noqa: F401
from tests.procedure.conftest import procedure  # noqa: F401
from tests.procedure.merit_support import make_evaluator
from trinno_portal.funding.models import Ranking, RankingState
from trinno_portal.procedure.merit import evaluator_assign


def _as(page: Page, portal, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": portal.url}]
    )


def _evaluate(page: Page, portal, evaluator, scores: dict[str, int]) -> None:
    """The evaluator's walk: the list, the declaration, the sheet, for each application."""
    _as(page, portal, evaluator)
    for protocol, value in scores.items():
        page.goto(f"{portal.url}/valutazione/")
        page.get_by_role("link", name=protocol).click()
        expect(
            page.get_by_role("heading", name="Dichiarazione di assenza di conflitto di interessi")
        ).to_be_visible()
        expect(page.get_by_role("spinbutton")).to_have_count(0)  # nothing to score yet
        # The theme draws its own box over the input: a user clicks the label.
        page.locator("label[for=id_no_conflict]").click()
        expect(
            page.get_by_label("Dichiaro di non trovarmi in conflitto di interessi")
        ).to_be_checked()
        page.get_by_role("button", name="Dichiara e apri la domanda").click()
        expect(page.get_by_text("La tua dichiarazione è stata registrata")).to_be_visible()
        for field in page.get_by_role("spinbutton").all():
            field.fill(str(value))
        for comment in page.get_by_role("textbox").all():
            comment.fill(f"Valutazione {value}: motivata.")
        page.get_by_role("button", name="Invia la scheda di valutazione").click()
        expect(page.get_by_text("La tua scheda di valutazione è stata inviata")).to_be_visible()
    page.goto(f"{portal.url}/valutazione/")
    expect(page.get_by_role("cell", name="Inviata il")).to_have_count(len(scores))


def test_two_evaluators_score_a_month_that_is_ranked_decreed_and_published(
    portal,
    page: Page,
    staff_user,
    eligible,  # noqa: F811
    procedure,  # noqa: F811
):
    procedure.merit_threshold = Decimal("55")
    procedure.ranking_names_public = False
    procedure.save()
    strong, weak = eligible(), eligible()
    first = make_evaluator(full_name="Elena Galli")
    second = make_evaluator(full_name="Luca Neri")
    outsider = make_evaluator()
    for evaluator in (first, second):
        evaluator_assign(application=strong, evaluator=evaluator)
        evaluator_assign(application=weak, evaluator=evaluator)

    # An evaluator not assigned finds nothing, not even the page.
    _as(page, portal, outsider)
    assert page.goto(f"{portal.url}/valutazione/{strong.pk}/").status == 404

    _evaluate(page, portal, first, {strong.protocol_number: 9, weak.protocol_number: 5})
    _evaluate(page, portal, second, {strong.protocol_number: 7, weak.protocol_number: 5})

    # Staff build the month's ranking, freeze it and approve what it funds.
    _as(page, portal, staff_user)
    page.goto(f"{portal.url}/admin/funding/ranking/build/")
    page.get_by_label("Bando").select_option(str(strong.call_id))
    page.locator("input[name=month]").fill(f"{timezone.localdate():%Y-%m}")
    page.get_by_role("button", name="Costruisci l'anteprima").click()
    entries = page.locator(".field-entries_table")
    expect(entries).to_contain_text("80,00")
    expect(entries).to_contain_text("50,00")
    page.get_by_role("button", name="Congela").click()
    page.get_by_role("button", name="Approva le domande finanziate").click()
    page.get_by_role("button", name="Conferma: Approva").click()
    expect(page.locator(".messagelist")).to_contain_text(strong.protocol_number)
    ranking = Ranking.objects.get(call=strong.call)
    assert ranking.state == RankingState.APPROVED

    # The acts: the decree and the minutes, as PDFs.
    documents = page.locator(".field-documents")
    expect(documents).to_contain_text(f"Decreto di concessione n. 1/{ranking.decree.year}")
    for name in ("Verbale della commissione", "Decreto di concessione"):
        href = documents.get_by_role("link", name=name).get_attribute("href")
        response = page.request.get(portal.url + href)
        assert response.status == 200 and response.headers["content-type"] == "application/pdf"

    # The published ranking, for anybody: protocol numbers, no names (the call says so).
    page.context.clear_cookies()
    page.goto(f"{portal.url}/graduatorie/")
    page.get_by_role("link", name=str(strong.call.title)).click()
    table = page.locator(".portal-public-ranking")
    expect(table.get_by_role("row").filter(has_text=strong.protocol_number)).to_contain_text(
        "Finanziata"
    )
    expect(table.get_by_role("row").filter(has_text=weak.protocol_number)).to_contain_text(
        "Non ammissibile: Punteggio di merito inferiore alla soglia minima del bando di 55"
    )
    expect(table).not_to_contain_text(strong.applicant_name)
    # The decree itself, anonymously, from the public page.
    href = page.locator(".portal-decree-download").first.get_attribute("href")
    response = page.request.get(portal.url + href)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    page.goto(f"{portal.url}/en/graduatorie/")
    expect(page.get_by_role("heading", name="Published rankings")).to_be_visible()

    # The applicant sees its place on its application's page.
    _as(page, portal, strong.enterprise.memberships.first().user)
    page.goto(f"{portal.url}/audit/domanda/{strong.pk}/")
    expect(page.locator(".portal-ranking-place")).to_contain_text("Posizione 1 di 2")

    # The one below the minimum was rejected with the approval, and finds the decree too.
    weak.refresh_from_db()
    assert weak.status == "rejected"
    _as(page, portal, weak.enterprise.memberships.first().user)
    page.goto(f"{portal.url}/audit/domanda/{weak.pk}/")
    expect(page.locator("a.portal-decree-download")).to_be_visible()
