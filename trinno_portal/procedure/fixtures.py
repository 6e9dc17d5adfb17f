"""Load fixtures/procedure.json: each call's officer and legal deadline, idempotently."""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from trinno_portal.funding.models import Call
from trinno_portal.procedure.models import CallProcedure


@transaction.atomic
def procedures_fixtures_load() -> str:
    data = json.loads(
        (Path(settings.BASE_DIR) / "fixtures" / "procedure.json").read_text(encoding="utf-8")
    )
    calls = {
        c.code: c for c in Call.objects.filter(code__in=[p["call"] for p in data["procedures"]])
    }
    loaded = 0
    for item in data["procedures"]:
        call = calls.get(item.pop("call"))
        if call is None:
            continue
        # Only where the agency has not set its own: the admin's edits are kept.
        _row, created = CallProcedure.objects.get_or_create(call=call, defaults=item)
        loaded += created
    return f"{loaded} new of {len(data['procedures'])}"
