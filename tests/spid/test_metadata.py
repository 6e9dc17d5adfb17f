import re

import pytest
from saml2.sigver import security_context

from tests.spid.conftest import IDP, start
from trinno_portal.spid import saml

pytestmark = pytest.mark.django_db


def test_it_serves_signed_metadata_with_the_spid_extensions(client, settings):
    response = client.get("/spid/metadata/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/samlmetadata+xml"
    xml = response.content.decode()
    assert security_context(saml.sp_config([])).verify_signature(
        xml,
        cert_file=settings.SPID_SP_CERT_FILE,
        cert_type="pem",
        node_name="urn:oasis:names:tc:SAML:2.0:metadata:EntityDescriptor",
    )
    assert 'entityID="http://testserver/spid/metadata/"' in xml
    assert "xmldsig-more#rsa-sha256" in xml and "xmlenc#sha256" in xml
    assert re.search(r'ContactPerson contactType="other"><\w+:Extensions><\w+:IPACode>', xml)
    assert re.search(r"<\w+:Public/>", xml)
    assert 'Location="http://testserver/spid/acs/" index="0" isDefault="true"' in xml
    for name in ("fiscalNumber", "name", "familyName", "email", "companyName", "ivaCode"):
        assert (
            f'Name="{name}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic"' in xml
        )
    assert 'AuthnRequestsSigned="true"' in xml and 'WantAssertionsSigned="true"' in xml


def test_it_sends_a_signed_authn_request_at_level_2_or_the_level_a_call_asks(client):
    started = start(client)
    request = started.request
    assert request.force_authn == "true"
    context = request.requested_authn_context
    assert context.comparison == "minimum"
    assert context.authn_context_class_ref[0].text == "https://www.spid.gov.it/SpidL2"
    assert request.attribute_consuming_service_index == "0"
    assert request.issuer.format == "urn:oasis:names:tc:SAML:2.0:nameid-format:entity"
    # The IdP checked the signature against the SP metadata to read it at all.
    assert request.destination == "http://testserver/spid/test-idp/sso/"

    higher = start(client, level="3").request
    assert higher.requested_authn_context.authn_context_class_ref[0].text.endswith("SpidL3")
    lower = start(client, level="1").request
    assert lower.requested_authn_context.authn_context_class_ref[0].text.endswith("SpidL2")


def test_it_refuses_an_unknown_identity_provider(client):
    response = client.get("/spid/login/", {"idp": "https://evil.example/"})
    assert response.status_code == 400
    assert IDP not in response.content.decode()


def test_the_next_certificate_is_published_during_a_key_rollover(client, settings, tmp_path):
    from trinno_portal.spid.keys import keypair_ensure

    keypair_ensure(key_file=tmp_path / "n.key", cert_file=tmp_path / "n.crt", common_name="next")
    before = client.get("/spid/metadata/").content.decode()
    settings.SPID_SP_NEXT_CERT_FILE = str(tmp_path / "n.crt")
    after = client.get("/spid/metadata/").content.decode()
    assert before.count('use="signing"') == 1 and after.count('use="signing"') == 2
    next_cert = "".join((tmp_path / "n.crt").read_text().splitlines()[1:-1])
    assert next_cert in after
