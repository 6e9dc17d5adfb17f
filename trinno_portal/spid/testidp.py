"""A SPID identity provider inside the portal, for the embedded default and the tests only.

pysaml2 acts as the IdP: it reads the portal's signed AuthnRequest and answers with a signed
response and assertion, the attributes of the test identity picked on its page. Its key is
made at first use under var/spid/ (never in the repository). Production settings refuse to
start with SPID_TEST_IDP on (settings.py); the URLs exist only when it is on (spid/urls.py).
"""

import base64
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from saml2 import BINDING_HTTP_POST
from saml2.config import IdPConfig
from saml2.metadata import entity_descriptor
from saml2.saml import NAMEID_FORMAT_TRANSIENT, NameID
from saml2.server import Server

from .keys import keypair_ensure
from .rules import LEVEL_URI
from .saml import ATTRIBUTE_MAPS, BASIC, DIGEST_ALG, SIGN_ALG


@dataclass(frozen=True)
class TestIdentity:
    key: str
    label: str | Promise
    attributes: dict[str, str] = field(default_factory=dict)


# The people of the embedded default. Codici fiscali and the Partita IVA are made up with valid
# check characters; the last two are the attribute sets of SPID's own test users (those of
# AgID's spid-saml-check), so that a newcomer sees what a real IdP sends.
IDENTITIES = (
    TestIdentity(
        "legal_rep",
        _("Giulia Bianchi: legal representative of Oreficeria Aretina srl (SPID, legal person)"),
        {
            "fiscalNumber": "TINIT-BNCGLI80A41A390Z",
            "name": "Giulia",
            "familyName": "Bianchi",
            "email": "giulia.bianchi@oreficeria-aretina.example.it",
            "companyName": "Oreficeria Aretina srl",
            "ivaCode": "VATIT-00743110157",
        },
    ),
    TestIdentity(
        "delegate",
        _("Luca Verdi: consultant, a company's delegate"),
        {
            "fiscalNumber": "TINIT-VRDLCU75C10D612T",
            "name": "Luca",
            "familyName": "Verdi",
            "email": "luca.verdi@studio-consulenza.example.it",
        },
    ),
    TestIdentity(
        "person",
        _("Anna Neri: freelancer (training vouchers)"),
        {
            "fiscalNumber": "TINIT-NRENNA85M50A390O",
            "name": "Anna",
            "familyName": "Neri",
            "email": "anna.neri@example.it",
        },
    ),
    TestIdentity(
        "spid_test_user",
        _("SPID test user (spid-saml-check): Mario Rossi"),
        {
            "spidCode": "SPID-002TEST",
            "fiscalNumber": "TINIT-RSSMRA80A01F205X",
            "name": "Mario",
            "familyName": "Rossi",
            "email": "spid.tech@agid.gov.it",
            "dateOfBirth": "1980-01-01",
        },
    ),
    TestIdentity(
        "spid_test_company",
        _("SPID test user for legal persons (spid-saml-check): Agenzia per l'Italia Digitale"),
        {
            "spidCode": "SPID-003TEST",
            "fiscalNumber": "TINIT-RSSMRA80A01F205X",
            "name": "Mario",
            "familyName": "Rossi",
            "companyName": "Agenzia per l'Italia Digitale",
            "ivaCode": "VATIT-97735020584",
            "email": "spid.tech@agid.gov.it",
        },
    ),
)


def _folder() -> Path:
    return Path(settings.SPID_TEST_IDP_DIR)


def entity_id() -> str:
    return settings.SPID_SP_URL.rstrip("/") + "/spid/test-idp/metadata/"


def sso_url() -> str:
    return settings.SPID_SP_URL.rstrip("/") + "/spid/test-idp/sso/"


def config(*, sp_metadata_file: str | None = None, folder: Path | None = None) -> IdPConfig:
    folder = folder or _folder()
    key, cert = folder / "idp.key", folder / "idp.crt"
    keypair_ensure(key_file=key, cert_file=cert, common_name="TRINNO test IdP")
    conf = IdPConfig()
    conf.load(
        {
            "entityid": entity_id(),
            "attribute_map_dir": str(ATTRIBUTE_MAPS),
            "xmlsec_binary": settings.SPID_XMLSEC_BINARY,
            "key_file": str(key),
            "cert_file": str(cert),
            "service": {
                "idp": {
                    "name": "TRINNO test IdP",
                    "endpoints": {"single_sign_on_service": [(sso_url(), BINDING_HTTP_POST)]},
                    "name_id_format": [NAMEID_FORMAT_TRANSIENT],
                    "policy": {
                        "default": {
                            "lifetime": {"minutes": 5},
                            "attribute_restrictions": None,
                            "name_form": BASIC,
                        }
                    },
                    "want_authn_requests_signed": True,
                }
            },
            "metadata": {"local": [sp_metadata_file] if sp_metadata_file else []},
            # The name the SPID button's menu shows.
            "organization": {
                "name": [("TRINNO test IdP", "it")],
                "display_name": [("TRINNO test IdP", "it")],
                "url": [(settings.SPID_SP_URL, "it")],
            },
        }
    )
    return conf


def metadata_file(folder: Path | None = None) -> Path:
    """The IdP's metadata, written next to its key (the SP reads it like any IdP's)."""
    folder = folder or _folder()
    path = folder / "test-idp-metadata.xml"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(str(entity_descriptor(config(folder=folder))))
    return path


def server(*, sp_metadata: str, folder: Path | None = None) -> Server:
    folder = folder or _folder()
    sp_file = folder / "sp-metadata.xml"
    sp_file.write_text(sp_metadata)
    return Server(config=config(sp_metadata_file=str(sp_file), folder=folder))


def read_request(idp: Server, saml_request: str):
    """The AuthnRequest the portal posted (its signature checked against the SP metadata)."""
    return idp.parse_authn_request(saml_request, BINDING_HTTP_POST).message


def respond(
    idp: Server,
    request,
    attributes: dict[str, str],
    *,
    level: int = 2,
    sign_response: bool = True,
    sign_assertion: bool = True,
    audience: str | None = None,
) -> str:
    """A base64 SAMLResponse for the request; the keyword arguments exist for the tests."""
    destination = request.assertion_consumer_service_url
    sp_entity = audience or request.issuer.text
    response = idp.create_authn_response(
        {name: [value] for name, value in attributes.items()},
        in_response_to=request.id,
        destination=destination,
        sp_entity_id=sp_entity,
        name_id=NameID(
            format=NAMEID_FORMAT_TRANSIENT,
            text=request.id[::-1],
            name_qualifier=idp.config.entityid,
        ),
        authn={"class_ref": LEVEL_URI[level], "authn_auth": idp.config.entityid},
        sign_response=sign_response,
        sign_assertion=sign_assertion,
        sign_alg=SIGN_ALG,
        digest_alg=DIGEST_ALG,
    )
    return base64.b64encode(str(response).encode()).decode()
