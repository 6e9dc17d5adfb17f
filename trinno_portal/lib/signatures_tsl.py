"""Read an EU trusted list (ETSI TS 119 612 v2: the EU list of trusted lists, LOTL, and
each member state's list, e.g. Italy's, published by AgID): the qualified services a
signature may chain to, with their certificates.

Pure: bytes in, typed values out. The XML is parsed with entities and network access off
(a downloaded file is untrusted input). Only what the verifier needs is read: services of
type CA/QC (qualified certificates) and TSA/QTST (qualified time-stamps, so that a
time-stamp token can be trusted) whose current status is "granted"; and, in the LOTL,
the pointer to each member state's list.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime

from lxml import etree

NS = {"tsl": "http://uri.etsi.org/02231/v2#"}
SERVICE_CA_QC = "http://uri.etsi.org/TrstSvc/Svctype/CA/QC"
SERVICE_TSA_QTST = "http://uri.etsi.org/TrstSvc/Svctype/TSA/QTST"
TRUSTED_SERVICE_TYPES = frozenset({SERVICE_CA_QC, SERVICE_TSA_QTST})
STATUS_GRANTED = "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted"
TSL_MIME_TYPE = "application/vnd.etsi.tsl+xml"


class TrustListError(ValueError):
    """The file is not a trusted list this reader understands."""


@dataclass(frozen=True)
class TrustedService:
    provider: str
    name: str
    service_type: str
    status_since: datetime | None
    certificates: tuple[bytes, ...]  # DER


@dataclass(frozen=True)
class TrustListPointer:
    territory: str
    location: str
    # The certificates that may sign the list pointed to (TS 119 612 5.3.13).
    certificates: tuple[bytes, ...] = ()


@dataclass(frozen=True)
class TrustList:
    territory: str
    sequence_number: int
    issued_at: datetime | None
    next_update: datetime | None
    services: tuple[TrustedService, ...]
    pointers: tuple[TrustListPointer, ...]

    @property
    def is_lotl(self) -> bool:
        return self.territory == "EU"

    def pointer_for(self, territory: str) -> TrustListPointer | None:
        for pointer in self.pointers:
            if pointer.territory == territory.upper() and pointer.location.endswith(".xml"):
                return pointer
        for pointer in self.pointers:
            if pointer.territory == territory.upper():
                return pointer
        return None


def _text(node, path: str) -> str:
    found = node.find(path, NS)
    return (found.text or "").strip() if found is not None else ""


def _when(value: str) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _name(node, path: str) -> str:
    """The English name if given, else the first (TS 119 612 MultiLangNormStringType)."""
    names = node.findall(path + "/tsl:Name", NS)
    for name in names:
        if name.get("{http://www.w3.org/XML/1998/namespace}lang") == "en":
            return (name.text or "").strip()
    return (names[0].text or "").strip() if names else ""


def _certificates(parent, under: str = "") -> tuple[bytes, ...]:
    found = []
    for node in parent.iterfind(
        under + "tsl:ServiceDigitalIdentity/tsl:DigitalId/tsl:X509Certificate", NS
    ):
        try:
            found.append(base64.b64decode("".join((node.text or "").split()), validate=True))
        except (binascii.Error, ValueError) as exc:
            raise TrustListError("a service certificate is not base64") from exc
    return tuple(found)


def parse_trust_list(data: bytes) -> TrustList:
    """The trusted list in `data`; TrustListError if it is not one."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise TrustListError(f"not well-formed XML: {exc}") from exc
    if root.tag != f"{{{NS['tsl']}}}TrustServiceStatusList":
        raise TrustListError("not an ETSI TS 119 612 TrustServiceStatusList")
    scheme = root.find("tsl:SchemeInformation", NS)
    if scheme is None:
        raise TrustListError("SchemeInformation missing")
    try:
        sequence = int(_text(scheme, "tsl:TSLSequenceNumber") or "0")
    except ValueError as exc:
        raise TrustListError("TSLSequenceNumber is not a number") from exc
    pointers = []
    for pointer in scheme.iterfind("tsl:PointersToOtherTSL/tsl:OtherTSLPointer", NS):
        territory = ""
        for info in pointer.iterfind(
            "tsl:AdditionalInformation/tsl:OtherInformation/tsl:SchemeTerritory", NS
        ):
            territory = (info.text or "").strip().upper()
        location = _text(pointer, "tsl:TSLLocation")
        if territory and location:
            pointers.append(
                TrustListPointer(
                    territory=territory,
                    location=location,
                    certificates=_certificates(pointer, "tsl:ServiceDigitalIdentities/"),
                )
            )
    services = []
    for provider in root.iterfind("tsl:TrustServiceProviderList/tsl:TrustServiceProvider", NS):
        provider_name = _name(provider, "tsl:TSPInformation/tsl:TSPName")
        for service in provider.iterfind("tsl:TSPServices/tsl:TSPService", NS):
            info = service.find("tsl:ServiceInformation", NS)
            if info is None:
                continue
            service_type = _text(info, "tsl:ServiceTypeIdentifier")
            status = _text(info, "tsl:ServiceStatus")
            if service_type not in TRUSTED_SERVICE_TYPES or status != STATUS_GRANTED:
                continue
            services.append(
                TrustedService(
                    provider=provider_name,
                    name=_name(info, "tsl:ServiceName"),
                    service_type=service_type,
                    status_since=_when(_text(info, "tsl:StatusStartingTime")),
                    certificates=_certificates(info),
                )
            )
    return TrustList(
        territory=_text(scheme, "tsl:SchemeTerritory").upper(),
        sequence_number=sequence,
        issued_at=_when(_text(scheme, "tsl:ListIssueDateTime")),
        next_update=_when(_text(scheme, "tsl:NextUpdate/tsl:dateTime")),
        services=tuple(services),
        pointers=tuple(pointers),
    )
