"""The admin's navigation is built once per officer, language and permissions, and built
again as soon as any of them changes (trinno_portal/admin_site.py)."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission

from trinno_portal.admin_site import PortalAdminSite

pytestmark = pytest.mark.django_db


@pytest.fixture
def builds(monkeypatch):
    calls = []
    real = admin.AdminSite.get_app_list

    def counting(self, request, app_label=None):
        calls.append(app_label)
        return real(self, request, app_label)

    monkeypatch.setattr(admin.AdminSite, "get_app_list", counting)
    admin.site._nav.clear()
    return calls


def _models(response) -> set[str]:
    return {m["object_name"] for app in response.context["available_apps"] for m in app["models"]}


def test_the_portal_uses_its_own_admin_site():
    assert isinstance(admin.site, PortalAdminSite)


def test_it_builds_the_navigation_once_per_officer_and_language(client, staff_user, builds):
    client.force_login(staff_user)
    first = client.get("/admin/")
    client.get("/admin/funding/call/")
    assert builds == [None]
    assert "Application" in _models(first)
    client.get("/en/admin/")
    assert builds == [None, None]


def test_a_permission_withdrawn_shows_at_once(client, official, builds):
    client.force_login(official)
    assert "Call" in _models(client.get("/admin/"))
    official.user_permissions.clear()
    official.groups.clear()
    official.user_permissions.add(Permission.objects.get(codename="view_application"))
    response = client.get("/admin/")
    assert _models(response) == {"Application"}
    assert len(builds) == 2
