"""Security 3: staff and officials need two-factor authentication (TOTP) for the admin
when MFA_REQUIRED_FOR_STAFF is on (the production default)."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core.cache import cache

from tests.conftest import PASSWORD


@pytest.fixture(autouse=True)
def _mfa_required(settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    cache.clear()


def _code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def _enable_totp(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


@pytest.mark.parametrize("role", ["staff_user", "official"])
def test_it_sends_staff_without_mfa_to_set_up_totp(client, request, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")


def test_it_lets_staff_set_up_totp_and_then_in(client, staff_user):
    response = client.post("/accounts/login/", {"login": staff_user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content[:3000]
    response = client.get("/admin/")
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")
    page = client.get(response["Location"])
    if page.status_code == 302 and page["Location"].startswith("/accounts/reauthenticate/"):
        # allauth asks for the password again before a second factor is added.
        page = client.post(page["Location"], {"password": PASSWORD}, follow=True)
    assert page.status_code == 200, page
    secret = page.context["form"].secret
    response = client.post("/accounts/2fa/totp/activate/", {"code": _code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=staff_user, type=Authenticator.Type.TOTP).exists()
    # Activation asked for a fresh authentication; a code entered in this session counts.
    client.logout()
    cache.clear()
    _login_with_code(client, staff_user, secret)
    assert client.get("/admin/").status_code == 200


def _login_with_code(client, user, secret):
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    response = client.post("/accounts/2fa/authenticate/", {"code": _code(secret)})
    assert response.status_code == 302, response.content[:2000]


def test_it_lets_staff_in_after_password_and_code(client, staff_user):
    secret = _enable_totp(staff_user)
    _login_with_code(client, staff_user, secret)
    assert client.get("/admin/").status_code == 200


def test_it_asks_for_the_code_when_the_session_used_a_password_only(client, official):
    secret = _enable_totp(official)
    client.force_login(official)  # as the admin's own login form would
    response = client.get("/admin/")
    assert response["Location"].startswith("/accounts/2fa/reauthenticate/")
    response = client.post(response["Location"], {"code": _code(secret)})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_it_sends_the_admin_login_to_the_portal_login(client, roles):
    response = client.get("/admin/login/?next=/admin/funding/application/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_leaves_applicants_alone(client, applicant):
    client.force_login(applicant)
    assert client.get("/imprese/").status_code == 200
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_it_is_off_on_the_embedded_default(client, staff_user, settings):
    settings.MFA_REQUIRED_FOR_STAFF = False
    client.force_login(staff_user)
    assert client.get("/admin/").status_code == 200
