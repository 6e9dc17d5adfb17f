"""Every response checked: each forged, stale or weak answer is refused with a translated page,
logged without personal data, and signs nobody in."""

import copy
import datetime as dt
import logging
import re

import pytest
import time_machine
from django.test import Client

from tests.spid.conftest import LEGAL_REP, PERSON, assertion_of, decoded, encoded, start
from trinno_portal.accounts.models import User
from trinno_portal.accounts.views_representative import LEGAL_PERSON_SESSION_KEY
from trinno_portal.spid.models import ConsumedAssertion

pytestmark = pytest.mark.django_db


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def _refused(response, caplog, code: str) -> None:
    assert response.status_code == 403
    assert b"spid-refused" in response.content
    record = next(r for r in caplog.records if r.name == "trinno.spid")
    assert code in record.getMessage()
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert PERSON["fiscalNumber"][6:] not in logged and "Neri" not in logged


def test_a_valid_response_creates_the_account_keyed_by_codice_fiscale(client):
    started = start(client, next_url="/imprese/")
    response = started.post(started.answer(PERSON))
    assert response.status_code == 302 and response["Location"] == "/imprese/"
    user = User.objects.get(fiscal_number="NRENNA85M50A390O")
    assert user.full_name == "Anna Neri" and user.email == "anna.neri@example.it"
    assert _signed_in(client) and client.session["spid_level"] == 2
    assert LEGAL_PERSON_SESSION_KEY not in client.session

    # The second sign-in finds the same account.
    again = Client()
    started = start(again)
    started.post(started.answer(PERSON))
    assert _signed_in(again) and User.objects.filter(fiscal_number__isnull=False).count() == 1


def test_spid_for_legal_persons_leaves_the_company_in_the_session(client):
    started = start(client)
    started.post(started.answer(LEGAL_REP))
    assert client.session[LEGAL_PERSON_SESSION_KEY] == {
        "vat_number": "00743110157",
        "fiscal_number": "BNCGLI80A41A390Z",
        "company_name": "Oreficeria Aretina srl",
    }


def test_a_replayed_response_is_refused(client, caplog):
    started = start(client)
    saml_response = started.answer(PERSON)
    attacker = Client()
    attacker.cookies = copy.deepcopy(client.cookies)  # a copy of the browser's state
    assert started.post(saml_response).status_code == 302
    caplog.set_level(logging.WARNING, logger="trinno.spid")
    _refused(started.post(saml_response, client=attacker), caplog, "replay")
    assert not _signed_in(attacker)
    assert ConsumedAssertion.objects.count() == 1


def test_a_response_for_another_audience_is_refused(client, caplog, settings):
    """A response rightly signed for another service provider (here: this one under the
    entityID it had before) is not for this one."""
    caplog.set_level(logging.WARNING, logger="trinno.spid")
    started = start(client)
    saml_response = started.answer(PERSON)
    settings.SPID_SP_ENTITY_ID = "http://testserver/spid/another-sp/"
    _refused(started.post(saml_response), caplog, "audience")
    assert not _signed_in(client) and not User.objects.exists()


def test_an_expired_response_is_refused(client, caplog):
    caplog.set_level(logging.WARNING, logger="trinno.spid")
    started = start(client)
    saml_response = started.answer(PERSON)
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=7)):
        _refused(started.post(saml_response), caplog, "expired")
    assert not _signed_in(client)


def test_an_unsigned_assertion_is_refused(client, caplog):
    caplog.set_level(logging.WARNING, logger="trinno.spid")
    started = start(client)
    response = started.post(started.answer(PERSON, sign_assertion=False))
    assert response.status_code == 403 and not _signed_in(client)
    started = start(client)
    response = started.post(started.answer(PERSON, sign_response=False))
    assert response.status_code == 403 and not _signed_in(client)
    assert not User.objects.exists()


def test_a_wrapped_signature_is_refused(client, caplog):
    """Signature wrapping: a forged assertion beside the signed one, which still verifies."""
    caplog.set_level(logging.WARNING, logger="trinno.spid")
    started = start(client)
    xml = decoded(started.answer(PERSON))
    signed = assertion_of(xml)
    forged = re.sub(r'ID="[^"]+"', 'ID="id-forged"', signed, count=1)
    forged = re.sub(
        r"<ds:Signature.*?</ds:Signature>|<ns\d:Signature.*?</ns\d:Signature>",
        "",
        forged,
        flags=re.S,
    )
    forged = forged.replace("NRENNA85M50A390O", "RSSMRA80A01F205X")
    assert forged != signed
    response = started.post(encoded(xml.replace(signed, forged + signed)))
    assert response.status_code == 403 and not _signed_in(client)
    # The signed assertion altered in place: its digest no longer matches.
    started = start(client)
    xml = decoded(started.answer(PERSON))
    response = started.post(encoded(xml.replace("NRENNA85M50A390O", "RSSMRA80A01F205X")))
    assert response.status_code == 403 and not _signed_in(client)
    assert not User.objects.exists()


def test_level_1_where_2_was_asked_is_refused(client, caplog):
    caplog.set_level(logging.WARNING, logger="trinno.spid")
    started = start(client)
    response = started.post(started.answer(PERSON, level=1))
    _refused(response, caplog, "level")
    assert "livello SPID inferiore" in response.content.decode()
    # Level 3 asked by a call: level 2 is not enough either.
    started = start(client, level="3")
    assert started.post(started.answer(PERSON, level=2)).status_code == 403


def test_a_response_to_another_request_is_refused(client, caplog):
    caplog.set_level(logging.WARNING, logger="trinno.spid")
    first = start(client)
    start(client)  # a second sign-in started: the browser now waits for that one
    _refused(first.post(first.answer(PERSON)), caplog, "unsolicited")
    # And a response posted by a browser that started nothing.
    stranger = Client()
    assert first.post(first.answer(PERSON), client=stranger).status_code == 403
    assert not _signed_in(client) and not _signed_in(stranger)


def test_a_response_from_another_identity_provider_than_chosen_is_refused(client, caplog, settings):
    caplog.set_level(logging.WARNING, logger="trinno.spid")
    started = start(client)
    xml = decoded(started.answer(PERSON))
    # Unsigned envelope claiming another issuer: refused before anything is read.
    forged = xml.replace("http://testserver/spid/test-idp/metadata/", "https://posteid.poste.it")
    assert started.post(encoded(forged)).status_code == 403
    assert not _signed_in(client)


def test_without_browser_binding_the_stored_request_alone_binds_the_response(client, settings):
    """The setting spid-sp-test runs with: a response without the cookie is checked against
    the stored request, and still only once."""
    started = start(client)
    saml_response = started.answer(PERSON)
    stranger = Client()
    assert started.post(saml_response, client=stranger).status_code == 403
    settings.SPID_REQUIRE_BROWSER_BINDING = False
    started = start(client)
    saml_response = started.answer(PERSON)
    assert started.post(saml_response, client=stranger).status_code == 302
    assert started.post(saml_response, client=Client()).status_code == 403
