import datetime as dt

import pytest

from tests.admin.conftest import eligible  # noqa: F401
from trinno_portal.procedure.models import CallProcedure

# Tuesday 1 December 2026, 10:00 in Rome: every test of the clock starts here.
MONDAY = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))


@pytest.fixture
def procedure(audit_call):
    """The audit call with its officer and a notice owed before any rejection."""
    row, _ = CallProcedure.objects.update_or_create(
        call=audit_call,
        defaults={
            "officer_name": "Giulia Bianchi",
            "officer_office": "Ufficio Innovazione",
            "officer_email": "rup@example.it",
            "legal_days": 90,
            "preavviso_required": True,
        },
    )
    return row
