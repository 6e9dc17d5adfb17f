import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.contrib import admin
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from tests.conftest import _user
from trinno_portal.accounts.roles import Role
from trinno_portal.funding.admin_base import EstimatedCountPaginator
from trinno_portal.funding.models import Application
from trinno_portal.funding.queue.admin import OFFICER_CHOICES_SECONDS
from trinno_portal.funding.queue.models import ApplicationNote

from .conftest import bulk_applications

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:funding_application_changelist")


def _messages(response) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


def test_it_lists_10_or_1000_applications_with_the_same_number_of_queries(
    client, staff_user, audit_call
):
    bulk_applications(audit_call, 10)
    client.force_login(staff_user)
    client.get(CHANGELIST)  # the officer choices, read once every few minutes
    filtered = {"status": "eligible", "due": "overdue", "province": "AR", "o": "7"}
    few, few_filtered = _queries(client, CHANGELIST), _queries(client, CHANGELIST, filtered)
    bulk_applications(audit_call, 990, start=10)
    assert Application.objects.count() == 1000
    many, many_filtered = _queries(client, CHANGELIST), _queries(client, CHANGELIST, filtered)
    assert few == many and few_filtered == many_filtered
    assert many <= 10


def test_it_never_counts_past_the_cap(client, staff_user, audit_call, monkeypatch):
    monkeypatch.setattr(EstimatedCountPaginator, "COUNT_CAP", 30)
    bulk_applications(audit_call, 60)
    client.force_login(staff_user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(CHANGELIST)
    counts = [q["sql"] for q in captured if "COUNT(" in q["sql"].upper()]
    assert counts and all("LIMIT 31" in sql for sql in counts)
    cl = response.context["cl"]
    assert cl.result_count == 30 and cl.paginator.capped
    assert cl.full_result_count is None  # show_full_result_count = False
    assert "triage-capped" in response.text


def test_it_filters_on_digital_services_officer_and_overdue(
    client, staff_user, other_officer, audit_call
):
    rows = bulk_applications(audit_call, 6)
    today = timezone.localdate()
    Application.objects.filter(pk=rows[0].pk).update(
        digital_amount=Decimal("2000.00"), assigned_to=staff_user, due_on=today - dt.timedelta(1)
    )
    Application.objects.filter(pk=rows[1].pk).update(assigned_to=other_officer, due_on=today)
    Application.objects.filter(pk__in=[r.pk for r in rows[2:]]).update(
        due_on=today + dt.timedelta(days=10)
    )
    client.force_login(staff_user)

    def listed(**params):
        return {a.pk for a in client.get(CHANGELIST, params).context["cl"].result_list}

    assert listed(digital="yes") == {rows[0].pk}
    assert listed(assigned="me") == {rows[0].pk}
    assert listed(assigned=str(other_officer.pk)) == {rows[1].pk}
    assert listed(assigned="none") == {r.pk for r in rows[2:]}
    assert listed(due="overdue") == {rows[0].pk}
    assert listed(due="soon") == {rows[1].pk}
    page = client.get(CHANGELIST, {"due": "overdue"})
    assert "triage-overdue" in page.text  # overdue items stand out


def test_it_reads_the_officers_once_every_few_minutes(
    client, staff_user, other_officer, audit_call, roles
):
    bulk_applications(audit_call, 3)
    client.force_login(staff_user)
    first = client.get(CHANGELIST)
    assert f"?assigned={other_officer.pk}" in first.text
    newcomer = _user("nuovo@example.it", Role.AGENCY_STAFF, is_staff=True)
    with CaptureQueriesContext(connection) as cached:
        second = client.get(CHANGELIST)
    assert f"?assigned={newcomer.pk}" not in second.text
    # Filtering by the newcomer works at once; their name joins the choices later.
    Application.objects.filter(pk=first.context["cl"].result_list[0].pk).update(
        assigned_to=newcomer
    )
    mine = client.get(CHANGELIST, {"assigned": str(newcomer.pk)}).context["cl"].result_list
    assert len(mine) == 1
    later = timezone.now() + dt.timedelta(seconds=OFFICER_CHOICES_SECONDS + 1)
    with time_machine.travel(later), CaptureQueriesContext(connection) as expired:
        response = client.get(CHANGELIST)
    assert f"?assigned={newcomer.pk}" in response.text
    assert len(expired) == len(cached) + 1  # the officers' query, once in a while


def test_it_links_each_row_to_its_page_with_the_filters_and_a_checkbox(
    client, staff_user, audit_call
):
    rows = bulk_applications(audit_call, 2)
    client.force_login(staff_user)
    filters = {"status__exact": "eligible", "province": "AR"}
    html = client.get(CHANGELIST, filters).text
    change = reverse("admin:funding_application_change", args=[rows[0].pk])
    # Back to the same filtered list after the application's page (Django's own format).
    back = urlencode({"_changelist_filters": urlencode(filters)})
    assert f'<a href="{change}?{back}">{rows[0].protocol_number}</a>' in html
    label = f"Seleziona questo oggetto per intraprendere un'azione - {rows[0].protocol_number}"
    checkbox = (
        f'<input type="checkbox" name="_selected_action" value="{rows[0].pk}" '
        f'class="action-select" aria-label="{label}">'
    )
    assert checkbox in html
    plain = client.get(CHANGELIST).text
    assert f'<a href="{change}">' in plain


def test_it_searches_by_protocol_tax_code_and_names_and_sorts_by_due_date(
    client, staff_user, audit_call
):
    rows = bulk_applications(audit_call, 4)
    person_app = Application.objects.select_related("person").get(pk=rows[1].pk)
    company_app = Application.objects.select_related("enterprise").get(pk=rows[0].pk)
    client.force_login(staff_user)

    def found(q):
        return {a.pk for a in client.get(CHANGELIST, {"q": q}).context["cl"].result_list}

    assert found(rows[2].protocol_number) == {rows[2].pk}
    assert found(person_app.person.tax_code) == {rows[1].pk, rows[3].pk}
    assert found(person_app.person.last_name) == {rows[1].pk, rows[3].pk}
    assert found(company_app.enterprise.tax_code) == {rows[0].pk, rows[2].pk}
    assert found("Manifattura Aretina") == {rows[0].pk, rows[2].pk}
    # By the "due on" column, latest first: not the default order (newest submission).
    due = 1 + admin.site._registry[Application].list_display.index("due")
    cl = client.get(CHANGELIST, {"o": f"-{due}"}).context["cl"]
    dues = [a.due_on for a in cl.result_list]
    assert dues == sorted(dues, reverse=True) and dues != sorted(dues)


def test_it_assigns_ten_applications_to_me_in_one_action(client, staff_user, audit_call):
    rows = bulk_applications(audit_call, 12)
    Application.objects.filter(pk=rows[0].pk).update(assigned_to=staff_user)
    client.force_login(staff_user)
    selected = [r.pk for r in rows[:10]]
    response = client.post(CHANGELIST, {"action": "assign_to_me", "_selected_action": selected})
    assert response.status_code == 302
    assert Application.objects.filter(assigned_to=staff_user).count() == 10
    reported = _messages(response)
    assert [level for level, _t in reported].count("success") == 9
    skipped = [text for level, text in reported if level == "warning"]
    assert len(skipped) == 1 and rows[0].protocol_number in skipped[0]
    assert ApplicationNote.objects.filter(kind="assignment").count() == 9
    mine = client.get(reverse("admin:funding_application_my_queue"), follow=True)
    assert {a.pk for a in mine.context["cl"].result_list} == set(selected)


def test_it_assigns_to_another_officer_after_asking_whom(
    client, staff_user, other_officer, official, audit_call
):
    rows = bulk_applications(audit_call, 2)
    client.force_login(staff_user)
    data = {"action": "assign_to_officer", "_selected_action": [r.pk for r in rows]}
    page = client.post(CHANGELIST, data)
    assert page.status_code == 200
    choices = {str(u) for u in page.context["form"].fields["officer"].queryset}
    assert str(other_officer) in choices and str(official) not in choices
    # An official is not an officer: refused by the form, nothing assigned.
    refused = client.post(CHANGELIST, {**data, "apply": "yes", "officer": official.pk})
    assert refused.status_code == 200 and refused.context["form"].errors
    client.post(CHANGELIST, {**data, "apply": "yes", "officer": other_officer.pk})
    assert Application.objects.filter(assigned_to=other_officer).count() == 2
    client.post(CHANGELIST, {"action": "unassign", "_selected_action": [rows[0].pk]})
    assert Application.objects.filter(assigned_to__isnull=True).count() == 1


def test_it_shows_everything_about_an_application_on_one_page(client, staff_user, eligible):
    application = eligible()
    client.force_login(staff_user)
    url = reverse("admin:funding_application_change", args=[application.pk])
    client.post(
        reverse("admin:funding_application_note", args=[application.pk]),
        {"text": "Telefonato al legale rappresentante"},
    )
    client.post(reverse("admin:funding_application_assign_me", args=[application.pk]))
    text = client.get(url).text
    enterprise = application.enterprise
    assert enterprise.vat_number in text and enterprise.pec in text  # the profile
    assert "Telefonato al legale rappresentante" in text  # the notes
    assert "300.000,00 EUR" in text  # the de minimis ceiling and headroom
    assert "Assegnata a te" in text or "Assigned to you" in text
    assert reverse("admin:funding_application_note", args=[application.pk]) in text


def test_it_refuses_an_empty_note_and_keeps_nothing(client, staff_user, eligible):
    application = eligible()
    client.force_login(staff_user)
    response = client.post(
        reverse("admin:funding_application_note", args=[application.pk]), {"text": " "}
    )
    assert response.status_code == 302
    assert [level for level, _t in _messages(response)] == ["error"]
    assert not ApplicationNote.objects.exists()


def test_it_shows_the_application_page_with_the_same_queries_among_10_or_1000(
    client, staff_user, eligible, audit_call
):
    application = eligible()
    client.force_login(staff_user)
    url = reverse("admin:funding_application_change", args=[application.pk])
    bulk_applications(audit_call, 10)
    client.get(url)  # the officer's navigation, built once (trinno_portal/admin_site.py)
    few = _queries(client, url)
    bulk_applications(audit_call, 990, start=10)
    assert _queries(client, url) == few
