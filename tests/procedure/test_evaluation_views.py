"""The evaluator's pages: the list of assignments, the declaration before the application
opens, the score sheet; 404 for anybody not assigned."""

import pytest
from django.urls import reverse
from django.utils.translation import override

from tests.factories import UserFactory
from tests.procedure.merit_support import make_evaluator
from trinno_portal.procedure.merit import evaluator_assign

pytestmark = pytest.mark.django_db


@pytest.fixture
def assigned(eligible):
    application = eligible()
    evaluator = make_evaluator(full_name="Elena Galli")
    assignment = evaluator_assign(application=application, evaluator=evaluator)
    return application, evaluator, assignment


def test_it_lists_only_the_evaluators_own_assignments(client, assigned, eligible):
    application, evaluator, _a = assigned
    other = eligible()
    evaluator_assign(application=other, evaluator=make_evaluator())
    client.force_login(evaluator)
    page = client.get(reverse("evaluation:list")).content.decode()
    assert application.protocol_number in page
    assert other.protocol_number not in page


def test_it_is_404_for_who_is_not_an_evaluator_or_not_assigned(client, assigned):
    application, _e, _a = assigned
    client.force_login(UserFactory())
    assert client.get(reverse("evaluation:list")).status_code == 404
    assert client.get(reverse("evaluation:sheet", args=[application.pk])).status_code == 404
    client.force_login(make_evaluator())
    assert client.get(reverse("evaluation:sheet", args=[application.pk])).status_code == 404
    url = reverse("evaluation:declare", args=[application.pk])
    assert client.post(url, {"no_conflict": "on"}).status_code == 404


def test_the_application_opens_only_after_the_declaration(client, assigned):
    application, evaluator, assignment = assigned
    client.force_login(evaluator)
    url = reverse("evaluation:sheet", args=[application.pk])
    page = client.get(url)
    assert "procedure/evaluation_declaration.html" in [t.name for t in page.templates]
    assert "score_" not in page.content.decode()
    declare = reverse("evaluation:declare", args=[application.pk])
    assert client.post(declare, {}).status_code == 400
    assert client.post(declare, {"no_conflict": "on"}).status_code == 302
    assignment.refresh_from_db()
    assert assignment.declared_at is not None
    assert "procedure/evaluation_sheet.html" in [t.name for t in client.get(url).templates]


def test_the_sheet_needs_a_comment_per_criterion_and_is_then_read_only(client, assigned):
    application, evaluator, assignment = assigned
    client.force_login(evaluator)
    client.post(reverse("evaluation:declare", args=[application.pk]), {"no_conflict": "on"})
    criteria = list(application.call.criteria.all())
    url = reverse("evaluation:sheet", args=[application.pk])
    data = {f"score_{c.pk}": 8 for c in criteria}
    response = client.post(url, {**data, **{f"comment_{c.pk}": "" for c in criteria}})
    assert response.status_code == 200 and not assignment.scores.exists()
    response = client.post(url, {**data, **{f"comment_{c.pk}": "Solido." for c in criteria}})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.submitted_at is not None and assignment.scores.count() == len(criteria)
    # A second post changes nothing.
    client.post(
        url,
        {**{f"score_{c.pk}": 1 for c in criteria}, **{f"comment_{c.pk}": "x" for c in criteria}},
    )
    assert set(assignment.scores.values_list("score", flat=True)) == {8}


def test_it_speaks_english_under_en(client, assigned):
    _application, evaluator, _a = assigned
    client.force_login(evaluator)
    with override("en"):
        url = reverse("evaluation:list")
    assert url == "/en/valutazione/"
    assert "My evaluations" in client.get(url).content.decode()


def test_the_menu_shows_an_evaluator_their_evaluations_and_no_applicants_entries(client):
    from trinno_portal.navigation import landing_url_name, user_roles

    evaluator = make_evaluator()
    roles = user_roles(evaluator)
    assert roles.evaluator and not roles.shows_companies and not roles.shows_applications
    assert landing_url_name(roles) == "evaluation:list"
    client.force_login(evaluator)
    page = client.get(reverse("home")).content.decode()
    # The header's menu: the home page's own steps link to a company profile for anyone.
    menu = page[page.index("<header") : page.index("</header>")]
    assert reverse("evaluation:list") in menu
    assert reverse("accounts:enterprise_list") not in menu
