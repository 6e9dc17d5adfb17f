"""How the portal speaks to the RNA: the requests and answers of its services, with the
RNA's own field names in the adapters (docs/rna.md), and the client chosen by
settings.RNA_CLIENT: "fake" (tests, the embedded default) or "xml" (the bulk-upload files
an officer loads on the RNA's site, or a transfer job picks up)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

OK = "OK"  # accepted: the COR (or COVAR) is in the answer
KO = "KO"  # refused: the errors say why
QUEUED = "QUEUED"  # written for upload: the COR comes with the RNA's answer file


@dataclass(frozen=True)
class AidRegistration:
    """Registra aiuto: the grant before its concession (DM 115/2017, art. 9)."""

    car: str  # CAR, the measure
    grant_reference: str  # ID_CONCESSIONE_GEST, the granting body's own code
    beneficiary_tax_code: str  # CODICE_FISCALE_BENEFICIARIO
    beneficiary_name: str  # DENOMINAZIONE_BENEFICIARIO
    beneficiary_size: str  # DIMENSIONE_BENEFICIARIO (micro, small, medium, large)
    project_title: str  # TITOLO_PROGETTO
    cup: str  # CUP, where the project has one
    amount: Decimal  # IMPORTO_NOMINALE = ELEMENTO_DI_AIUTO for a grant
    granted_on: dt.date  # DATA_CONCESSIONE
    regulation: str  # REGOLAMENTO, e.g. "2023/2831"


@dataclass(frozen=True)
class ConcessionConfirmation:
    """Conferma concessione: the date and act of the concession (DM 115/2017, art. 9(1))."""

    cor: str
    granted_on: dt.date
    act: str  # ATTO_CONCESSIONE, the decree's number


@dataclass(frozen=True)
class AidVariation:
    """Variazione or revoca of a registered grant (DM 115/2017, art. 9(6))."""

    cor: str
    new_amount: Decimal  # 0 for a full revocation
    on: dt.date
    reason: str
    revocation: bool = False


@dataclass(frozen=True)
class RnaAnswer:
    outcome: str  # OK, KO, QUEUED
    code: str = ""  # COR of a registration, COVAR of a variation
    errors: list[str] = field(default_factory=list)
    upload_file: str = ""


class RnaClient(Protocol):
    def register(self, request: AidRegistration) -> RnaAnswer: ...

    def confirm(self, request: ConcessionConfirmation) -> RnaAnswer: ...

    def vary(self, request: AidVariation) -> RnaAnswer: ...


CLIENTS = {
    "fake": "trinno_portal.rna.fake.FakeRnaClient",
    "xml": "trinno_portal.rna.xml_upload.XmlUploadClient",
}


def rna_client() -> RnaClient:
    try:
        path = CLIENTS[settings.RNA_CLIENT]
    except KeyError:
        raise ValueError(f"RNA_CLIENT must be one of {sorted(CLIENTS)}") from None
    return import_string(path)()
