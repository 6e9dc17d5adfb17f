"""The adapter for the real RNA: the XML files of its bulk upload (caricamento massivo),
one file per request, written to settings.RNA_UPLOAD_DIR for an officer to load on
www.rna.gov.it or for the transfer job that does it.

The element names are those of the RNA's bulk-upload layout for the registration of aid
(LISTA_AIUTI/AIUTO), the confirmation (LISTA_CONFERME/CONFERMA) and the variations
(LISTA_VARIAZIONI/VARIAZIONE) as the RNA's user manual describes them; the official XSD
is given only to registered granting bodies and is not in this repository, so the files
are not validated against it (docs/rna.md says what to check before going live). The
answer (the COR) comes back in the RNA's result file: staff enter it on the grant's
admin page until a reader of that file is written.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from xml.etree import ElementTree as ET

from django.conf import settings
from django.utils import timezone

from trinno_portal.rna.client import (
    QUEUED,
    AidRegistration,
    AidVariation,
    ConcessionConfirmation,
    RnaAnswer,
)


def _sub(parent: ET.Element, tag: str, text: object) -> None:
    ET.SubElement(parent, tag).text = "" if text is None else str(text)


def _date(day: dt.date) -> str:
    return day.isoformat()


def registration_xml(request: AidRegistration) -> bytes:
    root = ET.Element("LISTA_AIUTI")
    aid = ET.SubElement(root, "AIUTO")
    _sub(aid, "CAR", request.car)
    _sub(aid, "ID_CONCESSIONE_GEST", request.grant_reference)
    _sub(aid, "TITOLO_PROGETTO", request.project_title)
    _sub(aid, "CUP", request.cup)
    _sub(aid, "DATA_CONCESSIONE", _date(request.granted_on))
    beneficiary = ET.SubElement(aid, "SOGGETTO_BENEFICIARIO")
    _sub(beneficiary, "CODICE_FISCALE_BENEFICIARIO", request.beneficiary_tax_code)
    _sub(beneficiary, "DENOMINAZIONE_BENEFICIARIO", request.beneficiary_name)
    _sub(beneficiary, "DIMENSIONE_BENEFICIARIO", request.beneficiary_size.upper())
    costs = ET.SubElement(aid, "COSTI")
    cost = ET.SubElement(costs, "COSTO")
    _sub(cost, "REGOLAMENTO", request.regulation)
    _sub(cost, "IMPORTO_NOMINALE", f"{request.amount:.2f}")
    _sub(cost, "ELEMENTO_DI_AIUTO", f"{request.amount:.2f}")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def confirmation_xml(request: ConcessionConfirmation) -> bytes:
    root = ET.Element("LISTA_CONFERME")
    item = ET.SubElement(root, "CONFERMA")
    _sub(item, "COR", request.cor)
    _sub(item, "DATA_CONCESSIONE", _date(request.granted_on))
    _sub(item, "ATTO_CONCESSIONE", request.act)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def variation_xml(request: AidVariation) -> bytes:
    root = ET.Element("LISTA_VARIAZIONI")
    item = ET.SubElement(root, "VARIAZIONE")
    _sub(item, "COR", request.cor)
    _sub(item, "TIPO_VARIAZIONE", "REVOCA" if request.revocation else "VARIAZIONE")
    _sub(item, "DATA_VARIAZIONE", _date(request.on))
    _sub(item, "IMPORTO_NOMINALE", f"{request.new_amount:.2f}")
    _sub(item, "ELEMENTO_DI_AIUTO", f"{request.new_amount:.2f}")
    _sub(item, "MOTIVAZIONE", request.reason)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


class XmlUploadClient:
    def __init__(self, directory: Path | None = None) -> None:
        self.directory = Path(directory or settings.RNA_UPLOAD_DIR)

    def _write(self, kind: str, reference: str, content: bytes) -> RnaAnswer:
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = timezone.now().strftime("%Y%m%dT%H%M%S%f")
        safe = "".join(c if c.isalnum() else "-" for c in reference)
        path = self.directory / f"{kind}-{safe}-{stamp}.xml"
        path.write_bytes(content)
        return RnaAnswer(outcome=QUEUED, upload_file=str(path))

    def register(self, request: AidRegistration) -> RnaAnswer:
        return self._write("aiuto", request.grant_reference, registration_xml(request))

    def confirm(self, request: ConcessionConfirmation) -> RnaAnswer:
        answer = self._write("conferma", request.cor, confirmation_xml(request))
        return RnaAnswer(outcome=answer.outcome, code=request.cor, upload_file=answer.upload_file)

    def vary(self, request: AidVariation) -> RnaAnswer:
        return self._write("variazione", request.cor, variation_xml(request))
