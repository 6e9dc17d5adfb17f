import pytest
from django.db import IntegrityError

from trinno_portal.accounts.models import User


@pytest.mark.django_db
def test_it_logs_in_by_email_lowercased():
    user = User.objects.create_user("Laura.Verdi@Example.IT", "Correct-Horse-2026")
    assert user.email == "laura.verdi@example.it"
    assert user.check_password("Correct-Horse-2026")
    assert not user.is_staff and not user.is_superuser
    assert User.USERNAME_FIELD == "email"


@pytest.mark.django_db
def test_it_refuses_the_same_address_in_another_case():
    User.objects.create_user("laura@example.it", "x")
    with pytest.raises(IntegrityError):
        # Bypass the manager's lowercasing: the database constraint must hold on its own.
        User(email="LAURA@example.it").save()


@pytest.mark.django_db
def test_it_creates_superusers_with_back_office_access():
    admin = User.objects.create_superuser("admin@example.it", "Correct-Horse-2026")
    assert admin.is_staff and admin.is_superuser


def test_it_requires_an_email():
    with pytest.raises(ValueError):
        User.objects.create_user("", "x")
