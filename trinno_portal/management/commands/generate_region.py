"""Fill an empty PostgreSQL database with a synthetic Tuscan region for the benchmark.

    manage.py generate_region --i-know-this-is-a-bench-database [--applications 1000000]

Safety rule (docs/performance.md): it runs only on PostgreSQL, only with the flag
--i-know-this-is-a-bench-database, and only on a database that holds no real data: no
application and no enterprise at all, and no user outside the generated domain
(@bench.trinno.test). Reference data (calls, catalogue, roles) may be there: it is the
output of `load_portal_data`, which the command runs first.

Deterministic: the same --seed and sizes give the same rows. Fast: every table is
written with COPY, with foreign-key triggers off for the loading session only
(session_replication_role = replica; the ids are assigned here, consistently).
"""

import random
import time

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from trinno_portal.synthetic.accounts import BENCH_DOMAIN, Sizes, generate_accounts
from trinno_portal.synthetic.applications import generate_applications
from trinno_portal.synthetic.copy import indexes_detached

# Every generated account shares one precomputed hash: hashing 400,000 passwords would
# take hours and proves nothing. The bench logs its users in with prepared sessions.
BENCH_PASSWORD = "Bench-Trinno-2026"  # noqa: S105 - bench databases only


def big_tables() -> list:
    from audits.call.models import AuditApplication
    from catalogue.call.models import CatalogueApplication, ServiceRequest
    from trinno_portal.accounts.models import Enterprise, Membership, Person, User
    from trinno_portal.funding.models import (
        Application,
        EligibilityOutcome,
        RankingEntry,
        StatusChange,
    )
    from vouchers.call.models import VoucherApplication

    return [
        User,
        User.groups.through,
        Enterprise,
        Membership,
        Person,
        Application,
        StatusChange,
        EligibilityOutcome,
        RankingEntry,
        AuditApplication,
        CatalogueApplication,
        ServiceRequest,
        VoucherApplication,
    ]


def refusal() -> str | None:
    """Why this database must not be filled, or None."""
    from trinno_portal.accounts.models import Enterprise, User
    from trinno_portal.funding.models import Application

    if connection.vendor != "postgresql":
        return "the synthetic region is written with COPY: PostgreSQL only."
    if Application.objects.exists():
        return "the database already holds applications."
    if Enterprise.objects.exists():
        return "the database already holds enterprises."
    if User.objects.exclude(email__endswith=f"@{BENCH_DOMAIN}").exists():
        return "the database holds users that this command did not generate."
    return None


class Command(BaseCommand):
    help = "Fill an empty PostgreSQL database with a synthetic region (benchmark only)."

    def add_arguments(self, parser):
        full = Sizes()
        parser.add_argument(
            "--i-know-this-is-a-bench-database",
            action="store_true",
            dest="confirmed",
            help="required: this database is disposable",
        )
        parser.add_argument("--seed", type=int, default=2026)
        for name in (
            "enterprises",
            "applications",
            "people",
            "courses",
            "agencies",
            "staff",
            "officials",
        ):
            parser.add_argument(f"--{name}", type=int, default=getattr(full, name))

    def handle(self, *args, confirmed: bool, seed: int, **options):
        if not confirmed:
            raise CommandError(
                "This command fills the database with synthetic data. Run it only on a "
                "disposable bench database, with --i-know-this-is-a-bench-database."
            )
        reason = refusal()
        if reason:
            raise CommandError(f"Refused: {reason}")
        sizes = Sizes(**{k: options[k] for k in Sizes.__dataclass_fields__})
        if sizes.enterprises < 1 or sizes.applications < 0 or sizes.staff < 1:
            raise CommandError("At least one enterprise and one staff user are needed.")
        started = time.perf_counter()
        call_command("load_portal_data", verbosity=0)

        def say(what: str, count: int | None = None) -> None:
            elapsed = time.perf_counter() - started
            number = "" if count is None else f"{count:,}"
            self.stdout.write(f"{elapsed:7.1f} s  {number:>10} {what}")

        rng = random.Random(seed)
        password = make_password(BENCH_PASSWORD)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
            with indexes_detached(big_tables()):
                ids = generate_accounts(rng, sizes, password, say)
                generate_applications(rng, sizes, ids, say)
            say("indexes and unique constraints built again")
        # VACUUM as well as ANALYZE: a database that grew over years has been vacuumed
        # by autovacuum all along (visibility map set, index-only scans possible). Left
        # to autovacuum, the vacuum of fourteen million fresh rows would run during the
        # measurements instead (PostgreSQL 13+ vacuums tables after many inserts).
        # VACUUM cannot run in a transaction (a test's): ANALYZE alone there.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
        say("done (vacuumed and analyzed)", sizes.applications)
