import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.audits.conftest import MINIMAL_PDF
from tests.signed import signed_document_attach
from trinno_portal.funding.aftercare import services as aftercare_services
from trinno_portal.funding.aftercare.rules import PaidInvoice
from trinno_portal.funding.approval import application_approve
from trinno_portal.funding.models import (
    Application,
    BudgetCommitment,
    Call,
    DeMinimisEntry,
    Document,
    Envelope,
    StatusChange,
)
from trinno_portal.funding.workflow import Status

from ..factories import ApplicationFactory, MembershipFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:funding_application_changelist")


def _change(application) -> str:
    return reverse("admin:funding_application_change", args=[application.pk])


def _transition(application, name) -> str:
    return reverse("admin:funding_application_transition", args=[application.pk, name])


def _messages(response) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def _many(call, n: int, start: int = 0) -> None:
    now = timezone.now()
    creator = UserFactory(password=None)
    for i in range(start, start + n):
        ApplicationFactory(
            call=call,
            created_by=creator,
            status=Status.SUBMITTED,
            protocol_number=f"AUD-2026-{i + 1:06d}",
            submitted_at=now - dt.timedelta(minutes=i),
            grant_amount=Decimal("4500.00"),
            province="AR",
            size_class="micro",
            # Every other one is a person's application: both columns must be joined.
            **({"enterprise": None, "person": PersonFactory(user__password=None)} if i % 2 else {}),
        )


def test_it_lists_applications_with_a_constant_number_of_queries(
    client, staff_user, audit_call, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff_user)
    _many(audit_call, 5)
    with CaptureQueriesContext(connection) as few:
        response = client.get(CHANGELIST)
    assert len(response.context["cl"].result_list) == 5
    _many(audit_call, 50, start=Application.objects.count())
    # The same queries for 5 and for a full page of 50 (PostgreSQL adds the row estimate).
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(CHANGELIST)
    # Nine queries on SQLite and one for the page's legal clocks (procedure/selectors.py:
    # clocks_for_page); PostgreSQL's row estimate (instead of a whole-table count) is one more.
    assert len(few.captured_queries) <= (11 if connection.vendor == "postgresql" else 10)
    assert response.status_code == 200
    assert "AUD-2026-000001" in response.text
    assert len(response.context["cl"].result_list) == 50


def test_it_filters_by_province_and_size_class_and_searches_the_vat_number(
    client, staff_user, audit_call
):
    _many(audit_call, 4)
    first = Application.objects.get(protocol_number="AUD-2026-000001")
    Application.objects.filter(pk=first.pk).update(province="FI", size_class="small")
    client.force_login(staff_user)
    listed = client.get(CHANGELIST, {"province": "FI", "size_class": "small"}).context["cl"]
    assert [a.pk for a in listed.result_list] == [first.pk]
    found = client.get(CHANGELIST, {"q": first.enterprise.vat_number}).context["cl"]
    assert [a.pk for a in found.result_list] == [first.pk]


def test_it_shows_the_change_page_with_history_outcomes_documents_and_budget(
    client, staff_user, eligible
):
    application = eligible()
    client.force_login(staff_user)
    response = client.get(_change(application))
    assert response.status_code == 200
    text = response.text
    assert application.protocol_number in text
    assert "quote.pdf" in text  # the documents inline
    assert "Audit Industria 4.0" in text  # the cost items inline
    assert "Digital Innovation Hub Toscana" in text  # the audit detail
    formsets = {f.opts.model._meta.model_name: f for f in response.context["inline_admin_formsets"]}
    assert len(list(formsets["eligibilityoutcome"])) == 7  # one row per rule
    assert {"statuschange", "auditapplication", "budgetcommitment"} <= set(formsets)
    # The budget panel: 1,350,000 EUR left in the envelope, 4,500 EUR less after approval.
    assert "1.345.500,00 EUR" in text
    # The buttons of the transitions staff may make from "eligible".
    assert _transition(application, "approve") in text
    assert _transition(application, "start_assessment") in text
    assert _transition(application, "close") not in text


def test_it_makes_no_field_editable_and_saves_nothing_posted(client, staff_user, eligible):
    application = eligible()
    client.force_login(staff_user)
    response = client.get(_change(application))
    assert response.context["adminform"].form.fields == {}
    assert 'name="_save"' not in response.text
    client.post(_change(application), {"status": "approved", "grant_amount": "99999.00"})
    application.refresh_from_db()
    assert application.status == Status.ELIGIBLE
    assert application.grant_amount == Decimal("4500.00")


def test_it_approves_through_the_action_and_commits_the_budget(client, staff_user, eligible):
    application = eligible()
    client.force_login(staff_user)
    data = {"action": "approve", "_selected_action": [application.pk]}
    # First the effect, and nothing moves until the officer confirms.
    page = client.post(CHANGELIST, data)
    assert page.status_code == 200
    assert page.templates[0].name == "admin/funding/transition_confirm.html"
    assert "4.500,00 EUR" in page.text and 'name="confirm"' in page.text
    application.refresh_from_db()
    assert application.status == Status.ELIGIBLE
    assert Call.objects.get(pk=application.call_id).committed == Decimal("0.00")
    response = client.post(CHANGELIST, {**data, "confirm": "yes"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.APPROVED
    assert Call.objects.get(pk=application.call_id).committed == Decimal("4500.00")
    assert BudgetCommitment.objects.get().amount == Decimal("4500.00")
    assert DeMinimisEntry.objects.filter(source="portal").count() == 1
    change = StatusChange.objects.filter(application=application).last()
    assert (change.to_status, change.by) == (Status.APPROVED, staff_user)
    assert [level for level, _text in _messages(response)] == ["success"]


def test_it_reports_per_item_what_a_bulk_approval_skipped(client, staff_user, eligible):
    first, second, third = eligible(), eligible(), eligible()
    # 6,000 EUR left in the envelope: the first grant (4,500) fits, the others do not.
    Envelope.objects.filter(call=first.call, code="manufacturing").update(
        committed=Decimal("1344000.00")
    )
    client.force_login(staff_user)
    data = {"action": "approve", "_selected_action": [third.pk, first.pk, second.pk]}
    # The confirmation says beforehand which will not fit, in the order they will run.
    effects = client.post(CHANGELIST, data).context["effects"]
    assert [e.application.pk for e in effects] == [first.pk, second.pk, third.pk]
    assert [bool(e.refusal) for e in effects] == [False, True, True]
    assert "Manifatturiero" in effects[1].refusal
    response = client.post(CHANGELIST, {**data, "confirm": "yes"})
    statuses = dict(Application.objects.values_list("pk", "status"))
    assert statuses == {
        first.pk: Status.APPROVED,
        second.pk: Status.ELIGIBLE,
        third.pk: Status.ELIGIBLE,
    }
    reported = _messages(response)
    assert reported[0][0] == "success" and first.protocol_number in reported[0][1]
    skipped = [text for level, text in reported if level == "warning"]
    assert len(skipped) == 2
    assert second.protocol_number in skipped[0] and third.protocol_number in skipped[1]
    assert all("Manifatturiero" in text for text in skipped)  # the service's reason
    assert Envelope.objects.get(call=first.call, code="manufacturing").committed == Decimal(
        "1348500.00"
    )


def test_it_asks_a_reason_before_requesting_information_and_e_mails_the_members(
    client, staff_user, eligible, django_capture_on_commit_callbacks
):
    application = eligible()
    mail.outbox.clear()  # what submission sent
    delegate = MembershipFactory(enterprise=application.enterprise, role="delegate")
    client.force_login(staff_user)
    data = {"action": "request_info", "_selected_action": [application.pk]}

    page = client.post(CHANGELIST, data)
    assert page.status_code == 200
    assert page.templates[0].name == "admin/funding/transition_reason.html"
    assert 'name="reason"' in page.text and "csrfmiddlewaretoken" in page.text
    # Posted without a reason: the form again, and nothing happens.
    again = client.post(CHANGELIST, {**data, "apply": "yes", "reason": "  "})
    assert again.status_code == 200 and again.context["form"].errors
    application.refresh_from_db()
    assert application.status == Status.ELIGIBLE
    assert mail.outbox == []

    reason = "Inviate il preventivo firmato dal fornitore."
    # The e-mail leaves once the request is committed (transitions.transition_run).
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CHANGELIST, {**data, "apply": "yes", "reason": reason})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.INFO_REQUESTED
    assert StatusChange.objects.filter(application=application).last().reason == reason
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    owner = application.enterprise.memberships.exclude(pk=delegate.pk).get().user
    assert sorted(message.to) == sorted([owner.email, delegate.user.email])
    assert application.protocol_number in message.subject
    assert reason in message.body


def test_it_runs_a_transition_from_the_change_page_button(client, staff_user, eligible):
    application = eligible()
    client.force_login(staff_user)
    response = client.post(_transition(application, "start_assessment"))
    assert response.status_code == 302 and response.url == _change(application)
    application.refresh_from_db()
    assert application.status == Status.UNDER_ASSESSMENT
    # A reason-needing transition shows the reason form first.
    page = client.post(_transition(application, "reject"))
    assert page.status_code == 200 and 'name="reason"' in page.text
    client.post(_transition(application, "reject"), {"apply": "yes", "reason": "Fuori ambito"})
    application.refresh_from_db()
    assert application.status == Status.REJECTED


def test_it_refuses_a_transition_that_is_no_longer_possible(client, staff_user, eligible):
    application = eligible()
    client.force_login(staff_user)
    client.post(_transition(application, "close"))
    application.refresh_from_db()
    assert application.status == Status.ELIGIBLE
    assert client.post(_transition(application, "submit")).status_code == 404


def test_it_lets_a_region_official_read_everything_and_change_nothing(client, official, eligible):
    application = eligible()
    client.force_login(official)
    listing = client.get(CHANGELIST)
    assert listing.status_code == 200
    assert listing.context["action_form"] is None
    assert 'name="action"' not in listing.text
    page = client.get(_change(application))
    assert page.status_code == 200
    assert _transition(application, "approve") not in page.text
    assert client.post(_transition(application, "approve")).status_code == 403
    assert client.get(_transition(application, "approve")).status_code == 403
    response = client.post(CHANGELIST, {"action": "approve", "_selected_action": [application.pk]})
    application.refresh_from_db()
    assert application.status == Status.ELIGIBLE
    assert response.status_code in (200, 302)


def test_it_keeps_submitted_applications_from_deletion(client, staff_user, eligible):
    application = eligible()
    client.force_login(staff_user)
    delete_url = reverse("admin:funding_application_delete", args=[application.pk])
    assert client.get(delete_url).status_code == 403
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert Application.objects.filter(pk=application.pk).exists()


def test_it_accepts_an_audit_final_report_through_the_audit_service(client, staff_user, eligible):
    application = eligible()
    application_approve(application=application, by=staff_user)
    Document.objects.create(
        application=application,
        kind="signed_letter",
        file=SimpleUploadedFile("letter.pdf", MINIMAL_PDF),
        original_name="letter.pdf",
        content_type="application/pdf",
        size=len(MINIMAL_PDF),
        sha256="1" * 64,
        uploaded_by=application.created_by,
    )
    aftercare_services.agreement_accept(application=application, by=application.created_by)
    signed_document_attach(application, "final_report")
    today = timezone.localdate()
    aftercare_services.final_report_submit(
        application=application,
        by=application.created_by,
        summary="Audit svolto",
        results="Piano di digitalizzazione",
        invoices=[
            # 6,000 EUR paid: 60 % of it is 3,600 EUR, less than the 4,500 approved.
            PaidInvoice("1/2026", today, "DIH Toscana", Decimal("6000.00"), today)
        ],
    )
    client.force_login(staff_user)
    page = client.get(_change(application))
    assert "DIH Toscana" in page.text  # the invoices inline
    # The confirmation shows the cut and the invoice it was computed on.
    page = client.post(_transition(application, "accept_final_report"))
    (effect,) = page.context["effects"]
    assert (effect.committed_before, effect.committed_after) == (
        Decimal("4500.00"),
        Decimal("3600.00"),
    )
    assert "DIH Toscana" in page.text and "-900,00 EUR" in page.text
    application.refresh_from_db()
    assert application.status == Status.FINAL_REPORT
    client.post(_transition(application, "accept_final_report"), {"confirm": "yes"})
    application.refresh_from_db()
    assert application.status == Status.MONITORING
    assert application.final_grant == Decimal("3600.00")
    # What is no longer needed went back to the call.
    assert Call.objects.get(pk=application.call_id).committed == Decimal("3600.00")
