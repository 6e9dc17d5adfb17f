"""Load the calls of fixtures/calls*.json (one file per scheme) and the agency's identity
of fixtures/agency.json, idempotently."""

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from trinno_portal.funding.models import AgencyIdentity, Call, Envelope
from trinno_portal.rna.services import aid_measure_set


def agency_identity_load() -> str:
    """The agency's identity, only while staff have not filled it in the admin."""
    data = json.loads(
        (Path(settings.BASE_DIR) / "fixtures" / "agency.json").read_text(encoding="utf-8")
    )
    if AgencyIdentity.objects.exists():
        return "kept"
    AgencyIdentity.objects.create(**data["agency"])
    return "loaded"


def calls_fixtures_load() -> int:
    return sum(
        calls_file_load(path)
        for path in sorted((Path(settings.BASE_DIR) / "fixtures").glob("calls*.json"))
    )


@transaction.atomic
def calls_file_load(path: Path) -> int:
    data = json.loads(path.read_text(encoding="utf-8"))
    for item in data["calls"]:
        envelopes = item.pop("envelopes")
        rna = item.pop("rna", None)
        item["open_on"] = dt.date.fromisoformat(item["open_on"])
        if item.get("close_on"):
            item["close_on"] = dt.date.fromisoformat(item["close_on"])
        item["total_budget"] = Decimal(item["total_budget"])
        call, _created = Call.objects.update_or_create(code=item.pop("code"), defaults=item)
        for env in envelopes:
            env["amount"] = Decimal(env["amount"])
            Envelope.objects.update_or_create(call=call, code=env.pop("code"), defaults=env)
        if rna:
            # The call's measure in the RNA (its CAR), which every concession needs.
            aid_measure_set(call=call, **rna)
    return len(data["calls"])
