"""Junk refused with a message: a course ending on 9999-12-31, right-to-left override
characters in names (security/validators.py: validate_visible_text)."""

import pytest
from django.core.exceptions import ValidationError

from trinno_portal.security.validators import validate_visible_text


@pytest.mark.django_db
def test_a_course_ending_in_9999_is_refused():
    from vouchers.offer.forms import CourseForm

    form = CourseForm(data={"title": "Corso", "start_date": "2027-01-10", "end_date": "9999-12-31"})
    assert not form.is_valid()
    assert "cinque anni" in " ".join(form.errors["end_date"])


@pytest.mark.django_db
def test_a_course_title_with_a_right_to_left_override_is_refused():
    from vouchers.offer.forms import CourseForm

    form = CourseForm(data={"title": "Corso \u202eFDP.exe"})
    assert not form.is_valid()
    assert "invisibili" in " ".join(form.errors["title"])


@pytest.mark.parametrize("value", ["Rossi\u202eLRS", "a\u2066b", "zero\u200bwidth", "bell\x07"])
def test_invisible_formatting_is_refused(value):
    with pytest.raises(ValidationError):
        validate_visible_text(value)


@pytest.mark.parametrize("value", ["Società è più", "riga uno\nriga due", "Ελληνικά", ""])
def test_visible_text_passes(value):
    validate_visible_text(value)
