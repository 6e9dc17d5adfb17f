"""The home page leads somewhere: every card and every step of "how to take part" links
to a page that answers, in both languages, for a visitor and for a signed-in applicant."""

import lxml.html
import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def _main(client, language: str):
    with translation.override(language):
        url = reverse("home")
    response = client.get(url)
    assert response.status_code == 200
    return lxml.html.fromstring(response.content).get_element_by_id("main-content")


@pytest.mark.parametrize("language", ["it", "en"])
@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "applicant"])
def test_every_link_of_the_home_page_answers(
    client, audit_call, catalogue_call, voucher_call, member, language, signed_in
):
    if signed_in:
        client.force_login(member.user)
    main = _main(client, language)
    hrefs = main.xpath(".//a/@href")
    assert hrefs, "the home page links to nothing"
    assert not [h for h in hrefs if not h.strip() or h.startswith("#")]
    for href in sorted(set(hrefs)):
        response = client.get(href, follow=True)
        assert response.status_code == 200, href


@pytest.mark.parametrize("language", ["it", "en"])
def test_every_card_and_step_carries_a_link(client, audit_call, language):
    main = _main(client, language)
    cards = main.find_class("card")
    steps = main.xpath(".//ol[contains(@class, 'portal-steps')]/li")
    assert len(cards) == 3 and len(steps) >= 3
    assert [c for c in cards + steps if not c.xpath(".//a[@href]")] == []


def test_the_cards_lead_to_each_schemes_call_and_the_steps_to_the_help_and_self_assessment(
    client, audit_call
):
    hrefs = set(_main(client, "it").xpath(".//a/@href"))
    for name in (
        "audits:call",
        "catalogue:call",
        "vouchers:course_list",
        "audits:selfassessment_start",
        "pages:help",
    ):
        assert reverse(name) in hrefs, name
