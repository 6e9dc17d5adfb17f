"""AgID's registry of identity providers: the repository's structural snapshot loaded by the
command, shown in the menu, never trusted; the checks and the nightly refresh."""

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

from tests.spid.conftest import PERSON, start
from trinno_portal.accounts.models import User
from trinno_portal.spid import checks, tasks, testidp
from trinno_portal.spid.registry import (
    FileRegistry,
    identity_providers,
    unsigned_identity_providers,
)

SAMPLE = Path(django_settings.BASE_DIR) / "fixtures" / "spid" / "idp-registry.sample.xml"
ARUBA = "https://loginspid.aruba.it"
POSTE = "https://posteid.poste.it"


@pytest.fixture
def registry(settings, tmp_path) -> Path:
    target = tmp_path / "registry.xml"
    settings.SPID_IDP_REGISTRY_FILE = str(target)
    call_command("spid_registry_load", file=str(SAMPLE))
    return target


def test_the_sample_is_a_registry_without_a_single_certificate():
    xml = SAMPLE.read_bytes()
    idps = identity_providers(xml)
    assert len(idps) == 10 and ARUBA in idps and POSTE in idps
    assert unsigned_identity_providers(xml) == idps
    assert b"X509Certificate" not in xml and b"structural snapshot" in xml.lower()


def test_the_command_loads_the_sample_and_keeps_a_copy_it_is_told_to(registry, tmp_path):
    assert identity_providers(registry.read_bytes()) == identity_providers(SAMPLE.read_bytes())
    other = testidp.metadata_file(tmp_path / "idp")
    call_command("spid_registry_load", file=str(other), if_missing=True)
    assert len(identity_providers(registry.read_bytes())) == 10


@pytest.mark.django_db
def test_the_menu_shows_the_registrys_providers_after_the_local_test_idp(client, registry):
    html = client.get("/accounts/login/").content.decode()
    names = ["TRINNO test IdP", "Aruba ID", "Poste ID", "Sielte ID", "TeamSystem ID"]
    assert all(f"{name}</a>" in html for name in names)
    first = html.index("spid-idp-button-link")
    assert html.index("TRINNO test IdP</a>", first) < min(
        html.index(f"{name}</a>") for name in names[1:]
    )
    assert "spid-idp-arubaid.svg" in html


@pytest.mark.django_db
def test_a_response_signed_by_a_key_not_in_a_downloaded_registry_is_refused(
    client, registry, settings, tmp_path, monkeypatch
):
    # Someone holding any key answers in Aruba's name: the sample gives Aruba no key.
    settings.SPID_TEST_IDP = False
    settings.SPID_TEST_IDP_DIR = str(tmp_path / "impostor")
    (tmp_path / "impostor").mkdir()
    monkeypatch.setattr(testidp, "entity_id", lambda: ARUBA)
    monkeypatch.setattr(testidp, "sso_url", lambda: ARUBA + "/ServiceLoginWelcome")
    started = start(client, idp=ARUBA)
    response = started.post(started.answer(PERSON))
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(fiscal_number="NRENNA85M50A390O").exists()


def test_production_is_warned_of_a_missing_or_sample_registry(settings, tmp_path):
    settings.DEBUG = False
    settings.SPID_IDP_REGISTRY_FILE = str(tmp_path / "missing.xml")
    assert [w.id for w in checks.registry_check(None)] == ["spid.W001"]
    settings.SPID_IDP_REGISTRY_FILE = str(SAMPLE)
    assert [w.id for w in checks.registry_check(None)] == ["spid.W003"]
    settings.SPID_IDP_REGISTRY_FILE = str(testidp.metadata_file(tmp_path / "idp"))
    assert checks.registry_check(None) == []
    settings.DEBUG = True
    settings.SPID_IDP_REGISTRY_FILE = str(tmp_path / "missing.xml")
    assert checks.registry_check(None) == []


@pytest.mark.django_db
def test_production_without_a_registry_says_so_on_the_login_page(client, settings, tmp_path):
    settings.SPID_TEST_IDP = False
    settings.SPID_IDP_REGISTRY_FILE = str(tmp_path / "missing.xml")
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "L'accesso con SPID non è disponibile" in response.content.decode()


def test_the_nightly_refresh_reads_the_registry_and_is_scheduled(settings, tmp_path, monkeypatch):
    target = tmp_path / "registry.xml"
    settings.SPID_IDP_REGISTRY_FILE = str(target)
    monkeypatch.setattr(tasks, "HttpRegistry", lambda url: FileRegistry(SAMPLE))
    assert tasks.registry_refresh() == 10
    assert target.exists()
    beat = settings.CELERY_BEAT_SCHEDULE["spid-registry-refresh"]
    assert beat["task"] == "spid.registry_refresh"
