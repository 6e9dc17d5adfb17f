"""Accounts keyed by codice fiscale: linking an e-mail account, SPID-only applicants, CIE,
the IdP registry, and the test IdP kept out of production."""

import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.test import Client

from tests.conftest import PASSWORD
from tests.factories import UserFactory
from tests.spid.conftest import IDP, PERSON, start
from trinno_portal.accounts.models import User
from trinno_portal.spid import testidp
from trinno_portal.spid.registry import identity_providers

pytestmark = pytest.mark.django_db


def test_an_existing_e_mail_is_not_taken_over_by_a_sign_in(client):
    owner = UserFactory(email=PERSON["email"])
    started = start(client)
    response = started.post(started.answer(PERSON))
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    owner.refresh_from_db()
    assert owner.fiscal_number is None


def test_an_e_mail_account_links_its_identity_once_after_a_fresh_password_check(client):
    user = UserFactory(email=PERSON["email"])
    user.set_password(PASSWORD)
    user.save()
    client.force_login(user)
    response = client.post("/spid/collega/", {"password": "wrong-password-1"})
    assert response.status_code == 200 and not response.context["checked"]
    # Without the check the sign-in does not link: the e-mail stays someone else's.
    started = start(client)
    assert started.post(started.answer(PERSON)).status_code == 403

    client.force_login(user)
    response = client.post("/spid/collega/", {"password": PASSWORD})
    assert response.context["checked"]
    started = start(client)
    assert started.post(started.answer(PERSON)).status_code == 302
    user.refresh_from_db()
    assert user.fiscal_number == "NRENNA85M50A390O"
    assert client.session["_auth_user_id"] == str(user.pk)

    # Once: the same account cannot link a second identity.
    client.post("/spid/collega/", {"password": PASSWORD})
    started = start(client)
    other = dict(PERSON, fiscalNumber="TINIT-RSSMRA80A01F205X")
    assert started.post(started.answer(other)).status_code == 403
    user.refresh_from_db()
    assert user.fiscal_number == "NRENNA85M50A390O"


def test_applicants_sign_in_only_with_spid_when_the_setting_says_so(client, settings):
    settings.SPID_ONLY_APPLICANTS = True
    applicant = UserFactory()
    applicant.set_password(PASSWORD)
    applicant.save()
    staff = UserFactory(is_staff=True)
    staff.set_password(PASSWORD)
    staff.save()
    for user in (applicant, staff):
        from allauth.account.models import EmailAddress

        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.post("/accounts/login/", {"login": applicant.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    signup = client.get("/accounts/signup/")
    assert "account/signup_closed.html" in [t.name for t in signup.templates]
    staff_client = Client()
    staff_client.post("/accounts/login/", {"login": staff.email, "password": PASSWORD})
    assert staff_client.session.get("_auth_user_id") == str(staff.pk)


def test_the_login_page_shows_spid_and_cie(client, settings):
    response = client.get("/accounts/login/")
    html = response.content.decode()
    assert "Entra con SPID" in html and "vendor/spid/spid-ico-circle-bb.svg" in html
    assert "/spid/login/?idp=" in html
    assert "Entra con CIE" not in html  # CIE ID's metadata is not loaded
    settings.SPID_CIE_IDP_ENTITY_ID = IDP
    assert "Entra con CIE" in client.get("/accounts/login/").content.decode()


def test_cie_signs_in_the_same_way_without_an_e_mail(client, settings):
    settings.SPID_CIE_IDP_ENTITY_ID = IDP
    started = start(client)
    cie = {"fiscalNumber": "TINIT-NRENNA85M50A390O", "name": "Anna", "familyName": "Neri"}
    assert started.post(started.answer(cie, level=3)).status_code == 302
    user = User.objects.get(fiscal_number="NRENNA85M50A390O")
    assert user.email.endswith("@spid.invalid")


def test_the_registry_command_loads_identity_providers_from_a_file(settings, tmp_path):
    target = tmp_path / "registry.xml"
    settings.SPID_IDP_REGISTRY_FILE = str(target)
    call_command("spid_registry_load", file=str(testidp.metadata_file()))
    assert identity_providers(target.read_bytes()) == [IDP]
    with pytest.raises(Exception, match="no identity provider"):
        bad = tmp_path / "sp.xml"
        bad.write_text(
            '<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"/>'
        )
        call_command("spid_registry_load", file=str(bad))
    assert identity_providers(target.read_bytes()) == [IDP]


def test_production_settings_refuse_the_test_identity_provider():
    env = {
        **os.environ,
        "DEBUG": "false",
        "SPID_TEST_IDP": "true",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "portale.example.it",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import trinno_portal.settings"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0 and "SPID_TEST_IDP is for development only" in result.stderr
    env["SPID_TEST_IDP"] = ""
    ok = subprocess.run(
        [
            sys.executable,
            "-c",
            "import trinno_portal.settings as s; print(s.SPID_TEST_IDP, s.SPID_ONLY_APPLICANTS)",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.stdout.strip() == "False True", ok.stderr


def test_the_menu_names_each_identity_provider_by_its_organisation(client):
    html = client.get("/accounts/login/").content.decode()
    assert "TRINNO test IdP</a>" in html
