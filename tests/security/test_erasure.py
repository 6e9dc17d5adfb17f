"""Erasure is irreversible: it asks for a fresh re-authentication and a second officer
confirms what the first asked for (privacy/models.py: ErasureRequest)."""

import pytest

from tests.conftest import PASSWORD, _user
from tests.factories import PersonFactory
from trinno_portal.accounts.models import Person
from trinno_portal.accounts.roles import Role
from trinno_portal.privacy import erasure
from trinno_portal.privacy.models import ErasureKind, ErasureRequest, ErasureState


@pytest.fixture
def second_officer(roles):
    return _user("second-officer@example.it", Role.AGENCY_STAFF, is_staff=True)


def _login_fresh(client, user):
    client.logout()
    assert (
        client.post("/accounts/login/", {"login": user.email, "password": PASSWORD}).status_code
        == 302
    )
    # The password again, as allauth's re-authentication asks before a sensitive step.
    response = client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302, response.content[:2000]


def _erased(enterprise) -> bool:
    enterprise.refresh_from_db()
    return enterprise.vat_number.startswith("X")


def test_it_asks_for_the_password_again_before_any_step(client, staff_user, member):
    url = f"/privacy/cancellazione/impresa/{member.enterprise.pk}/"
    client.force_login(staff_user)  # a session with no recent re-authentication
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "request"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert not ErasureRequest.objects.exists() and not _erased(member.enterprise)


def test_it_needs_a_second_officer(client, staff_user, second_officer, official, member):
    enterprise = member.enterprise
    url = f"/privacy/cancellazione/impresa/{enterprise.pk}/"
    _login_fresh(client, staff_user)
    assert client.post(url, {"action": "request"}).status_code == 302
    assert not _erased(enterprise)  # asked for, not done
    request = ErasureRequest.objects.get()
    assert (request.requested_by, request.state) == (staff_user, ErasureState.REQUESTED)
    client.post(url, {"action": "confirm"})  # by the same officer: refused
    assert not _erased(enterprise)
    assert ErasureRequest.objects.get().state == ErasureState.REQUESTED
    client.force_login(official)
    assert client.post(url, {"action": "confirm"}).status_code == 404  # officials only read
    _login_fresh(client, second_officer)
    page = client.get(url).content.decode()
    assert staff_user.email in page and 'value="confirm"' in page
    assert client.post(url, {"action": "confirm"}).status_code == 302
    assert _erased(enterprise)
    request.refresh_from_db()
    assert (request.state, request.decided_by) == (ErasureState.CONFIRMED, second_officer)


def test_it_cancels_a_request(client, staff_user, member):
    url = f"/privacy/cancellazione/impresa/{member.enterprise.pk}/"
    _login_fresh(client, staff_user)
    client.post(url, {"action": "request"})
    client.post(url, {"action": "cancel"})
    assert ErasureRequest.objects.get().state == ErasureState.CANCELLED
    assert not _erased(member.enterprise)


def test_the_services_refuse_the_same_officer_and_a_second_confirmation(
    staff_user, second_officer, roles
):
    person = PersonFactory()
    request = erasure.erasure_request_create(
        kind=ErasureKind.PERSON, subject_id=person.pk, by=staff_user
    )
    assert (
        erasure.erasure_request_create(kind=ErasureKind.PERSON, subject_id=person.pk, by=staff_user)
        == request
    )
    with pytest.raises(erasure.ErasureRefused):
        erasure.erasure_request_confirm(erasure_request=request, by=staff_user)
    erasure.erasure_request_confirm(erasure_request=request, by=second_officer)
    assert Person.objects.get(pk=person.pk).tax_code.startswith("ANON")
    with pytest.raises(erasure.ErasureRefused):
        erasure.erasure_request_confirm(erasure_request=request, by=second_officer)
