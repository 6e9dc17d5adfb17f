import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from trinno_portal.accounts.services import demo_user_ensure
from vouchers.offer.models import AgencyMembership, Course, CourseState, CourseTheme, TrainingAgency
from vouchers.offer.selectors import approved_courses
from vouchers.offer.services import vouchers_demo_load, vouchers_fixtures_load

pytestmark = pytest.mark.django_db


def test_it_loads_the_course_themes_idempotently():
    vouchers_fixtures_load()
    vouchers_fixtures_load()
    codes = list(CourseTheme.objects.values_list("code", flat=True))
    assert len(codes) == len(set(codes))
    assert {"additive", "reverse_engineering", "iot", "smart_products"} <= set(codes)
    assert {"product_service", "data_digital_skills"} <= set(codes)


def test_it_loads_the_demo_agency_with_an_approved_course():
    user = demo_user_ensure(email="agency@demo.trinno.test", password="x-Pass-2026", full_name="E")
    vouchers_demo_load(agency_user_email="agency@demo.trinno.test")
    vouchers_demo_load(agency_user_email="agency@demo.trinno.test")
    assert TrainingAgency.objects.count() == 1
    assert AgencyMembership.objects.get().user == user
    course = Course.objects.get()
    assert course.state == CourseState.APPROVED
    assert course.themes.exists()
    assert list(approved_courses(on=timezone.localdate())) == [course]


def test_it_moves_the_demo_course_forward_once_it_has_started():
    demo_user_ensure(email="agency@demo.trinno.test", password="x-Pass-2026", full_name="E")
    vouchers_demo_load()
    later = timezone.now() + dt.timedelta(days=100)
    with time_machine.travel(later, tick=False):
        vouchers_demo_load()
        assert approved_courses(on=timezone.localdate()).count() == 1
