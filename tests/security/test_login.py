"""Security 3: lockout after repeated failures, strong passwords (django-axes and
Django's validators; docs/decisions/0009-login-lockout-and-mfa.md)."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError

from tests.conftest import PASSWORD

WRONG = "Not-The-Password-1"


@pytest.fixture(autouse=True)
def _fresh_counters():
    # allauth's throttle counts in the cache, shared by every test of the process.
    cache.clear()
    yield
    cache.clear()


def _login(client, email, password):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_it_locks_an_account_out_after_five_failures(client, applicant, settings):
    settings.ACCOUNT_RATE_LIMITS = {}  # axes alone: allauth's throttle is tested by allauth
    for _ in range(4):
        assert _login(client, applicant.email, WRONG).status_code == 200
    locked = _login(client, applicant.email, WRONG)
    assert locked.status_code == 429
    assert "Troppi accessi non riusciti" in locked.content.decode()
    # Even the right password is refused now, and no session is opened.
    again = _login(client, applicant.email, PASSWORD)
    assert again.status_code in (200, 429)
    assert "_auth_user_id" not in client.session
    assert not _login(client, applicant.email, PASSWORD).status_code == 302


def test_it_locks_the_admin_login_too(client, staff_user, settings):
    settings.ACCOUNT_RATE_LIMITS = {}
    for _ in range(5):
        response = client.post("/admin/login/", {"username": staff_user.email, "password": WRONG})
    assert response.status_code == 429
    response = client.post("/admin/login/", {"username": staff_user.email, "password": PASSWORD})
    assert response.status_code == 429


def test_it_counts_failures_per_account_and_forgets_them_on_success(client, applicant, settings):
    settings.ACCOUNT_RATE_LIMITS = {}
    for _ in range(3):
        _login(client, applicant.email, WRONG)
    assert _login(client, applicant.email, PASSWORD).status_code == 302
    client.logout()
    for _ in range(3):
        assert _login(client, applicant.email, WRONG).status_code == 200


def test_it_still_throttles_with_allauth_first(client, applicant):
    # allauth's per-address throttle runs before axes; either way no session opens.
    for _ in range(6):
        response = _login(client, applicant.email, WRONG)
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "password",
    ["short1!", "password123", "1234567890123", "aaaaaaaaaaaaaa", "owner@example.it1"],
)
@pytest.mark.django_db
def test_it_refuses_weak_passwords(password):
    from trinno_portal.accounts.models import User

    user = User(email="owner@example.it", full_name="Mario Rossi")
    with pytest.raises(ValidationError):
        validate_password(password, user)


@pytest.mark.django_db
def test_it_accepts_a_strong_password():
    validate_password("Torre-di-Arezzo-1289")


@pytest.mark.django_db
def test_the_signup_form_says_why_a_password_is_refused(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "new@example.it", "password1": "aaaaaaaaaaaa", "password2": "aaaaaaaaaaaa"},
    )
    assert response.status_code == 200
    assert "lettere e almeno una cifra o un simbolo" in response.content.decode()
