"""Load the portal's reference data from fixtures/, idempotently.

Every capability adds its step to STEPS; loading twice changes nothing. With --demo
(only where settings.DEMO_MODE is on) it also creates the demo accounts.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from audits.call.payments_demo import payments_demo_load
from audits.selfassessment.services import advanced_fixtures_load, selfassessment_fixtures_load
from catalogue.editions.services import catalogue_fixtures_load
from monitoring.outreach.services import outreach_demo_load
from monitoring.services import monitoring_fixtures_load
from trinno_portal.accounts.services import demo_enterprise_ensure, demo_user_ensure, roles_sync
from trinno_portal.funding.fixtures import (
    agency_identity_load,
    call_documents_demo_load,
    calls_fixtures_load,
)
from trinno_portal.procedure.fixtures import procedures_fixtures_load
from trinno_portal.signatures.demo import demo_pki_ensure
from vouchers.offer.services import vouchers_demo_load, vouchers_fixtures_load

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


def _read(name: str) -> dict:
    data = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    data.pop("_comment", None)
    return data


def load_roles() -> str:
    counts = roles_sync(definitions=_read("roles.json"))
    return ", ".join(f"{role} ({n} permissions)" for role, n in counts.items())


def load_calls() -> str:
    return f"{calls_fixtures_load()} calls"


def load_selfassessment() -> str:
    return selfassessment_fixtures_load()


STEPS = [
    ("roles", load_roles),
    ("agency identity", agency_identity_load),
    ("calls", load_calls),
    # After the calls: each call's responsible officer and legal deadline.
    ("call procedures", procedures_fixtures_load),
    ("self-assessment", load_selfassessment),
    ("advanced assessment", advanced_fixtures_load),
    ("catalogue", catalogue_fixtures_load),
    ("voucher course themes", vouchers_fixtures_load),
    ("monitoring plan", monitoring_fixtures_load),
]


def load_demo_accounts() -> str:
    data = _read("demo_accounts.json")
    for account in data["accounts"]:
        demo_user_ensure(password=data["password"], **account)
    return ", ".join(a["email"] for a in data["accounts"])


def load_demo_enterprise() -> str:
    return str(demo_enterprise_ensure(email="sme@demo.trinno.test"))


DEMO_STEPS = [
    ("demo accounts", load_demo_accounts),
    ("demo enterprise", load_demo_enterprise),
    # After the demo accounts: it needs the agency's user.
    ("demo training agency", vouchers_demo_load),
    # After the demo enterprise: its legal representative gets the demo signer's CF.
    ("demo signing CA", lambda: demo_pki_ensure(legal_rep_email="sme@demo.trinno.test")),
    ("demo events", outreach_demo_load),
    # After the demo enterprise and the staff and control accounts.
    ("demo payment claims", payments_demo_load),
    ("demo call texts", call_documents_demo_load),
]


class Command(BaseCommand):
    help = "Load the portal's reference data (and, with --demo, its demo accounts)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo", action="store_true", help="also load demo accounts and demo data"
        )

    def handle(self, *args, demo: bool = False, **options):
        if demo and not settings.DEMO_MODE:
            raise CommandError(
                "Demo accounts exist only in the embedded default: set DEMO_MODE=true "
                "(never in production) to load them."
            )
        for name, step in STEPS + (DEMO_STEPS if demo else []):
            self.stdout.write(f"{name}: {step()}")
