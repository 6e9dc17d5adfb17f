import pytest
from django.urls import reverse

from trinno_portal.funding.approval import application_approve
from trinno_portal.funding.models import DeMinimisEntry, Document

pytestmark = pytest.mark.django_db


def test_it_keeps_portal_grants_in_the_ledger_read_only_but_for_the_cor_code(
    client, staff_user, eligible
):
    application = eligible()
    application_approve(application=application, by=staff_user)
    entry = DeMinimisEntry.objects.get(source="portal")
    client.force_login(staff_user)
    listing = client.get(reverse("admin:funding_deminimisentry_changelist"))
    assert listing.status_code == 200
    assert 'value="delete_selected"' not in listing.text
    url = reverse("admin:funding_deminimisentry_change", args=[entry.pk])
    form = client.get(url).context["adminform"].form
    assert set(form.fields) == {"cor_code"}
    response = client.post(url, {"cor_code": "1234567", "amount": "1.00"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.cor_code, entry.amount) == ("1234567", application.grant_amount)
    delete = reverse("admin:funding_deminimisentry_delete", args=[entry.pk])
    assert client.get(delete).status_code == 403


def test_it_shows_documents_read_only(client, staff_user, eligible):
    application = eligible()
    document = Document.objects.get(application=application, kind="quote")
    client.force_login(staff_user)
    listing = client.get(reverse("admin:funding_document_changelist"))
    assert listing.status_code == 200 and "quote.pdf" in listing.text
    url = reverse("admin:funding_document_change", args=[document.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["adminform"].form.fields == {}
    assert 'name="_save"' not in page.text
    assert client.post(url, {"original_name": "x.pdf"}).status_code == 403
    assert client.get(reverse("admin:funding_document_add")).status_code == 403
