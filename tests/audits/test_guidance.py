"""What the applicant is told where it matters: a funded audit still running when a new
application starts (the call page and the draft's pages), and the next step after the
funding simulator (docs/journey.md)."""

import datetime as dt

import pytest
from django.urls import reverse

from audits.call import rules, selectors, services
from trinno_portal.accounts.models import SizeClass
from trinno_portal.funding.models import Application, Call
from trinno_portal.funding.workflow import Status

from ..factories import MembershipFactory
from .conftest import fill_draft

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("status", "running"),
    [
        (Status.APPROVED, True),
        (Status.IN_PROGRESS, True),
        (Status.FINAL_REPORT, True),
        (Status.DRAFT, False),
        (Status.SUBMITTED, False),
        (Status.REJECTED, False),
        (Status.WITHDRAWN, False),
        (Status.MONITORING, False),
        (Status.CLOSED, False),
    ],
)
def test_it_counts_a_grant_as_running_from_approval_to_the_final_report(status, running):
    assert rules.grant_is_running(status) is running


def _running_audit(audit_call, membership, submit, status=Status.IN_PROGRESS) -> Application:
    draft = services.audit_application_start(
        call=audit_call, enterprise=membership.enterprise, user=membership.user
    )
    application = submit(fill_draft(draft), membership.user)
    Application.objects.filter(pk=application.pk).update(status=status)
    application.refresh_from_db()
    return application


def test_the_selector_finds_only_the_enterprises_running_grants(audit_call, member, submit):
    running = _running_audit(audit_call, member, submit)
    other = MembershipFactory()
    _running_audit(audit_call, other, submit)
    closed = MembershipFactory(user=member.user)
    _running_audit(audit_call, closed, submit, status=Status.CLOSED)
    ids = [member.enterprise_id, closed.enterprise_id]
    assert selectors.audit_grants_running(ids) == [running]
    assert selectors.audit_grants_running(ids, exclude=running.pk) == []


@pytest.mark.parametrize(
    ("prefix", "words"),
    [("", "Un progetto finanziato di questa impresa è ancora in corso"), ("/en", "still running")],
)
def test_the_call_page_warns_of_a_running_audit_and_still_lets_apply(
    client, audit_call, member, submit, prefix, words
):
    running = _running_audit(audit_call, member, submit)
    client.force_login(member.user)
    body = client.get(f"{prefix}/audit/bando/").content.decode()
    assert words in body
    assert running.protocol_number in body
    assert f'{prefix}/audit/domanda/{running.pk}/"' in body
    assert 'id="start-application"' in body


def test_the_call_page_says_nothing_without_a_running_audit(client, audit_call, member, submit):
    _running_audit(audit_call, member, submit, status=Status.REJECTED)
    client.force_login(member.user)
    body = client.get("/audit/bando/").content.decode()
    assert "portal-grant-running" not in body
    assert 'id="start-application"' in body


@pytest.mark.parametrize(
    ("prefix", "words"),
    [("", "non vieta una nuova domanda"), ("/en", "does not forbid a new application")],
)
def test_the_new_draft_s_pages_warn_of_the_running_audit(
    client, audit_call, member, submit, prefix, words
):
    running = _running_audit(audit_call, member, submit)
    client.force_login(member.user)
    response = client.post("/audit/domanda/nuova/", {"enterprise": member.enterprise.pk})
    draft = Application.objects.get(enterprise=member.enterprise, status=Status.DRAFT)
    assert response.url == f"/audit/domanda/{draft.pk}/passo/project/"
    for page in (
        f"{prefix}/audit/domanda/{draft.pk}/passo/project/",
        f"{prefix}/audit/domanda/{draft.pk}/riepilogo/",
    ):
        body = client.get(page).content.decode()
        assert words in body, page
        assert running.protocol_number in body, page


def test_the_call_and_step_pages_keep_their_queries_constant(
    client, audit_call, member, submit, django_assert_max_num_queries
):
    client.force_login(member.user)
    _running_audit(audit_call, member, submit)
    client.post("/audit/domanda/nuova/", {"enterprise": member.enterprise.pk})
    draft = Application.objects.get(enterprise=member.enterprise, status=Status.DRAFT)
    step = f"/audit/domanda/{draft.pk}/passo/project/"
    client.get("/audit/bando/")
    with django_assert_max_num_queries(14) as call_page:
        client.get("/audit/bando/")
    call_queries = len(call_page.captured_queries)
    with django_assert_max_num_queries(20) as step_page:
        client.get(step)
    step_queries = len(step_page.captured_queries)
    for _ in range(3):
        # More running audits of the draft's company (started while it had no draft) and
        # of another company of the same member.
        again = _running_audit(audit_call, MembershipFactory(user=member.user), submit)
        Application.objects.filter(pk=again.pk).update(enterprise=member.enterprise)
        _running_audit(audit_call, MembershipFactory(user=member.user), submit)
    with django_assert_max_num_queries(call_queries):
        body = client.get("/audit/bando/").content.decode()
    assert body.count("AUD-") == 7
    with django_assert_max_num_queries(step_queries):
        body = client.get(step).content.decode()
    assert body.count("AUD-") == 4


def test_the_simulator_prefills_the_member_s_size_class(client, audit_call):
    member = MembershipFactory(enterprise__size_class=SizeClass.SMALL)
    client.force_login(member.user)
    body = client.get("/audit/simulatore/").content.decode()
    assert '<option value="small" selected>' in body
    # What the member types wins over the pre-fill.
    body = client.get(
        "/audit/simulatore/", {"size_class": "medium", "investment": "9000"}
    ).content.decode()
    assert '<option value="medium" selected>' in body


def test_the_simulator_prefills_nothing_for_the_public(client, audit_call):
    assert " selected>" not in client.get("/audit/simulatore/").content.decode()


@pytest.mark.parametrize(
    ("prefix", "words"), [("", "Avvia una domanda"), ("/en", "Start an application to")]
)
def test_after_a_result_a_member_is_led_to_start_an_application(
    client, audit_call, member, prefix, words
):
    client.force_login(member.user)
    body = client.get(
        f"{prefix}/audit/simulatore/", {"size_class": "micro", "investment": "9000"}
    ).content.decode()
    assert words in body
    assert f'href="{prefix}/audit/bando/#start-application"' in body


@pytest.mark.parametrize(
    ("prefix", "words"), [("", "Accedi per presentare domanda"), ("/en", "Log in to apply")]
)
def test_after_a_result_the_public_is_led_to_log_in_and_back(client, audit_call, prefix, words):
    body = client.get(
        f"{prefix}/audit/simulatore/", {"size_class": "micro", "investment": "9000"}
    ).content.decode()
    assert words in body
    assert f"?next={prefix}/audit/bando/" in body
    assert reverse("account_signup") in body


def test_the_simulator_says_when_no_call_is_open(client, audit_call):
    Call.objects.filter(pk=audit_call.pk).update(close_on=dt.date(2019, 1, 1))
    body = client.get(
        "/audit/simulatore/", {"size_class": "micro", "investment": "9000"}
    ).content.decode()
    assert "Al momento non ci sono bandi audit aperti." in body
    assert "#start-application" not in body


def test_the_simulator_keeps_its_queries_constant(
    client, audit_call, member, django_assert_max_num_queries
):
    client.force_login(member.user)
    params = {"size_class": "micro", "investment": "9000"}
    client.get("/audit/simulatore/", params)
    with django_assert_max_num_queries(8) as few:
        client.get("/audit/simulatore/", params)
    baseline = len(few.captured_queries)
    for _ in range(3):
        MembershipFactory(user=member.user)
    with django_assert_max_num_queries(baseline):
        client.get("/audit/simulatore/", params)
