"""The signature of a trusted list: an enveloped XML signature (XMLDSig, with the XAdES
baseline properties, ETSI TS 119 612 clause 5.7 and annex B) verified against the
certificates the caller pins: for the EU list of trusted lists, those the Official
Journal of the EU publishes; for a national list, those the LOTL's pointer to it names.

Pure Python on lxml's canonicalisation and `cryptography` (decision 0033): no signxml or
python-xmlsec is installed, and shelling out is what the verifier of signed documents
avoids too. Deliberately narrow, because a trusted list is always signed the same way:
one ds:Signature, a child of the list's root element; a reference with URI="" and the
enveloped-signature transform covering the whole list (so that what is parsed is what
was signed: no signature wrapping); other references only to an element of the signature
by its Id (XAdES SignedProperties); exclusive or inclusive C14N 1.0; RSA (PKCS#1 v1.5) or
ECDSA with SHA-256/384/512. Anything else is refused, not guessed at.

The XAdES SigningCertificateV2 (or the older SigningCertificate) signed property must
name, by its digest, the certificate whose key verified the signature (ETSI EN 319 132-1,
5.2.2): the signed statement of who signed agrees with the key that did.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Iterable

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from lxml import etree

DS = "http://www.w3.org/2000/09/xmldsig#"
XADES = "http://uri.etsi.org/01903/v1.3.2#"
NS = {"ds": DS, "xades": XADES}
ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
C14N = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
C14N_COMMENTS = C14N + "#WithComments"
EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
EXC_C14N_COMMENTS = EXC_C14N + "WithComments"
CANONICALISATIONS = {
    C14N: (False, False),
    C14N_COMMENTS: (False, True),
    EXC_C14N: (True, False),
    EXC_C14N_COMMENTS: (True, True),
}
DIGESTS = {
    "http://www.w3.org/2001/04/xmlenc#sha256": "sha256",
    "http://www.w3.org/2001/04/xmldsig-more#sha384": "sha384",
    "http://www.w3.org/2001/04/xmlenc#sha512": "sha512",
}
_HASHES = {"sha256": hashes.SHA256, "sha384": hashes.SHA384, "sha512": hashes.SHA512}
SIGNATURES = {
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256": ("rsa", "sha256"),
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384": ("rsa", "sha384"),
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512": ("rsa", "sha512"),
    "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256": ("ec", "sha256"),
    "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384": ("ec", "sha384"),
    "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512": ("ec", "sha512"),
}


class XmlSignatureError(ValueError):
    """The list's signature is missing, broken, of a form not accepted, or by a signer
    the caller did not pin."""


def _parse(data: bytes):
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise XmlSignatureError(f"not well-formed XML: {exc}") from exc


def _c14n(node, algorithm: str) -> bytes:
    if algorithm not in CANONICALISATIONS:
        raise XmlSignatureError(f"canonicalisation {algorithm!r} not accepted")
    exclusive, comments = CANONICALISATIONS[algorithm]
    return etree.tostring(node, method="c14n", exclusive=exclusive, with_comments=comments)


def _b64(text: str | None) -> bytes:
    try:
        return base64.b64decode("".join((text or "").split()), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise XmlSignatureError("a base64 value does not decode") from exc


def _the_signature(root):
    signatures = root.findall(".//ds:Signature", NS)
    if not signatures:
        raise XmlSignatureError("the list is not signed")
    if len(signatures) > 1 or signatures[0].getparent() is not root:
        raise XmlSignatureError("one signature is expected, a child of the list's root")
    return signatures[0]


def _whole_document(root, signature, transforms: list[str]) -> bytes:
    """URI="" with the enveloped-signature transform: the list without its signature."""
    if not transforms or transforms[0] != ENVELOPED:
        raise XmlSignatureError('the reference URI="" must use the enveloped-signature transform')
    copy = etree.fromstring(etree.tostring(root))
    position = list(root).index(signature)
    copy.remove(copy[position])
    algorithm = transforms[1] if len(transforms) > 1 else C14N
    if len(transforms) > 2:
        raise XmlSignatureError("a transform not accepted")
    if algorithm in (C14N_COMMENTS, EXC_C14N_COMMENTS):
        # A same-document reference never includes comments (XMLDSig 4.4.3.3).
        algorithm = C14N if algorithm == C14N_COMMENTS else EXC_C14N
    return _c14n(copy, algorithm)


def _signature_element(signature, uri: str, transforms: list[str]) -> bytes:
    """URI="#id": an element inside the signature (XAdES SignedProperties)."""
    wanted = uri[1:]
    found = [node for node in signature.iter() if node.get("Id") == wanted]
    if len(found) != 1:
        raise XmlSignatureError(f"the reference {uri!r} names no single element of the signature")
    if len(transforms) > 1:
        raise XmlSignatureError("a transform not accepted")
    return _c14n(found[0], transforms[0] if transforms else C14N)


def _check_references(root, signature, signed_info) -> None:
    references = signed_info.findall("ds:Reference", NS)
    if not any(r.get("URI") == "" for r in references):
        raise XmlSignatureError('no reference covers the whole list (URI="")')
    for reference in references:
        uri = reference.get("URI")
        transforms = [
            t.get("Algorithm", "") for t in reference.findall("ds:Transforms/ds:Transform", NS)
        ]
        if uri == "":
            content = _whole_document(root, signature, transforms)
        elif uri and uri.startswith("#"):
            content = _signature_element(signature, uri, transforms)
        else:
            raise XmlSignatureError(f"the reference {uri!r} is not accepted")
        method = reference.find("ds:DigestMethod", NS)
        digest_name = DIGESTS.get(method.get("Algorithm", "") if method is not None else "")
        if digest_name is None:
            raise XmlSignatureError("a digest algorithm not accepted")
        expected = _b64(reference.findtext("ds:DigestValue", namespaces=NS))
        if hashlib.new(digest_name, content).digest() != expected:
            raise XmlSignatureError(f"the digest of the reference {uri!r} does not match")


def _verify_value(certificate: x509.Certificate, method: str, value: bytes, data: bytes) -> None:
    kind, digest_name = SIGNATURES[method]
    key = certificate.public_key()
    algorithm = _HASHES[digest_name]()
    try:
        if kind == "rsa" and isinstance(key, rsa.RSAPublicKey):
            key.verify(value, data, padding.PKCS1v15(), algorithm)
        elif kind == "ec" and isinstance(key, ec.EllipticCurvePublicKey):
            # XMLDSig writes r and s side by side (RFC 4051 3.3), not as DER.
            half = len(value) // 2
            r, s = int.from_bytes(value[:half], "big"), int.from_bytes(value[half:], "big")
            key.verify(encode_dss_signature(r, s), data, ec.ECDSA(algorithm))
        else:
            raise XmlSignatureError("the signature method does not fit the signer's key")
    except InvalidSignature as exc:
        raise XmlSignatureError("the signature value does not verify") from exc


def _signed_properties(signature, signed_info):
    """The XAdES SignedProperties, which a reference of SignedInfo must cover (its digest
    was checked with the others): an unsigned copy of the properties proves nothing."""
    found = signature.findall("ds:Object/xades:QualifyingProperties/xades:SignedProperties", NS)
    if len(found) != 1:
        raise XmlSignatureError("one XAdES SignedProperties is expected in the signature")
    properties = found[0]
    covered = {r.get("URI") for r in signed_info.findall("ds:Reference", NS)}
    if not properties.get("Id") or f"#{properties.get('Id')}" not in covered:
        raise XmlSignatureError("the XAdES SignedProperties are not covered by the signature")
    return properties


def _check_signing_certificate(signature, signed_info, certificate_der: bytes) -> None:
    """The signed property SigningCertificateV2 (or SigningCertificate, XAdES 1.3.2)
    names `certificate_der` by its digest (ETSI EN 319 132-1, 5.2.2)."""
    properties = _signed_properties(signature, signed_info)
    holders = [
        holder
        for name in ("SigningCertificateV2", "SigningCertificate")
        for holder in properties.findall(f"xades:SignedSignatureProperties/xades:{name}", NS)
    ]
    if len(holders) != 1:
        raise XmlSignatureError("the XAdES SigningCertificateV2 property is missing")
    certs = holders[0].findall("xades:Cert", NS)
    if not certs:
        raise XmlSignatureError("the XAdES SigningCertificateV2 property names no certificate")
    for cert in certs:
        method = cert.find("xades:CertDigest/ds:DigestMethod", NS)
        digest_name = DIGESTS.get(method.get("Algorithm", "") if method is not None else "")
        if digest_name is None:
            raise XmlSignatureError("a certificate digest algorithm not accepted")
        expected = _b64(cert.findtext("xades:CertDigest/ds:DigestValue", namespaces=NS))
        if hashlib.new(digest_name, certificate_der).digest() == expected:
            return
    raise XmlSignatureError(
        "the XAdES SigningCertificateV2 digest is not the digest of the signer's certificate"
    )


def verify_trust_list_signature(data: bytes, *, signers: Iterable[bytes]) -> bytes:
    """Verify the enveloped signature of the list in `data`, made by one of the pinned
    `signers` (DER certificates); return the signer's certificate (DER), or raise
    XmlSignatureError saying what failed."""
    pinned = {bytes(der) for der in signers}
    if not pinned:
        raise XmlSignatureError("no certificate is pinned for this list's signer")
    root = _parse(data)
    signature = _the_signature(root)
    signed_info = signature.find("ds:SignedInfo", NS)
    if signed_info is None:
        raise XmlSignatureError("SignedInfo missing")
    canonicalisation = signed_info.find("ds:CanonicalizationMethod", NS)
    method = signed_info.find("ds:SignatureMethod", NS)
    method_uri = method.get("Algorithm", "") if method is not None else ""
    if method_uri not in SIGNATURES:
        raise XmlSignatureError(f"signature method {method_uri!r} not accepted")
    _check_references(root, signature, signed_info)
    signed = _c14n(
        signed_info, canonicalisation.get("Algorithm", "") if canonicalisation is not None else ""
    )
    value = _b64(signature.findtext("ds:SignatureValue", namespaces=NS))
    carried = [
        _b64(node.text)
        for node in signature.iterfind("ds:KeyInfo/ds:X509Data/ds:X509Certificate", NS)
    ]
    # The key that verifies must be a pinned certificate's: the one the signature carries
    # if it is pinned, else each pinned one in turn (KeyInfo is optional).
    candidates = [der for der in carried if der in pinned] or sorted(pinned)
    if carried and not any(der in pinned for der in carried):
        raise XmlSignatureError("the list is signed by a certificate that is not pinned for it")
    last_error: XmlSignatureError | None = None
    for der in candidates:
        try:
            _verify_value(x509.load_der_x509_certificate(der), method_uri, value, signed)
        except (XmlSignatureError, ValueError) as exc:
            last_error = exc if isinstance(exc, XmlSignatureError) else XmlSignatureError(str(exc))
            continue
        _check_signing_certificate(signature, signed_info, der)
        return der
    raise last_error or XmlSignatureError("the signature value does not verify")
