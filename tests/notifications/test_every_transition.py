"""A class test over every scheme's workflow: every move that concerns the applicant
tells them, by e-mail (text and HTML, in their language, with the absolute link to the
application's page and the deadline the move set) and in the portal's list; every act of
the applicant after submission tells the officer. A transition added to the table, or a
scheme that drops a notification, fails here."""

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import formats, timezone, translation

from trinno_portal.funding.deadlines import DEADLINES
from trinno_portal.funding.models import Notification, StatusChange
from trinno_portal.funding.notifications import tells_applicant, tells_officer
from trinno_portal.funding.schemes import schemes
from trinno_portal.funding.workflow import TRANSITIONS

from ..factories import (
    ApplicationFactory,
    CallFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

REASON = "Allegate il preventivo firmato & timbrato."

# The decision, written down: who each move of the table tells. A new transition must be
# placed here before the suite passes.
TELLS_APPLICANT = {
    "submit",
    "mark_eligible",
    "mark_not_eligible",
    "start_assessment",
    "request_info",
    "expire_info",
    "send_preavviso",
    "expire_preavviso",
    "rank",
    "approve",
    "reject",
    "start_project",
    "accept_final_report",
    "refuse_final_report",
    "close",
}
TELLS_OFFICER = {
    "withdraw",
    "answer_info",
    "answer_preavviso",
    "start_project",
    "submit_final_report",
}

CASES = [
    (scheme.code, name)
    for scheme in schemes()
    for name in scheme.workflow
    # The receipt's own test below: it needs a whole submitted application for its PDF.
    if name != "submit"
]


def test_the_table_is_split_as_documented():
    assert {t.name for t in TRANSITIONS.values() if tells_applicant(t)} == TELLS_APPLICANT
    assert {t.name for t in TRANSITIONS.values() if tells_officer(t)} == TELLS_OFFICER
    # Nobody is left out: every move tells someone.
    assert TELLS_APPLICANT | TELLS_OFFICER == set(TRANSITIONS)


@pytest.mark.parametrize("scheme", schemes(), ids=lambda s: s.code)
def test_every_scheme_notifies_every_move_that_tells_someone(scheme):
    missing = [
        name
        for name in scheme.workflow
        if (tells_applicant(TRANSITIONS[name]) or tells_officer(TRANSITIONS[name]))
        and name not in scheme.notifications
    ]
    assert missing == []


def _application(code: str, transition: str, *, officer=None):
    """An application just moved along `transition`, with its history row and due date,
    as transition_run leaves it."""
    t = TRANSITIONS[transition]
    call = CallFactory(scheme=code, rules={})
    if code == "voucher":
        person = PersonFactory()
        application = ApplicationFactory(call=call, enterprise=None, person=person)
        users = [person.user]
    else:
        member = MembershipFactory()
        application = ApplicationFactory(call=call, enterprise=member.enterprise)
        users = [member.user]
    period = DEADLINES.get(t.target)
    due = timezone.localdate() + dt.timedelta(days=10) if period else None
    application.__class__.objects.filter(pk=application.pk).update(
        status=t.target,
        protocol_number=f"P-{application.pk}",
        grant_amount=Decimal("5500.00"),
        final_grant=Decimal("4250.00"),
        due_on=due,
        assigned_to=officer,
    )
    application.refresh_from_db()
    StatusChange.objects.create(
        application=application,
        transition=transition,
        from_status=sorted(t.sources)[0],
        to_status=t.target,
        reason=REASON,
        at=timezone.now(),
    )
    return application, users, due


def _parts(message):
    html = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
    assert len(html) == 1, "no HTML part"
    return message.body, html[0]


@pytest.mark.parametrize(("code", "transition"), CASES)
def test_each_notification_is_a_translated_email_with_link_and_deadline_and_a_portal_entry(
    code, transition
):
    scheme = next(s for s in schemes() if s.code == code)
    t = TRANSITIONS[transition]
    officer = UserFactory(is_staff=True)
    application, users, due = _application(code, transition, officer=officer)
    mail.outbox.clear()

    scheme.notifications[transition](application)

    sent = {tuple(m.to): m for m in mail.outbox}
    if tells_applicant(t):
        message = sent.pop(tuple(sorted(u.email for u in users)))
        text, html = _parts(message)
        link = settings.PORTAL_BASE_URL + reverse(scheme.detail_url_name, args=[application.pk])
        assert link in text and f'href="{link}"' in html
        # "&" stays "&" in the text part, and is escaped once in the HTML one.
        waits = DEADLINES.get(t.target)
        if waits is not None and waits.waits_on == "applicant":
            with translation.override("it"):
                day = formats.date_format(due, "SHORT_DATE_FORMAT")
            assert day in text and day in html
        entry = Notification.objects.get(recipient=users[0], application=application)
        # In Italian, the portal's language (users keep no preference); the portal's copy
        # in both languages, and they differ: the words are translated.
        assert message.subject == f"[TRINNO] {entry.title}"
        assert entry.title != entry.title_en and entry.body != entry.body_en
        assert entry.link == reverse(scheme.detail_url_name, args=[application.pk])
        assert entry.read_at is None
        if entry.detail:
            assert REASON in text and REASON.replace("&", "&amp;") in html
    if tells_officer(t):
        message = sent.pop((officer.email,))
        text, html = _parts(message)
        link = settings.PORTAL_BASE_URL + reverse(
            "admin:funding_application_change", args=[application.pk]
        )
        assert link in text and f'href="{link}"' in html
        entry = Notification.objects.get(recipient=officer, application=application)
        assert entry.kind == f"officer_{transition}"
        assert entry.title != entry.title_en
    assert sent == {}, "mail to someone the move does not concern"


def test_an_email_reads_whole(capsys):
    """What the applicant reads, for a look in the test log (-s): the approval's."""
    scheme = next(s for s in schemes() if s.code == "audit")
    application, _users, _due = _application("audit", "approve")
    scheme.notifications["approve"](application)
    message = mail.outbox[0]
    assert "5.500,00 EUR" in message.body
    assert "Prossimo passo, entro il" in message.body
    assert "Firma la lettera" in message.body or "Firmare la lettera" in message.body
    print(message.subject, message.body, sep="\n")


@pytest.mark.parametrize(
    "transition", ["request_info", "send_preavviso", "reject", "refuse_final_report"]
)
def test_the_officers_reason_is_in_the_applicants_news(transition):
    # The voucher's final-report moves are made by its balance claim (docs/payments.md):
    # its workflow does not list them, its notifications send them.
    scheme = next(
        s
        for s in schemes()
        if transition in s.workflow
        or (s.payments and s.payments.completes_on_balance and transition in s.notifications)
    )
    application, users, _due = _application(scheme.code, transition)
    scheme.notifications[transition](application)
    assert REASON in mail.outbox[-1].body
    assert Notification.objects.get(recipient=users[0]).detail == REASON


def test_the_deadlines_are_those_the_brief_names():
    """Request for information: its reply deadline; notice of intended rejection: its ten
    days; letter of assignment: its acceptance; project: its end."""
    for status in ("info_requested", "preavviso", "approved", "in_progress"):
        assert DEADLINES[status].waits_on == "applicant"


def test_without_an_assigned_officer_the_calls_responsible_officer_is_told():
    from trinno_portal.procedure.models import CallProcedure

    scheme = next(s for s in schemes() if s.code == "audit")
    application, _users, _due = _application("audit", "answer_info")
    responsible = UserFactory(email="rup@arezzoinnovazione.it", is_staff=True)
    CallProcedure.objects.create(
        call=application.call,
        officer_name="Maria Bianchi",
        officer_office="Ufficio Agevolazioni",
        officer_email="RUP@arezzoinnovazione.it",
    )
    scheme.notifications["answer_info"](application)
    assert [m.to for m in mail.outbox] == [["RUP@arezzoinnovazione.it"]]
    assert REASON in mail.outbox[0].body
    assert Notification.objects.filter(recipient=responsible).count() == 1


def test_without_any_officer_nobody_is_told_and_nothing_fails():
    scheme = next(s for s in schemes() if s.code == "audit")
    application, _users, _due = _application("audit", "answer_info")
    assert scheme.notifications["answer_info"](application) is None
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_sending_twice_lists_the_news_once():
    """The receipt's outbox row is retried after a failed e-mail: one entry per move."""
    scheme = next(s for s in schemes() if s.code == "audit")
    application, users, _due = _application("audit", "approve")
    scheme.notifications["approve"](application)
    scheme.notifications["approve"](application)
    assert Notification.objects.filter(recipient=users[0]).count() == 1
