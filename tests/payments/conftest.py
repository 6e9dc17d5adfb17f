"""The payments tests run innovation-services applications brought past approval by the
aftercare helpers (tests/funding/aftercare_support.py)."""

from ..catalogue_call.conftest import catalogue_call, submit_catalogue  # noqa: F401
