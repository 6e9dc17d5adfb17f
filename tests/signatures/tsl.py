"""Trusted lists in the shape of the real ones (ETSI TS 119 612 v2.x: the EU LOTL and
Italy's list), made by the tests."""

from __future__ import annotations

import base64

LOTL_IT_LOCATION = "https://eidas.agid.gov.it/TL/TSL-IT.xml"

_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<tsl:TrustServiceStatusList xmlns:tsl="http://uri.etsi.org/02231/v2#"
    xmlns:ds="http://www.w3.org/2000/09/xmldsig#"
    xmlns:tslx="http://uri.etsi.org/02231/v2/additionaltypes#"
    Id="TrustServiceStatusList-1" TSLTag="http://uri.etsi.org/19612/TSLTag">
  <tsl:SchemeInformation>
    <tsl:TSLVersionIdentifier>5</tsl:TSLVersionIdentifier>
    <tsl:TSLSequenceNumber>{sequence}</tsl:TSLSequenceNumber>
    <tsl:TSLType>http://uri.etsi.org/TrstSvc/TrustedList/TSLType/{tsl_type}</tsl:TSLType>
    <tsl:SchemeOperatorName><tsl:Name xml:lang="en">{operator}</tsl:Name></tsl:SchemeOperatorName>
    <tsl:SchemeTerritory>{territory}</tsl:SchemeTerritory>
    {pointers}
    <tsl:ListIssueDateTime>2026-05-20T00:00:00Z</tsl:ListIssueDateTime>
    <tsl:NextUpdate><tsl:dateTime>2026-11-20T00:00:00Z</tsl:dateTime></tsl:NextUpdate>
  </tsl:SchemeInformation>
"""


def _service(service_type: str, status: str, name: str, der: bytes) -> str:
    b64 = base64.b64encode(der).decode()
    return f"""
      <tsl:TSPService>
        <tsl:ServiceInformation>
          <tsl:ServiceTypeIdentifier>http://uri.etsi.org/TrstSvc/Svctype/{service_type}</tsl:ServiceTypeIdentifier>
          <tsl:ServiceName>
            <tsl:Name xml:lang="it">{name} (it)</tsl:Name>
            <tsl:Name xml:lang="en">{name}</tsl:Name>
          </tsl:ServiceName>
          <tsl:ServiceDigitalIdentity>
            <tsl:DigitalId><tsl:X509Certificate>{b64}</tsl:X509Certificate></tsl:DigitalId>
            <tsl:DigitalId><tsl:X509SubjectName>CN={name}</tsl:X509SubjectName></tsl:DigitalId>
          </tsl:ServiceDigitalIdentity>
          <tsl:ServiceStatus>http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/{status}</tsl:ServiceStatus>
          <tsl:StatusStartingTime>2016-06-30T22:00:00Z</tsl:StatusStartingTime>
        </tsl:ServiceInformation>
      </tsl:TSPService>"""


def italian_list(services: list[tuple[str, str, str, bytes]], *, sequence: int = 170) -> bytes:
    """Italy's list with one provider offering `services` (type, status, name, DER)."""
    body = "".join(_service(*s) for s in services)
    return (
        _HEAD.format(
            sequence=sequence,
            tsl_type="EUgeneric",
            operator="Agenzia per l'Italia Digitale",
            territory="IT",
            pointers="",
        )
        + f"""  <tsl:TrustServiceProviderList>
    <tsl:TrustServiceProvider>
      <tsl:TSPInformation>
        <tsl:TSPName><tsl:Name xml:lang="en">Test Trust Services S.p.A.</tsl:Name></tsl:TSPName>
      </tsl:TSPInformation>
      <tsl:TSPServices>{body}
      </tsl:TSPServices>
    </tsl:TrustServiceProvider>
  </tsl:TrustServiceProviderList>
</tsl:TrustServiceStatusList>
"""
    ).encode()


def lotl() -> bytes:
    pointer = f"""<tsl:PointersToOtherTSL>
      <tsl:OtherTSLPointer>
        <tsl:TSLLocation>{LOTL_IT_LOCATION}</tsl:TSLLocation>
        <tsl:AdditionalInformation>
          <tsl:OtherInformation><tsl:SchemeTerritory>IT</tsl:SchemeTerritory></tsl:OtherInformation>
          <tsl:OtherInformation><tslx:MimeType>application/vnd.etsi.tsl+xml</tslx:MimeType></tsl:OtherInformation>
        </tsl:AdditionalInformation>
      </tsl:OtherTSLPointer>
      <tsl:OtherTSLPointer>
        <tsl:TSLLocation>https://example.eu/TL-FR.xml</tsl:TSLLocation>
        <tsl:AdditionalInformation>
          <tsl:OtherInformation><tsl:SchemeTerritory>FR</tsl:SchemeTerritory></tsl:OtherInformation>
        </tsl:AdditionalInformation>
      </tsl:OtherTSLPointer>
    </tsl:PointersToOtherTSL>"""
    return (
        _HEAD.format(
            sequence=350,
            tsl_type="EUlistofthelists",
            operator="European Commission",
            territory="EU",
            pointers=pointer,
        )
        + "</tsl:TrustServiceStatusList>\n"
    ).encode()


def lotl_pointing_to(signer_der: bytes) -> bytes:
    """The LOTL whose pointer to Italy names `signer_der` as the Italian list's signer."""
    b64 = base64.b64encode(signer_der).decode()
    identities = (
        "<tsl:ServiceDigitalIdentities><tsl:ServiceDigitalIdentity><tsl:DigitalId>"
        f"<tsl:X509Certificate>{b64}</tsl:X509Certificate>"
        "</tsl:DigitalId></tsl:ServiceDigitalIdentity></tsl:ServiceDigitalIdentities>"
    )
    marker = f"<tsl:TSLLocation>{LOTL_IT_LOCATION}</tsl:TSLLocation>"
    return lotl().replace(marker.encode(), (marker + identities).encode())


XADES = "http://uri.etsi.org/01903/v1.3.2#"
_EXC = "http://www.w3.org/2001/10/xml-exc-c14n#"


def sign_list(
    data: bytes,
    signer,
    *,
    signing_time: str = "2026-05-20T00:00:00Z",
    certificate_digest: bytes | None = None,
    signing_certificate: bool = True,
) -> bytes:
    """`data` with an enveloped XAdES baseline signature by `signer` (an Issued: ECDSA or
    RSA key), made the way the EU's lists are: exclusive C14N, SHA-256, the whole list
    and the SignedProperties referenced, with the SigningCertificateV2 property naming
    the signer's certificate by its SHA-256 (or `certificate_digest`, or none where
    `signing_certificate` is false)."""
    import hashlib

    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, padding
    from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
    from lxml import etree

    ds = "http://www.w3.org/2000/09/xmldsig#"
    root = etree.fromstring(data)

    def digest(node) -> str:
        c14n = etree.tostring(node, method="c14n", exclusive=True, with_comments=False)
        return base64.b64encode(hashlib.sha256(c14n).digest()).decode()

    whole = digest(root)
    is_ec = isinstance(signer.key, ec.EllipticCurvePrivateKey)
    method = "ecdsa-sha256" if is_ec else "rsa-sha256"
    cert = base64.b64encode(signer.cert_der).decode()
    cert_digest = base64.b64encode(
        certificate_digest or hashlib.sha256(signer.cert_der).digest()
    ).decode()
    signing_certificate_v2 = (
        f"""<xades:SigningCertificateV2><xades:Cert><xades:CertDigest>
            <ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>
            <ds:DigestValue>{cert_digest}</ds:DigestValue>
          </xades:CertDigest></xades:Cert></xades:SigningCertificateV2>"""
        if signing_certificate
        else ""
    )
    signature = etree.fromstring(
        f"""<ds:Signature xmlns:ds="{ds}" Id="id-sig">
  <ds:SignedInfo>
    <ds:CanonicalizationMethod Algorithm="{_EXC}"/>
    <ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#{method}"/>
    <ds:Reference Id="r-id-1" URI="">
      <ds:Transforms>
        <ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>
        <ds:Transform Algorithm="{_EXC}"/>
      </ds:Transforms>
      <ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>
      <ds:DigestValue>{whole}</ds:DigestValue>
    </ds:Reference>
    <ds:Reference Type="http://uri.etsi.org/01903#SignedProperties" URI="#xades-id-sig">
      <ds:Transforms><ds:Transform Algorithm="{_EXC}"/></ds:Transforms>
      <ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>
      <ds:DigestValue></ds:DigestValue>
    </ds:Reference>
  </ds:SignedInfo>
  <ds:SignatureValue></ds:SignatureValue>
  <ds:KeyInfo><ds:X509Data><ds:X509Certificate>{cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>
  <ds:Object>
    <xades:QualifyingProperties xmlns:xades="{XADES}" Target="#id-sig">
      <xades:SignedProperties Id="xades-id-sig">
        <xades:SignedSignatureProperties>
          <xades:SigningTime>{signing_time}</xades:SigningTime>
          {signing_certificate_v2}
        </xades:SignedSignatureProperties>
      </xades:SignedProperties>
    </xades:QualifyingProperties>
  </ds:Object>
</ds:Signature>"""
    )
    root.append(signature)
    properties = signature.find(f".//{{{XADES}}}SignedProperties")
    references = signature.findall(f"{{{ds}}}SignedInfo/{{{ds}}}Reference")
    references[1].find(f"{{{ds}}}DigestValue").text = digest(properties)
    signed_info = signature.find(f"{{{ds}}}SignedInfo")
    octets = etree.tostring(signed_info, method="c14n", exclusive=True, with_comments=False)
    if is_ec:
        r, s = decode_dss_signature(signer.key.sign(octets, ec.ECDSA(hashes.SHA256())))
        size = (signer.key.curve.key_size + 7) // 8
        value = r.to_bytes(size, "big") + s.to_bytes(size, "big")
    else:
        value = signer.key.sign(octets, padding.PKCS1v15(), hashes.SHA256())
    signature.find(f"{{{ds}}}SignatureValue").text = base64.b64encode(value).decode()
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
