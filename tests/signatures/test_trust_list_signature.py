"""The trusted lists' own XAdES signature (lib/signatures_xml.py): a list is loaded only
when signed by a certificate pinned for it, the LOTL's by the Official Journal's, a
national list's by those the LOTL's pointer names; one that fails keeps the previous load."""

import base64
import hashlib
import shutil
import subprocess

import pytest
from django.core.exceptions import ValidationError

from tests.signatures.pki import NOW
from tests.signatures.tsl import LOTL_IT_LOCATION, italian_list, lotl_pointing_to, sign_list
from trinno_portal.lib.signatures_xml import XmlSignatureError, verify_trust_list_signature
from trinno_portal.signatures.models import TrustedCertificate, TrustListLoad
from trinno_portal.signatures.services import trust_list_load


def _italian(pki, name="Test Qualified CA", der=None):
    return italian_list([("CA/QC", "granted", name, der or pki.root.cert_der)])


def test_a_list_signed_by_the_pinned_certificate_verifies(pki):
    signed = sign_list(_italian(pki), pki.ca)
    assert verify_trust_list_signature(signed, signers=[pki.ca.cert_der]) == pki.ca.cert_der


def test_an_rsa_signature_verifies_too(pki):
    # The demo TSA's key is RSA (lib/signatures_pki.py); the CAs' are ECDSA.
    signed = sign_list(_italian(pki), pki.tsa)
    assert verify_trust_list_signature(signed, signers=[pki.tsa.cert_der]) == pki.tsa.cert_der


@pytest.mark.skipif(not shutil.which("xmlsec1"), reason="xmlsec1 not installed")
def test_the_tests_signature_is_one_xmlsec1_verifies_as_well(pki, tmp_path):
    # An independent implementation agrees with the tests' signer (and so the verifier
    # is not only checked against its own mirror image).
    (tmp_path / "list.xml").write_bytes(sign_list(_italian(pki), pki.ca))
    (tmp_path / "signer.pem").write_bytes(pki.ca.cert_pem)
    result = subprocess.run(
        [
            "xmlsec1",
            "--verify",
            "--pubkey-cert-pem",
            str(tmp_path / "signer.pem"),
            "--id-attr:Id",
            "http://uri.etsi.org/01903/v1.3.2#:SignedProperties",
            str(tmp_path / "list.xml"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "tamper, reason",
    [
        # A provider's name changed after signing.
        (lambda d: d.replace(b"Test Trust Services", b"Evil Trust Services"), "digest"),
        # The signed properties changed (the signing time).
        (
            lambda d: d.replace(b"2026-05-20T00:00:00Z</xades", b"2020-01-01T00:00:00Z</xades"),
            "digest",
        ),
        # The signature value changed.
        (lambda d: d.replace(b"<ds:SignatureValue>", b"<ds:SignatureValue>AAAA"), ""),
        # The signature removed.
        (lambda d: d[: d.index(b"<ds:Signature")] + b"</tsl:TrustServiceStatusList>", "not signed"),
    ],
    ids=["content", "signed_properties", "value", "unsigned"],
)
def test_a_changed_or_unsigned_list_is_refused(pki, tamper, reason):
    signed = sign_list(_italian(pki), pki.ca)
    with pytest.raises(XmlSignatureError, match=reason):
        verify_trust_list_signature(tamper(signed), signers=[pki.ca.cert_der])


def test_the_signed_signing_certificate_digest_must_be_the_signers_certificates(pki):
    # ETSI EN 319 132-1, 5.2.2: the SigningCertificateV2 property names the certificate
    # that signed. Here the pinned key signed, but the property names another
    # certificate (signed as such: every reference digest matches).
    wrong = hashlib.sha256(pki.rogue_root.cert_der).digest()
    signed = sign_list(_italian(pki), pki.ca, certificate_digest=wrong)
    with pytest.raises(XmlSignatureError, match="SigningCertificateV2 digest"):
        verify_trust_list_signature(signed, signers=[pki.ca.cert_der])


def test_a_signing_certificate_digest_changed_after_signing_is_refused(pki):
    signed = sign_list(_italian(pki), pki.ca)
    good = base64.b64encode(hashlib.sha256(pki.ca.cert_der).digest())
    bad = base64.b64encode(hashlib.sha256(pki.rogue_root.cert_der).digest())
    assert good in signed
    with pytest.raises(XmlSignatureError, match="digest"):
        verify_trust_list_signature(signed.replace(good, bad), signers=[pki.ca.cert_der])


def test_a_list_without_the_signing_certificate_property_is_refused(pki):
    signed = sign_list(_italian(pki), pki.ca, signing_certificate=False)
    with pytest.raises(XmlSignatureError, match="SigningCertificateV2 property is missing"):
        verify_trust_list_signature(signed, signers=[pki.ca.cert_der])


def test_a_list_signed_by_another_certificate_is_refused(pki):
    signed = sign_list(_italian(pki), pki.rogue_root)
    with pytest.raises(XmlSignatureError, match="not pinned"):
        verify_trust_list_signature(signed, signers=[pki.ca.cert_der])
    with pytest.raises(XmlSignatureError, match="no certificate is pinned"):
        verify_trust_list_signature(signed, signers=[])


def test_a_second_signature_wrapped_around_the_content_is_refused(pki):
    # Signature wrapping: a genuine signed list hidden inside another root.
    signed = sign_list(_italian(pki), pki.ca)
    inner = signed.split(b"?>", 1)[1]
    wrapped = _italian(pki, name="Rogue CA", der=pki.rogue_root.cert_der).replace(
        b"</tsl:TrustServiceStatusList>",
        b"<tsl:X>" + inner + b"</tsl:X></tsl:TrustServiceStatusList>",
    )
    with pytest.raises(XmlSignatureError):
        verify_trust_list_signature(wrapped, signers=[pki.ca.cert_der])


class _Lists:
    def __init__(self, lists):
        self.lists = lists

    def fetch(self, location):
        return self.lists[location]


@pytest.mark.django_db
def test_the_national_list_must_be_signed_by_the_pointers_certificate(pki):
    lotl = sign_list(lotl_pointing_to(pki.ca.cert_der), pki.root)
    good = sign_list(_italian(pki), pki.ca)
    trust_list_load(
        data=lotl,
        source="eu-lotl.xml",
        client=_Lists({LOTL_IT_LOCATION: good}),
        signers=(pki.root.cert_der,),
        now=NOW,
    )
    assert TrustListLoad.objects.count() == 1
    # The next Italian list is signed by a certificate the LOTL does not name: refused,
    # and the trust store stays as the previous load left it.
    rogue = sign_list(_italian(pki, name="Rogue CA", der=pki.rogue_root.cert_der), pki.rogue_root)
    with pytest.raises(ValidationError, match="IT"):
        trust_list_load(
            data=lotl,
            source="eu-lotl.xml",
            client=_Lists({LOTL_IT_LOCATION: rogue}),
            signers=(pki.root.cert_der,),
            now=NOW,
        )
    assert TrustListLoad.objects.count() == 1
    active = TrustedCertificate.objects.filter(active=True)
    assert [c.der for c in active] == [pki.root.cert_der]


@pytest.mark.django_db
def test_a_lotl_not_signed_by_the_official_journals_certificate_is_refused(pki, settings):
    settings.TRUST_LIST_LOTL_SIGNERS = ""
    lotl = sign_list(lotl_pointing_to(pki.ca.cert_der), pki.root)
    client = _Lists({LOTL_IT_LOCATION: sign_list(_italian(pki), pki.ca)})
    with pytest.raises(ValidationError, match="EU LOTL"):
        trust_list_load(data=lotl, source="eu-lotl.xml", client=client, now=NOW)
    with pytest.raises(ValidationError, match="EU LOTL"):
        trust_list_load(
            data=lotl, source="eu-lotl.xml", client=client, signers=(pki.ca.cert_der,), now=NOW
        )
    assert not TrustListLoad.objects.exists()
