"""Two factors for staff and officials on every URL of the access matrix, not only under
/admin/: with MFA_REQUIRED_FOR_STAFF on (the production default), a back-office session
without a code reaches nothing but the pages that set one up or ask for it."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import get_resolver, reverse

from tests.conftest import PASSWORD

from .test_access_matrix import CASES, _admin_kwargs, _walk
from .test_mfa import _code
from .world import World

ACTIVATE = "/accounts/2fa/totp/activate/"
REAUTHENTICATE = "/accounts/2fa/reauthenticate/"
# The pages a back-office account without a code may open (security/middleware.py).
FREE = ("/accounts/2fa/", "/accounts/reauthenticate/", "/accounts/logout/", "/accounts/login/")


@pytest.fixture
def world(roles, django_capture_on_commit_callbacks, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return World(django_capture_on_commit_callbacks)


def _every_url(world: World) -> list[str]:
    urls = []
    for name, namespace, groups in _walk(get_resolver()):
        if not name:
            continue  # the admin's unnamed legacy redirects (<object_id>/ -> change)
        if not groups:
            kwargs = {}
        elif namespace == "admin":
            kwargs = _admin_kwargs(name)
        else:
            kwargs = CASES[name].kwargs(world)
        urls.append(reverse(name, kwargs=kwargs))
        if not groups and namespace != "admin":
            with _english():
                urls.append(reverse(name, kwargs=kwargs))
    return sorted(set(urls))


class _english:
    def __enter__(self):
        from django.utils import translation

        translation.activate("en")

    def __exit__(self, *exc):
        from django.utils import translation

        translation.activate("it")


def _free(url: str) -> bool:
    return url.removeprefix("/en").startswith(FREE) or url == "/health/"


def test_it_asks_staff_and_officials_for_totp_on_every_url(world, client, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    urls = _every_url(world)
    assert len(urls) > 300  # the walk found the URL configuration, admin included
    with_totp = world.official
    TOTP.activate(with_totp, generate_totp_secret())
    for user, target in ((world.staff, ACTIVATE), (with_totp, REAUTHENTICATE)):
        client.force_login(user)  # a password alone, as the admin's login form gives
        for url in urls:
            if _free(url):
                continue
            for method in (client.get, client.post):
                response = method(url)
                assert response.status_code == 302, (user.email, url, response.status_code)
                assert response["Location"].removeprefix("/en").startswith(target), (
                    user.email,
                    url,
                    response["Location"],
                )


def test_it_lets_them_in_after_the_code(world, client, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    secret = generate_totp_secret()
    TOTP.activate(world.staff, secret)
    response = client.post("/accounts/login/", {"login": world.staff.email, "password": PASSWORD})
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert client.post("/accounts/2fa/authenticate/", {"code": _code(secret)}).status_code == 302
    download = reverse("funding:document_download", kwargs={"pk": world.document.pk})
    assert client.get(download).status_code == 200
    erase = reverse("privacy:enterprise_erase", kwargs={"pk": world.enterprise.pk})
    assert client.get(erase).status_code == 200


def test_it_asks_an_official_who_never_opens_the_admin(world, client, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    client.force_login(world.official)
    response = client.get(reverse("monitoring:dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(ACTIVATE)


def test_it_leaves_applicants_and_agencies_alone(world, client, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    client.force_login(world.sme)
    assert (
        client.get(
            reverse("accounts:enterprise_detail", kwargs={"pk": world.enterprise.pk})
        ).status_code
        == 200
    )
    client.force_login(world.agency_user)
    assert (
        client.get(
            reverse("vouchers:agency_dashboard", kwargs={"agency_pk": world.agency.pk})
        ).status_code
        == 200
    )
