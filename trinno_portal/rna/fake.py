"""A local RNA for tests and the embedded default: it keeps what it receives
(FakeRnaRecord) and answers with codes made from the record's number, so they are
deterministic and never repeat. It refuses what the real RNA refuses first: an unknown
measure and a malformed codice fiscale."""

from __future__ import annotations

import dataclasses
import json
import re

from django.core.serializers.json import DjangoJSONEncoder

from trinno_portal.rna.client import (
    KO,
    OK,
    AidRegistration,
    AidVariation,
    ConcessionConfirmation,
    RnaAnswer,
)
from trinno_portal.rna.models import AidMeasure, FakeRnaRecord

_TAX_CODE = re.compile(r"^(\d{11}|[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z])$")
COR_BASE = 1_000_000


def _payload(request) -> dict:
    return json.loads(json.dumps(dataclasses.asdict(request), cls=DjangoJSONEncoder))


class FakeRnaClient:
    def register(self, request: AidRegistration) -> RnaAnswer:
        errors = []
        if not AidMeasure.objects.filter(car=request.car).exists():
            errors.append(f"CAR {request.car} non presente nel Registro")
        if not _TAX_CODE.match(request.beneficiary_tax_code):
            errors.append("CODICE_FISCALE_BENEFICIARIO non valido")
        if errors:
            return RnaAnswer(outcome=KO, errors=errors)
        record = FakeRnaRecord.objects.create(operation="register", payload=_payload(request))
        return RnaAnswer(outcome=OK, code=str(COR_BASE + record.pk))

    def confirm(self, request: ConcessionConfirmation) -> RnaAnswer:
        FakeRnaRecord.objects.create(operation="confirm", payload=_payload(request))
        return RnaAnswer(outcome=OK, code=request.cor)

    def vary(self, request: AidVariation) -> RnaAnswer:
        record = FakeRnaRecord.objects.create(operation="vary", payload=_payload(request))
        return RnaAnswer(outcome=OK, code=f"V{COR_BASE + record.pk}")
