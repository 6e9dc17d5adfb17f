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
    from monitoring.models import CommonMeasure

    assert {i.measure for i in indicators} == set(CommonMeasure.values)
    assert all(i.milestones and i.target is not None for i in indicators)


def test_it_counts_esf_participants_once_each_by_what_they_gave(dataset, django_assert_num_queries):
    import datetime as dt

    from tests.vouchers.factories import CourseFactory
    from vouchers.call.participants import age_band, voucher_participant_save
    from vouchers.models import VoucherApplication

    course = CourseFactory()
    vouchers = Application.objects.filter(scheme="voucher").select_related("person")
    given = {
        # P1 twice (counted once), P2, P3 (rejected: not counted), P4.
        "AR": ("female", "employed", "isced_5_8"),
        "FI": ("male", "long_term_unemployed", "isced_3_4"),
        "RM": ("female", "inactive", "isced_0_2"),
    }
    for application in vouchers:
        VoucherApplication.objects.create(
            application=application, course=course, requested_amount=Decimal("1000.00")
        )
        gender, status, isced = given[application.province]
        voucher_participant_save(
            application=application,
            gender=gender,
            labour_status=status,
            isced=isced,
            on=dt.date(2025, 1, 10),
        )
    with django_assert_num_queries(1):
        values = selectors.esf_participant_values(START, END)
    assert values["esf_participants"] == 3  # P1 P2 P4
    assert values["esf_women"] == 2 and values["esf_men"] == 1
    assert values["esf_employed"] == 1
    assert values["esf_unemployed"] == 1 and values["esf_long_term_unemployed"] == 1
    assert values["esf_inactive"] == 1
    assert values["esf_isced_0_2"] == values["esf_isced_3_4"] == values["esf_isced_5_8"] == 1
    assert age_band(dt.date(1995, 1, 11), dt.date(2025, 1, 10)) == "under_30"
    assert age_band(dt.date(1970, 1, 10), dt.date(2025, 1, 10)) == "over_54"
    assert age_band(dt.date(1970, 1, 11), dt.date(2025, 1, 10)) == "30_54"


def test_a_value_outside_the_choices_is_stored_as_not_given(dataset):
    import datetime as dt

    from tests.vouchers.factories import CourseFactory
    from vouchers.call.participants import voucher_participant_save
    from vouchers.models import VoucherApplication

    application = Application.objects.filter(scheme="voucher").first()
    VoucherApplication.objects.create(
        application=application, course=CourseFactory(), requested_amount=Decimal("10.00")
    )
    voucher_participant_save(
        application=application,
        gender="x",
        labour_status="",
        isced="isced_9",
        on=dt.date(2025, 6, 1),
    )
    voucher = VoucherApplication.objects.get(pk=application.pk)
    assert (voucher.participant_gender, voucher.participant_isced) == ("", "")
    assert voucher.participant_age_band
