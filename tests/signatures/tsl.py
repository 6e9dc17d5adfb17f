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
