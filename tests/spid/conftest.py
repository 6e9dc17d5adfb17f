"""An in-process SPID identity provider (pysaml2 as IdP, keys made by the tests) and helpers
that walk the browser's part of a sign-in with Django's test client."""

import base64
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.test import Client

from trinno_portal.spid import saml, testidp

IDP = "http://testserver/spid/test-idp/metadata/"


@pytest.fixture(scope="session")
def spid_keys(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("spid")


@pytest.fixture(autouse=True)
def spid_settings(settings, spid_keys):
    settings.SPID_SP_URL = "http://testserver"
    settings.SPID_SP_ENTITY_ID = "http://testserver/spid/metadata/"
    settings.SPID_SP_KEY_FILE = str(spid_keys / "sp.key")
    settings.SPID_SP_CERT_FILE = str(spid_keys / "sp.crt")
    settings.SPID_GENERATE_KEYS = True
    settings.SPID_IDP_REGISTRY_FILE = str(spid_keys / "no-registry.xml")
    settings.SPID_EXTRA_IDP_METADATA = []
    settings.SPID_TEST_IDP = True
    settings.SPID_TEST_IDP_DIR = str(spid_keys / "idp")
    settings.SPID_LEVEL = 2
    settings.SPID_ONLY_APPLICANTS = False
    settings.SPID_CIE_IDP_ENTITY_ID = (
        "https://idserver.servizicie.interno.gov.it/idp/profile/SAML2/POST/SSO"
    )
    return settings


@dataclass
class Started:
    client: Client
    idp: object
    request: object
    saml_request: str
    relay_state: str

    def answer(self, attributes: dict[str, str], **options) -> str:
        return testidp.respond(self.idp, self.request, attributes, **options)

    def post(self, saml_response: str, client: Client | None = None):
        data = {"SAMLResponse": saml_response, "RelayState": self.relay_state}
        return (client or self.client).post("/spid/acs/", data)


def start(
    client: Client, *, idp: str = IDP, level: str | None = None, next_url: str = ""
) -> Started:
    query = {"idp": idp}
    if level:
        query["level"] = level
    if next_url:
        query["next"] = next_url
    response = client.get("/spid/login/", query)
    assert response.status_code == 200, response.content[:500]
    fields = response.context["fields"]
    server = testidp.server(sp_metadata=saml.sp_metadata())
    request = testidp.read_request(server, fields["SAMLRequest"])
    return Started(client, server, request, fields["SAMLRequest"], fields["RelayState"])


def decoded(saml_response: str) -> str:
    return base64.b64decode(saml_response).decode()


def encoded(xml: str) -> str:
    return base64.b64encode(xml.encode()).decode()


def assertion_of(xml: str) -> str:
    return re.search(r"<(\w+):Assertion .*?</\1:Assertion>", xml, re.S).group(0)


PERSON = dict(testidp.IDENTITIES[2].attributes)
LEGAL_REP = dict(testidp.IDENTITIES[0].attributes)
