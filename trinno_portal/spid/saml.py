"""The SPID/CIE service provider on pysaml2: its configuration, its metadata, the
AuthnRequest and the reading of a response.

Settings (trinno_portal/settings.py, all from the environment): SPID_SP_ENTITY_ID, SPID_SP_URL
(the public address the ACS is reached at), SPID_SP_KEY_FILE, SPID_SP_CERT_FILE, the IdP
metadata (SPID_IDP_REGISTRY_FILE written by `manage.py spid_registry_load`, plus
SPID_EXTRA_IDP_METADATA), SPID_LEVEL, SPID_CLOCK_SKEW_SECONDS and the contact of the public SP.
"""

import base64
import datetime as dt
from pathlib import Path

from django.conf import settings
from saml2 import BINDING_HTTP_POST, md, samlp
from saml2.client import Saml2Client
from saml2.config import SPConfig
from saml2.metadata import entity_descriptor, sign_entity_descriptor
from saml2.saml import NAMEID_FORMAT_ENTITY, NAMEID_FORMAT_TRANSIENT, AuthnContextClassRef, Issuer
from saml2.sigver import security_context

from .keys import keypair_ensure
from .rules import LEVEL_URI

SIGN_ALG = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
DIGEST_ALG = "http://www.w3.org/2001/04/xmlenc#sha256"
BASIC = "urn:oasis:names:tc:SAML:2.0:attrname-format:basic"
SPID_NS = "https://spid.gov.it/saml-extensions"
ATTRIBUTE_MAPS = Path(__file__).resolve().parent / "attributemaps"
# AgID's attribute consuming service: what the portal asks every identity provider for.
REQUIRED = ("fiscalNumber", "name", "familyName", "email")
OPTIONAL = ("companyName", "ivaCode")  # sent only by a SPID for legal persons


def acs_url() -> str:
    return settings.SPID_SP_URL.rstrip("/") + "/spid/acs/"


def slo_url() -> str:
    return settings.SPID_SP_URL.rstrip("/") + "/spid/logout/"


def _sp_keys() -> tuple[str, str]:
    key, cert = Path(settings.SPID_SP_KEY_FILE), Path(settings.SPID_SP_CERT_FILE)
    if settings.SPID_GENERATE_KEYS:
        keypair_ensure(key_file=key, cert_file=cert, common_name=settings.SPID_SP_ENTITY_ID)
    return str(key), str(cert)


def idp_metadata_files() -> list[str]:
    files = [settings.SPID_IDP_REGISTRY_FILE, *settings.SPID_EXTRA_IDP_METADATA]
    if settings.SPID_TEST_IDP:
        from . import testidp

        files.append(str(testidp.metadata_file()))
    return [str(f) for f in files if f and Path(f).exists()]


def sp_config(metadata_files: list[str] | None = None) -> SPConfig:
    key, cert = _sp_keys()
    config = SPConfig()
    config.load(
        {
            "entityid": settings.SPID_SP_ENTITY_ID,
            "attribute_map_dir": str(ATTRIBUTE_MAPS),
            "xmlsec_binary": settings.SPID_XMLSEC_BINARY,
            "key_file": key,
            "cert_file": cert,
            # Key rollover (README): the next certificate is published before it signs.
            "additional_cert_files": [settings.SPID_SP_NEXT_CERT_FILE]
            if settings.SPID_SP_NEXT_CERT_FILE
            else None,
            "accepted_time_diff": settings.SPID_CLOCK_SKEW_SECONDS,
            "service": {
                "sp": {
                    "name": settings.SPID_SP_NAME,
                    "name_id_format": [NAMEID_FORMAT_TRANSIENT],
                    "endpoints": {
                        "assertion_consumer_service": [(acs_url(), BINDING_HTTP_POST)],
                        "single_logout_service": [(slo_url(), BINDING_HTTP_POST)],
                    },
                    "authn_requests_signed": True,
                    "want_assertions_signed": True,
                    "want_response_signed": True,
                    "allow_unsolicited": False,
                    "only_use_keys_in_metadata": True,
                    "signing_algorithm": SIGN_ALG,
                    "digest_algorithm": DIGEST_ALG,
                    # The attribute consuming service of the metadata (index 0).
                    "required_attributes": list(REQUIRED),
                    "optional_attributes": list(OPTIONAL),
                }
            },
            "metadata": {
                "local": idp_metadata_files() if metadata_files is None else metadata_files
            },
            "organization": {
                "name": [(settings.SPID_ORGANIZATION_NAME, "it")],
                "display_name": [(settings.SPID_ORGANIZATION_NAME, "it")],
                "url": [(settings.SPID_ORGANIZATION_URL, "it")],
            },
        }
    )
    return config


def _contact_person() -> md.ContactPerson:
    """The public SP's contact (Avviso SPID n. 19 v4): IPA code and spid:Public."""
    extensions = md.Extensions(
        extension_elements=[
            _element("IPACode", settings.SPID_CONTACT_IPA_CODE),
            _element("Public", None),
        ]
    )
    return md.ContactPerson(
        contact_type="other",
        extensions=extensions,
        email_address=[md.EmailAddress(text=settings.SPID_CONTACT_EMAIL)],
        telephone_number=[md.TelephoneNumber(text=settings.SPID_CONTACT_PHONE)]
        if settings.SPID_CONTACT_PHONE
        else [],
    )


def _element(tag: str, text: str | None):
    from saml2 import ExtensionElement

    return ExtensionElement(tag, namespace=SPID_NS, text=text)


def sp_metadata() -> str:
    """The SP metadata, signed with the SP key (what AgID and the IdPs receive)."""
    config = sp_config(metadata_files=[])
    descriptor = entity_descriptor(config)
    descriptor.contact_person = [_contact_person()]
    spsso = descriptor.spsso_descriptor
    for index, service in enumerate(spsso.assertion_consumer_service):
        service.index = str(index)
        service.is_default = "true" if index == 0 else None
    for consuming in spsso.attribute_consuming_service:
        consuming.index = "0"
        consuming.service_name = [md.ServiceName(text=settings.SPID_SP_NAME, lang="it")]
        for attribute in consuming.requested_attribute:
            attribute.name_format = BASIC
    # pysaml2 adds an algorithm-support extension that SPID's metadata does not carry.
    descriptor.extensions = None
    _id, signed = sign_entity_descriptor(
        descriptor, None, security_context(config), sign_alg=SIGN_ALG, digest_alg=DIGEST_ALG
    )
    return str(signed)


def client() -> Saml2Client:
    return Saml2Client(sp_config())


def idp_sso_url(saml_client: Saml2Client, entity_id: str) -> str | None:
    try:
        locations = saml_client.metadata.single_sign_on_service(entity_id, BINDING_HTTP_POST)
    except Exception:  # noqa: BLE001 - unknown entity: pysaml2 raises several kinds
        return None
    for location in locations:
        return location["location"]
    return None


def known_idps(saml_client: Saml2Client) -> dict[str, str]:
    """entityID -> display name of every identity provider in the loaded metadata."""
    names = {}
    for entity_id in saml_client.metadata.identity_providers():
        names[entity_id] = (
            saml_client.metadata.name(entity_id, "it")
            or saml_client.metadata.name(entity_id, "en")
            or entity_id
        )
    return names


def authn_request(*, saml_client: Saml2Client, idp: str, level: int) -> tuple[str, str, str]:
    """A signed AuthnRequest to `idp` at `level`: (request id, SSO URL, base64 XML)."""
    destination = idp_sso_url(saml_client, idp)
    if destination is None:
        raise LookupError(idp)
    entity = settings.SPID_SP_ENTITY_ID
    request_id, request = saml_client.create_authn_request(
        destination=destination,
        binding=BINDING_HTTP_POST,
        requested_authn_context=samlp.RequestedAuthnContext(
            authn_context_class_ref=[AuthnContextClassRef(text=LEVEL_URI[level])],
            comparison="minimum",
        ),
        # SPID: levels above 1 require a new authentication every time.
        force_authn="true" if level > 1 else None,
        attribute_consuming_service_index="0",
        issuer=Issuer(text=entity, format=NAMEID_FORMAT_ENTITY, name_qualifier=entity),
        name_id_policy=samlp.NameIDPolicy(format=NAMEID_FORMAT_TRANSIENT),
        sign=True,
        sign_alg=SIGN_ALG,
        digest_alg=DIGEST_ALG,
    )
    xml = str(request)
    return request_id, destination, base64.b64encode(xml.encode()).decode()


def utc(value: str) -> dt.datetime:
    """A SAML xs:dateTime (always UTC, 'Z') as an aware datetime."""
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(dt.UTC)
