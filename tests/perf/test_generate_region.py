"""The synthetic-region command of the benchmark (issue 8): its safety rule, and a tiny
region on PostgreSQL (the command writes with COPY, so it runs on PostgreSQL only)."""

import datetime as dt
from collections import defaultdict

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from stdnum.it import codicefiscale, iva

from trinno_portal.accounts.models import Enterprise, Person, User
from trinno_portal.funding.models import Application, EligibilityOutcome, StatusChange
from trinno_portal.synthetic.accounts import tax_code, vat_number

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the generator writes with COPY"
)
TINY = [
    "--enterprises",
    "60",
    "--applications",
    "150",
    "--people",
    "20",
    "--courses",
    "5",
    "--agencies",
    "2",
    "--staff",
    "2",
    "--officials",
    "1",
]


def test_it_makes_valid_identifiers():
    for serial in (0, 1, 353_699, 9_999_999):
        assert iva.is_valid(vat_number(serial, 51))
    assert codicefiscale.is_valid(tax_code(12345, dt.date(1980, 2, 29), True, "A390"))
    assert tax_code(1, dt.date(1980, 1, 1), False, "A390") != tax_code(
        2, dt.date(1980, 1, 1), False, "A390"
    )


@pytest.mark.django_db
def test_it_refuses_without_the_flag():
    with pytest.raises(CommandError, match="i-know-this-is-a-bench-database"):
        call_command("generate_region")


@pytest.mark.django_db
def test_it_refuses_a_database_with_real_users(applicant):
    with pytest.raises(CommandError, match="Refused"):
        call_command("generate_region", "--i-know-this-is-a-bench-database", *TINY)
    assert not Enterprise.objects.filter(vat_number__startswith="00000").exists()


@postgres_only
@pytest.mark.django_db
def test_it_fills_a_tiny_region_with_gapless_protocol_numbers():
    call_command("generate_region", "--i-know-this-is-a-bench-database", *TINY)

    assert Enterprise.objects.count() == 60
    assert Person.objects.count() == 20
    assert User.objects.exclude(email__endswith="@bench.trinno.test").count() == 0
    applications = Application.objects.count()
    assert 140 <= applications <= 150  # a few drafts give way to the one-draft rule
    assert set(Application.objects.values_list("status", flat=True)) > {"draft", "closed"}
    assert StatusChange.objects.count() > applications
    assert EligibilityOutcome.objects.exists()
    seqs = defaultdict(list)
    for call, year, seq in Application.objects.filter(protocol_seq__isnull=False).values_list(
        "call", "protocol_year", "protocol_seq"
    ):
        seqs[(call, year)].append(seq)
    for numbers in seqs.values():
        assert sorted(numbers) == list(range(1, len(numbers) + 1))
    # approved_at as application_approve writes it (the monitoring counts by it): the
    # time of the approval in the history, on every application approved, on no other.
    approvals = dict(
        StatusChange.objects.filter(to_status="approved").values_list("application", "at")
    )
    assert approvals
    assert (
        dict(Application.objects.filter(approved_at__isnull=False).values_list("pk", "approved_at"))
        == approvals
    )
    # The sequences were reset: the next row the portal writes gets a fresh id.
    user = User.objects.create_user("new@example.org", "x" * 12)
    assert user.pk > User.objects.exclude(pk=user.pk).order_by("-pk").first().pk
