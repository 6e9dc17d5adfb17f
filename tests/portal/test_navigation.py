"""The menu follows what the user is, every entry it shows opens for that user, and a
login without `next` lands on the user's next step (trinno_portal/navigation.py)."""

import re

import pytest
from django.test import RequestFactory
from django.urls import reverse

from tests.conftest import PASSWORD, _user
from tests.security.world import World
from trinno_portal.accounts.roles import Role
from trinno_portal.navigation import UserRoles, landing_url_name, user_roles
from trinno_portal.spid.adapter import AccountAdapter

pytestmark = pytest.mark.django_db

MENU = re.compile(r'<ul class="navbar-nav portal-nav">(.*?)</ul>', re.S)
LINK = re.compile(r'<a class="nav-link" href="([^"]+)"><span>([^<]+)</span>')


@pytest.mark.parametrize(
    ("roles", "landing"),
    [
        (UserRoles(authenticated=True, staff=True), "admin:index"),
        (UserRoles(authenticated=True, official=True), "monitoring:dashboard"),
        (UserRoles(authenticated=True, member=True), "funding:my_applications"),
        (UserRoles(authenticated=True, person=True), "funding:my_applications"),
        (UserRoles(authenticated=True, agency=True), "vouchers:agency_home"),
        (UserRoles(authenticated=True), "home"),
    ],
)
def test_a_login_lands_on_the_next_step_of_what_the_user_is(roles, landing):
    assert landing_url_name(roles) == landing


@pytest.fixture
def world(roles, django_capture_on_commit_callbacks, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    world = World(django_capture_on_commit_callbacks)
    world.agency  # noqa: B018 - makes the agency user a member of an agency
    world.newcomer = _user("nuovo@example.it", Role.APPLICANT)
    return world


def _menu(client, path: str) -> dict[str, str]:
    html = client.get(path).content.decode()
    return {label.strip(): href for href, label in LINK.findall(MENU.search(html).group(1))}


# What each user must see, and must not, in the menu of the home and the voucher pages.
EXPECTED = {
    "sme": ({"Le mie imprese", "Le mie domande"}, {"Area agenzia formativa", "Monitoraggio"}),
    "person": (
        {"Le mie domande", "I miei voucher formativi"},
        {"Le mie imprese", "Area agenzia formativa", "Monitoraggio"},
    ),
    "agency": (
        {"Area agenzia formativa", "Voucher sui vostri corsi"},
        {"Le mie imprese", "Le mie domande", "Monitoraggio", "I miei voucher formativi"},
    ),
    "official": (
        {"Monitoraggio"},
        {"Le mie imprese", "Le mie domande", "Area agenzia formativa", "I miei voucher formativi"},
    ),
    "staff": ({"Monitoraggio"}, {"Le mie imprese", "Le mie domande", "Area agenzia formativa"}),
    "newcomer": ({"Le mie imprese", "Le mie domande"}, {"Area agenzia formativa"}),
}


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_the_menu_follows_the_role_and_every_entry_opens(client, world, who):
    user = world.newcomer if who == "newcomer" else world.user(who)
    client.force_login(user)
    menu = {**_menu(client, "/"), **_menu(client, reverse("vouchers:course_list"))}
    shown, hidden = EXPECTED[who]
    assert shown <= set(menu), (who, sorted(menu))
    assert not hidden & set(menu), (who, sorted(menu))
    for label, href in menu.items():
        response = client.get(href, follow=True)
        assert response.status_code == 200, (who, label, href, response.status_code)
        assert response.request["PATH_INFO"] != reverse("account_login"), (who, label)


def test_the_roles_are_read_in_one_query(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        roles = user_roles(world.sme)
    assert roles.member and not (roles.person or roles.agency or roles.staff or roles.official)
    official = user_roles(world.official)
    assert official.official and not official.staff  # an official is staff only to Django


def test_the_login_form_without_next_lands_on_the_applications(client, world):
    response = client.post(
        reverse("account_login"), {"login": world.sme.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("funding:my_applications")
    request = RequestFactory().get("/")
    request.user = world.official
    assert AccountAdapter().get_login_redirect_url(request) == reverse("monitoring:dashboard")
