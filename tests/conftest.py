"""Shared fixtures: one user per role, as in healthchecks' BaseTestCase."""

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, settings

from trinno_portal.accounts.models import User
from trinno_portal.accounts.roles import Role
from trinno_portal.accounts.services import demo_user_ensure

# Property tests judge rules, not the machine's speed: on a loaded two-core CI machine
# the default deadline (200 ms) and the slow-generation health check fail tests whose
# rules are right. The examples and their number stay as each test sets them.
settings.register_profile(
    "portal",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("portal")

PASSWORD = "Correct-Horse-2026"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """On PostgreSQL, a connection left idle inside a transaction (a thread's or the live
    server's) is ended after a minute and a lock wait fails after two: the test that caused
    it then fails with its error, instead of the next flush waiting for ever on its locks."""
    from django.conf import settings as django_settings

    for database in django_settings.DATABASES.values():
        if database["ENGINE"].endswith("postgresql"):
            options = database.setdefault("OPTIONS", {})
            options["options"] = " ".join(
                filter(
                    None,
                    [
                        options.get("options", ""),
                        "-c idle_in_transaction_session_timeout=60000",
                        "-c lock_timeout=120000",
                    ],
                )
            )


@pytest.fixture(autouse=True)
def _italian_by_default():
    # A request to /en/ leaves English active in the thread; every test starts in Italian,
    # the portal's default, so that reverse() and formats do not depend on test order.
    from django.utils import translation

    translation.activate("it")
    yield
    translation.activate("it")


@pytest.fixture(autouse=True)
def _empty_cache():
    # allauth's rate limits (login failures, confirmation e-mails per address) live in the
    # cache: one test's attempts must not throttle the next one.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2 costs ~0.4 s a password here by design; tests create hundreds of users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def roles(db) -> None:
    call_command("load_portal_data", verbosity=0)


def _user(email: str, role: str | None, **flags: bool) -> User:
    return demo_user_ensure(
        email=email,
        password=PASSWORD,
        full_name=email.split("@")[0].title(),
        roles=[role] if role else [],
        **flags,
    )


@pytest.fixture
def applicant(roles) -> User:
    return _user("owner@example.it", Role.APPLICANT)


@pytest.fixture
def other_applicant(roles) -> User:
    return _user("other@example.it", Role.APPLICANT)


@pytest.fixture
def staff_user(roles) -> User:
    return _user("officer@example.it", Role.AGENCY_STAFF, is_staff=True)


@pytest.fixture
def official(roles) -> User:
    return _user("official@example.it", Role.REGION_OFFICIAL, is_staff=True)


# The audit call and an SME member are the most common starting point of a test: every
# test directory may use them (defined in tests/audits/conftest.py with their helpers).
from tests.audits.conftest import audit_call, member, submit  # noqa: E402,F401
