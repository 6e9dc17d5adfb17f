"""The payments tests run innovation-services applications brought past approval by the
aftercare helpers (tests/funding/aftercare_support.py)."""

from ..catalogue_call.conftest import catalogue_call, submit_catalogue  # noqa: F401
from ..voucher_call.conftest import (  # noqa: F401, E402
    approved,
    course,
    course_agency,
    course_agency_user,
    entrepreneur,
    make_person,
    submitted,
    voucher_call,
)
