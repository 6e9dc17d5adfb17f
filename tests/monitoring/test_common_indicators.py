"""EU common indicators RCO01 (by size), RCO02 and RCO04 from the known dataset."""

from decimal import Decimal

import pytest

from monitoring import selectors
from monitoring.models import CommonIndicator
from trinno_portal.accounts.models import Enterprise
from trinno_portal.funding.models import Application

from .conftest import END, START

pytestmark = pytest.mark.django_db


def _enterprise(protocol: str) -> Enterprise:
    return Application.objects.get(protocol_number=protocol).enterprise


def test_it_counts_enterprises_once_by_codice_fiscale_in_one_query(
    dataset, django_assert_num_queries
):
    # Supported in 2025 by a grant: E1 E2 E3 E6 E9 E12; by a self-assessment: E10 E4 E1 E15.
    e2 = _enterprise("T-00003")
    e3 = _enterprise("T-00004")
    # Two profiles of the same undertaking (one codice fiscale): counted once.
    Enterprise.objects.filter(pk=e3.pk).update(tax_code=e2.tax_code, size_class="small")
    Enterprise.objects.filter(pk=e2.pk).update(size_class="small")
    with django_assert_num_queries(1):
        values = selectors.common_indicator_values(START, END)
    assert values["rco01"] == Decimal(8)
    assert values["rco02"] == Decimal(5)
    assert values["rco04"] == Decimal(4)
    assert values["rco01_small"] == Decimal(1)
    sizes = sum(values[f"rco01_{size}"] for size in ("micro", "small", "medium", "large"))
    assert sizes == values["rco01"]


def test_each_has_a_target_and_milestones(plan):
    indicators = list(CommonIndicator.objects.all())
    assert {i.measure for i in indicators} == {
        "rco01",
        "rco01_micro",
        "rco01_small",
        "rco01_medium",
        "rco01_large",
        "rco02",
        "rco04",
    }
    assert all(i.milestones and i.target is not None for i in indicators)
