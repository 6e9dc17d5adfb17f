import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command

from trinno_portal.accounts.models import User
from trinno_portal.accounts.roles import Role


def _snapshot():
    return {
        g.name: sorted(g.permissions.values_list("codename", flat=True))
        for g in Group.objects.all()
    }


@pytest.mark.django_db
def test_it_creates_every_role_and_loading_twice_changes_nothing():
    call_command("load_portal_data", verbosity=0)
    first = _snapshot()
    call_command("load_portal_data", verbosity=0)
    assert _snapshot() == first
    assert set(first) == {r.value for r in Role}
    assert Group.objects.count() == len(Role)


@pytest.mark.django_db
def test_it_gives_region_officials_only_view_permissions():
    call_command("load_portal_data", verbosity=0)
    perms = Permission.objects.filter(group__name=Role.REGION_OFFICIAL)
    assert perms.exists()
    assert all(p.codename.startswith("view_") for p in perms)


@pytest.mark.django_db
def test_it_loads_demo_accounts_that_can_log_in(client):
    call_command("load_portal_data", "--demo", verbosity=0)
    call_command("load_portal_data", "--demo", verbosity=0)
    assert User.objects.filter(email__endswith="@demo.trinno.test").count() == 8
    assert EmailAddress.objects.filter(verified=True).count() == 8
    assert User.objects.get(email="evaluator@demo.trinno.test").has_role(Role.EVALUATOR)
    staff = User.objects.get(email="staff@demo.trinno.test")
    assert staff.is_staff and staff.has_role(Role.AGENCY_STAFF)
    assert client.login(email="sme@demo.trinno.test", password="Trinno-Demo-2026")


@pytest.mark.django_db
def test_it_refuses_demo_accounts_outside_the_embedded_default(settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="DEMO_MODE"):
        call_command("load_portal_data", "--demo", verbosity=0)
    assert not User.objects.exists()
