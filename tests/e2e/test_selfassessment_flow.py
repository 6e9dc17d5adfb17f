"""An SME member fills the Industry 4.0 self-assessment in two sittings, in Italian."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import translation
from playwright.sync_api import Page, expect

from audits.selfassessment.models import Assessment, Question
from audits.selfassessment.services import selfassessment_fixtures_load
from tests.conftest import PASSWORD
from tests.factories import MembershipFactory

axe = Axe()


def _serious_violations(page: Page) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
        for v in axe.run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def member(portal, applicant):
    selfassessment_fixtures_load()
    return MembershipFactory(user=applicant)


def _answer(page: Page, questions: list[Question], score: int) -> None:
    for question in questions:
        option = question.options.get(score=score)
        group = page.get_by_role("group", name=question.text_it, exact=True)
        # Bootstrap Italia draws the radio inside its label: people click the label.
        group.get_by_text(option.text_it, exact=True).click()
        expect(group.get_by_label(option.text_it, exact=True)).to_be_checked()


def test_it_saves_half_way_resumes_and_shows_level_and_chart(portal, page: Page, member):
    questions = list(
        Question.objects.order_by("area__position", "position").prefetch_related("options")
    )
    half = len(questions) // 2

    page.goto(portal.url + "/accounts/login/")
    page.get_by_label("Email").fill(member.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Accedi").click()
    expect(page.get_by_role("button", name="Esci")).to_be_visible()

    page.goto(portal.url + "/audit/autovalutazione/")
    expect(page.get_by_role("heading", name="Autovalutazione Industria 4.0")).to_be_visible()
    page.get_by_role("button", name="Avvia l'autovalutazione").click()
    expect(page.get_by_role("group", name="Acquisti", exact=True)).to_be_visible()
    assert _serious_violations(page) == []

    _answer(page, questions[:half], score=1)
    page.get_by_role("button", name="Salva e continua più tardi").click()
    expect(page.get_by_text("Le risposte sono salvate")).to_be_visible()

    page.get_by_role("button", name="Esci").click()
    page.goto(portal.url + "/accounts/login/")
    page.get_by_label("Email").fill(member.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Accedi").click()
    page.goto(portal.url + "/audit/autovalutazione/")
    page.get_by_role("link", name="Continua l'autovalutazione").click()
    expect(page.get_by_text(f"Risposte date: {half} di {len(questions)}")).to_be_visible()
    first = questions[0]
    expect(
        page.get_by_role("group", name=first.text_it, exact=True).get_by_label(
            first.options.get(score=1).text_it, exact=True
        )
    ).to_be_checked()

    # Finishing too early keeps the answers and says what is missing.
    page.get_by_role("button", name="Concludi e vedi il risultato").click()
    expect(page.get_by_role("alert")).to_contain_text(f"ne mancano ancora {len(questions) - half}")

    _answer(page, questions[half:], score=3)
    page.get_by_role("button", name="Concludi e vedi il risultato").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Risultato dell'autovalutazione")
    assessment = Assessment.objects.get(enterprise=member.enterprise)
    with translation.override("it"):
        level = assessment.get_level_display()
    expect(page.get_by_test_id("maturity-level")).to_have_text(level)
    expect(page.get_by_text(re.compile(r"Punteggio complessivo: \d+,\d su 100"))).to_be_visible()
    chart = page.get_by_role("img", name="Punteggio per area aziendale (0-100)")
    expect(chart).to_be_visible()
    expect(chart.locator("text", has_text="Acquisti")).to_have_count(1)
    table = page.get_by_role("table")
    expect(table.get_by_role("rowheader", name="Risorse umane")).to_be_visible()
    expect(page.get_by_role("heading", name="Prossimi passi")).to_be_visible()
    assert _serious_violations(page) == []

    # Redo: a new assessment, the past result stays in the history.
    page.get_by_role("button", name="Rifai l'autovalutazione").click()
    expect(page.get_by_text("Risposte date: 0 di")).to_be_visible()
    page.goto(portal.url + f"/audit/autovalutazione/impresa/{member.enterprise.pk}/storico/")
    rows = page.get_by_role("table").get_by_role("row")
    expect(rows).to_have_count(3)  # header, the redo in progress, the completed one
    expect(rows.nth(1)).to_contain_text("in corso")
    expect(rows.nth(2)).to_contain_text(level)
