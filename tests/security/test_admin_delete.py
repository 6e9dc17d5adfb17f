"""A superuser deletes an abandoned draft that has a document, as the admin's own
docstring says (funding/admin.py: ApplicationAdmin.has_delete_permission)."""

from django.urls import reverse

from audits.call import services
from tests.audits.conftest import fill_draft
from tests.conftest import _user
from trinno_portal.funding.models import Application, Document


def test_a_superuser_deletes_a_draft_with_its_document(client, member, audit_call, roles):
    draft = fill_draft(
        services.audit_application_start(
            call=audit_call, enterprise=member.enterprise, user=member.user
        )
    )
    assert Document.objects.filter(application=draft).exists()
    admin_user = _user("root@example.it", None, is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    url = reverse("admin:funding_application_delete", args=[draft.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert not page.context["perms_lacking"]
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not Application.objects.filter(pk=draft.pk).exists()
    assert not Document.objects.filter(application_id=draft.pk).exists()
