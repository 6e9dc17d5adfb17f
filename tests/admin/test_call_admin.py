from decimal import Decimal

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse

from trinno_portal.funding.admin import CallAdmin
from trinno_portal.funding.models import Call, Envelope

pytestmark = pytest.mark.django_db


def _change(call) -> str:
    return reverse("admin:funding_call_change", args=[call.pk])


def _form_data(call, **changes) -> dict:
    """What the change form posts: the call's fields and its envelopes' inline rows."""
    envelopes = list(call.envelopes.order_by("pk"))
    data = {
        "code": call.code,
        "scheme": call.scheme,
        "title": call.title,
        "title_en": call.title_en,
        "legal_basis": call.legal_basis,
        "open_on": call.open_on.isoformat(),
        "close_on": "",
        "total_budget": str(call.total_budget),
        "ranking_frequency": call.ranking_frequency,
        "protocol_prefix": call.protocol_prefix,
        "envelopes-TOTAL_FORMS": str(len(envelopes)),
        "envelopes-INITIAL_FORMS": str(len(envelopes)),
        "envelopes-MIN_NUM_FORMS": "0",
        "envelopes-MAX_NUM_FORMS": "1000",
        # The call's published documents (none here): their inline's management form.
        "documents-TOTAL_FORMS": "0",
        "documents-INITIAL_FORMS": "0",
        "documents-MIN_NUM_FORMS": "0",
        "documents-MAX_NUM_FORMS": "1000",
    }
    for i, e in enumerate(envelopes):
        data.update(
            {
                f"envelopes-{i}-id": str(e.pk),
                f"envelopes-{i}-call": str(call.pk),
                f"envelopes-{i}-code": e.code,
                f"envelopes-{i}-name": e.name,
                f"envelopes-{i}-name_en": e.name_en,
                f"envelopes-{i}-kind": e.kind,
                f"envelopes-{i}-amount": str(e.amount),
            }
        )
    data.update(changes)
    return data


def test_it_lists_calls_with_committed_and_available_budget(client, staff_user, audit_call):
    Call.objects.filter(pk=audit_call.pk).update(committed=Decimal("4500.00"))
    client.force_login(staff_user)
    response = client.get(reverse("admin:funding_call_changelist"))
    assert response.status_code == 200
    assert "1.495.500,00 EUR" in response.text


def test_it_never_lets_the_committed_amount_or_staff_edit_the_rules(
    client, staff_user, admin_user, audit_call
):
    client.force_login(staff_user)
    form = client.get(_change(audit_call)).context["adminform"].form
    assert "committed" not in form.fields
    assert "rules" not in form.fields
    envelope_form = client.get(_change(audit_call)).context["inline_admin_formsets"][0].formset
    assert "committed" not in envelope_form.forms[0].fields
    client.force_login(admin_user)
    assert "rules" in client.get(_change(audit_call)).context["adminform"].form.fields


def test_it_saves_a_call_without_touching_the_committed_amounts(client, staff_user, audit_call):
    Call.objects.filter(pk=audit_call.pk).update(committed=Decimal("4500.00"))
    Envelope.objects.filter(call=audit_call, code="manufacturing").update(
        committed=Decimal("4500.00")
    )
    client.force_login(staff_user)
    data = _form_data(audit_call, title="Bando audit 2026", **{"envelopes-0-name": "Manifattura"})
    response = client.post(_change(audit_call), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    audit_call.refresh_from_db()
    assert audit_call.title == "Bando audit 2026"
    assert audit_call.committed == Decimal("4500.00")
    envelope = Envelope.objects.get(call=audit_call, code="manufacturing")
    assert (envelope.name, envelope.committed) == ("Manifattura", Decimal("4500.00"))


def test_it_keeps_an_approval_made_while_the_form_was_open(staff_user, audit_call):
    stale = Call.objects.get(pk=audit_call.pk)
    # An officer approves a grant after the form was read, before it is saved.
    Call.objects.filter(pk=audit_call.pk).update(committed=Decimal("4500.00"))
    stale.title = "Titolo corretto"
    request = RequestFactory().post("/")
    request.user = staff_user
    CallAdmin(Call, site).save_model(request, stale, None, True)
    audit_call.refresh_from_db()
    assert (audit_call.title, audit_call.committed) == ("Titolo corretto", Decimal("4500.00"))


def test_it_refuses_a_budget_below_what_is_committed(client, staff_user, audit_call):
    Call.objects.filter(pk=audit_call.pk).update(committed=Decimal("4500.00"))
    Envelope.objects.filter(call=audit_call, code="manufacturing").update(
        committed=Decimal("4500.00")
    )
    client.force_login(staff_user)
    response = client.post(
        _change(audit_call),
        _form_data(audit_call, total_budget="4000.00", **{"envelopes-0-amount": "4000.00"}),
    )
    assert response.status_code == 200
    assert "total_budget" in response.context["adminform"].form.errors
    assert response.context["inline_admin_formsets"][0].formset.errors[0]["amount"]
    audit_call.refresh_from_db()
    assert audit_call.total_budget == Decimal("1500000.00")


def test_it_never_deletes_a_call_with_applications(client, admin_user, audit_call, eligible):
    eligible()
    client.force_login(admin_user)
    url = reverse("admin:funding_call_delete", args=[audit_call.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Call.objects.filter(pk=audit_call.pk).exists()
