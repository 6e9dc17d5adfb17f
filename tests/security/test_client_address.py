"""The client's address behind the TLS proxy, the lockout that follows from it, and
per-address limits an office behind one NAT does not hit (security/proxies.py,
security/lockout.py; docs/decisions/0014-client-address-and-lockout.md)."""

import datetime as dt

import pytest
import time_machine

from tests.conftest import PASSWORD, _user
from trinno_portal.accounts.roles import Role
from trinno_portal.security.lockout import growing_delay
from trinno_portal.security.proxies import client_address, parse_networks

WRONG = "Not-The-Password-1"
PROXY = "10.0.0.2"
TRUSTED = parse_networks(["10.0.0.0/24", "::1"])


@pytest.mark.parametrize(
    ("remote", "xff", "expected"),
    [
        ("203.0.113.9", "", "203.0.113.9"),  # no proxy
        ("203.0.113.9", "1.2.3.4", "203.0.113.9"),  # a client's own header is not believed
        (PROXY, "198.51.100.7", "198.51.100.7"),  # our proxy says who called it
        (PROXY, "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # the client prepended a lie
        (PROXY, "198.51.100.7, 10.0.0.5", "198.51.100.7"),  # two of our proxies in a row
        (PROXY, "not-an-ip", PROXY),  # junk: the last address we can vouch for
        (PROXY, "", PROXY),
        ("::1", "2001:db8::1", "2001:db8::1"),
    ],
)
def test_it_believes_forwarded_for_only_from_trusted_proxies(remote, xff, expected):
    assert client_address(remote, xff, TRUSTED) == expected


def test_the_delay_grows_and_stops_at_the_cap():
    minute, hour = dt.timedelta(minutes=1), dt.timedelta(hours=1)
    delays = [growing_delay(n, limit=5, first=minute, cap=hour) for n in range(4, 13)]
    assert delays[:4] == [dt.timedelta(0), minute, 2 * minute, 4 * minute]
    assert delays[-1] == hour and delays == sorted(delays)
    assert growing_delay(10**6, limit=5, first=minute, cap=hour) == hour


def _login(client, email, password, address):
    return client.post(
        "/accounts/login/",
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=address,
    )


@pytest.fixture(autouse=True)
def _behind_the_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]


def test_a_stranger_cannot_lock_the_owner_out_behind_the_proxy(client, applicant):
    for _ in range(8):
        assert _login(client, applicant.email, WRONG, "6.6.6.6").status_code in (200, 429)
    assert _login(client, applicant.email, PASSWORD, "6.6.6.6").status_code == 429
    client.cookies.clear()
    # The owner, from the office: another address, so no lock at all.
    assert _login(client, applicant.email, PASSWORD, "198.51.100.7").status_code == 302


def test_the_lock_of_one_address_grows_with_each_failure(client, applicant):
    from axes.models import AccessAttempt

    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(5):
            _login(client, applicant.email, WRONG, "6.6.6.6")
        assert _login(client, applicant.email, PASSWORD, "6.6.6.6").status_code == 429
        clock.shift(dt.timedelta(seconds=61))  # the first wait: one minute
        # One more try is let through; it fails, and the next wait is two minutes.
        assert _login(client, applicant.email, WRONG, "6.6.6.6").status_code == 429
        assert AccessAttempt.objects.get().failures_since_start == 6
        clock.shift(dt.timedelta(seconds=90))
        assert _login(client, applicant.email, PASSWORD, "6.6.6.6").status_code == 429
        clock.shift(dt.timedelta(seconds=31))
        assert _login(client, applicant.email, PASSWORD, "6.6.6.6").status_code == 302


def test_guessing_from_many_addresses_waits_but_the_owner_does_not(client, applicant):
    office = "198.51.100.7"
    assert _login(client, applicant.email, PASSWORD, office).status_code == 302
    client.logout()
    for i in range(20):
        _login(client, applicant.email, WRONG, f"6.6.{i}.1")
    # A new address waits: the account is being guessed.
    assert _login(client, applicant.email, PASSWORD, "6.6.99.1").status_code == 429
    # The address the owner logged in from before does not.
    assert _login(client, applicant.email, PASSWORD, office).status_code == 302


def test_an_office_behind_one_nat_is_not_shut_out(client, roles):
    # Thirty colleagues mistyping at nine in the morning, all behind one address.
    office = "198.51.100.7"
    users = [_user(f"collega{i}@example.it", Role.APPLICANT) for i in range(31)]
    for user in users[:30]:
        assert _login(client, user.email, WRONG, office).status_code == 200
    assert _login(client, users[30].email, PASSWORD, office).status_code == 302
