"""The CUP system (DIPE, Sistema CUP) is not reachable from here: a client interface with
the fields a request for a CUP carries, an adapter that writes the CUP system's bulk
request file for staff to upload, and a local fake that assigns codes at once (the tests
and the embedded default). settings.PAYMENTS_CUP_CLIENT chooses.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Protocol
from xml.etree import ElementTree as ET

from django.conf import settings
from django.utils.module_loading import import_string

# Natura 07 is "concessione di incentivi ad unità produttive" in the CUP system's
# classification: the nature of a grant to an enterprise (the agency's three calls).
NATURE_INCENTIVES = "07"


@dataclass(frozen=True)
class CupRequestRow:
    """One operation as the CUP system asks for it (natura 07, incentives)."""

    local_id: str  # the portal's protocol number: the answer is matched back on it
    decision_year: int
    nature: str
    beneficiary_vat: str
    beneficiary_name: str
    instrument: str  # the call's code
    description: str
    province: str
    total_cost: Decimal
    public_funding: Decimal


@dataclass(frozen=True)
class CupAnswer:
    """What the client did: the codes assigned now (the fake) and, for a bulk file, its
    name (the codes come back later, and staff enter them)."""

    assigned: dict[str, str]
    request_file: str = ""


class CupClient(Protocol):
    def request(self, rows: list[CupRequestRow], *, batch: str) -> CupAnswer: ...


class BulkFileCupClient:
    """Writes the bulk request file (XML, one DETTAGLIO per operation) to
    settings.PAYMENTS_CUP_OUTBOX for staff to upload to the CUP system."""

    def __init__(self, outbox: str | Path | None = None) -> None:
        self.outbox = Path(outbox or settings.PAYMENTS_CUP_OUTBOX)

    def request(self, rows: list[CupRequestRow], *, batch: str) -> CupAnswer:
        root = ET.Element("RICHIESTA_GENERAZIONE_CUP", ID_RICHIESTA=batch)
        for row in rows:
            item = ET.SubElement(root, "DETTAGLIO_CUP", ID_LOCALE=row.local_id)
            for tag, value in (
                ("ANNO_DECISIONE", str(row.decision_year)),
                ("NATURA", row.nature),
                ("CODICE_FISCALE_BENEFICIARIO", row.beneficiary_vat),
                ("DENOMINAZIONE_BENEFICIARIO", row.beneficiary_name),
                ("STRUMENTO_PROGRAMMAZIONE", row.instrument),
                ("DESCRIZIONE_INTERVENTO", row.description),
                ("PROVINCIA", row.province),
                ("COSTO", f"{row.total_cost:.2f}"),
                ("FINANZIAMENTO_PUBBLICO", f"{row.public_funding:.2f}"),
            ):
                ET.SubElement(item, tag).text = value
        self.outbox.mkdir(parents=True, exist_ok=True)
        path = self.outbox / f"{batch}.xml"
        ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
        return CupAnswer(assigned={}, request_file=str(path))


class FakeCupClient:
    """Assigns at once a well-formed, deterministic CUP (the embedded default and tests):
    'F' then the classification of an incentive, the year, and a sequence from a hash of
    the protocol number."""

    def request(self, rows: list[CupRequestRow], *, batch: str) -> CupAnswer:
        assigned = {}
        for row in rows:
            sequence = int(hashlib.sha256(row.local_id.encode()).hexdigest(), 16) % 10**9
            assigned[row.local_id] = f"F17B{row.decision_year % 100:02d}{sequence:09d}"
        return CupAnswer(assigned=assigned)


def cup_client() -> CupClient:
    return import_string(settings.PAYMENTS_CUP_CLIENT)()


def batch_name(now: dt.datetime) -> str:
    return "CUP-" + now.strftime("%Y%m%d%H%M%S%f")
