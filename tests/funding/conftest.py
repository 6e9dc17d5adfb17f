"""The aftercare tests (test_aftercare_*.py) run applications of the innovation-services
and voucher calls: their fixtures, reused from those directories."""

from ..audits.conftest import audit_call, submit  # noqa: F401
from ..catalogue_call.conftest import catalogue_call, submit_catalogue  # noqa: F401
from ..voucher_call.conftest import (  # noqa: F401
    approved,
    course,
    course_agency,
    course_agency_user,
    entrepreneur,
    make_person,
    submitted,
    voucher_call,
)
