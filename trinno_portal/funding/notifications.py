"""What a move tells people, after the move that causes it has committed.

Every notification of a move, an application's (the scheme's `notifications`, queued by
transitions.transition_run) or a course's (vouchers/offer/services.py), is queued by
`notifications_queue` and sent by `notification_send`: one path to read. None takes a
request.

An application's news goes through `application_news_send`: it writes the portal's
notification (funding.Notification) of every recipient and sends the e-mail (text and
HTML, the absolute link to the page, the deadline where the state reached waits on the
applicant), for the applicant and, where the applicant acted, for the officer. Which
moves tell whom is `tells_applicant` / `tells_officer`; docs/notifications.md has the table.
"""

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse, translate_url
from django.utils import formats, timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from trinno_portal.accounts.models import User
from trinno_portal.funding.deadlines import DEADLINES
from trinno_portal.funding.models import Application, Notification, StatusChange
from trinno_portal.funding.workflow import TRANSITIONS, Actor, Transition, transitions_from
from trinno_portal.lib.email import Attachment, send_templated_email
from trinno_portal.lib.money import format_eur
from trinno_portal.pec.services import pec_notice_queue

log = logging.getLogger(__name__)

Notify = Callable[[models.Model], object]


def notifications_queue(
    *, notifications: Mapping[str, Notify], transition: str, subject: models.Model
) -> None:
    """Queue the notification of `transition`, if the workflow sends one, for the commit
    of the transaction that moved `subject`: a rolled-back move tells nobody."""
    notify = notifications.get(transition)
    if notify is not None:
        transaction.on_commit(lambda: notification_send(notify, subject))
    # The legal notice of the same move goes by PEC too, from every origin of the move
    # (DPR 68/2005: a PEC is the equivalent of a registered letter with receipt).
    pec_notice_queue(transition=transition, subject=subject)


def notification_send(notify: Notify, subject: models.Model) -> None:
    """Send one notification; a mail server that fails must not undo or hide the change
    that was already committed: it is logged for the officers' mail checks."""
    try:
        notify(subject)
    except Exception:  # noqa: BLE001 - see the docstring
        log.exception(
            "notification %s of %s %s failed", notify.__name__, subject._meta.model_name, subject.pk
        )


# --- who is told ------------------------------------------------------------------------


def tells_applicant(t: Transition) -> bool:
    """Every move the applicant did not make themselves is news to them (a check, a
    request, a decision); of their own, the receipt of the submission and the start of the
    project, which starts the project's deadline."""
    return Actor.APPLICANT not in t.actors or t.name in {"submit", "start_project"}


def tells_officer(t: Transition) -> bool:
    """The officer is told whenever the applicant acts after submitting (an answer, the
    observations, the letter accepted, the final report, a withdrawal). Submissions
    themselves reach the work queue, where nobody is assigned yet."""
    return Actor.APPLICANT in t.actors and t.name != "submit"


def applicant_users(application: Application) -> list[User]:
    """The users who receive the news of an application: every member of the enterprise
    that applied, or the person who applied."""
    if application.enterprise_id:
        users = User.objects.filter(memberships__enterprise_id=application.enterprise_id)
    elif application.person_id:
        users = User.objects.filter(person_profile__pk=application.person_id)
    else:
        return []
    return list(users.filter(is_active=True).order_by("id").distinct())


def application_recipients(application: Application) -> list[str]:
    """The addresses of applicant_users, one each, in a stable order."""
    return sorted({u.email for u in applicant_users(application) if u.email})


def officer_recipients(application: Application) -> tuple[list[User], list[str]]:
    """Who is told when the applicant acts: the officer the application is assigned to;
    none assigned, the call's responsible officer (law 241/1990 art. 5, the procedure's
    CallProcedure) by e-mail, with the portal's notification where a staff account has
    that address; neither: nobody (the work queue still shows the application)."""
    if application.assigned_to_id:
        officer = User.objects.filter(pk=application.assigned_to_id, is_active=True).first()
        return ([officer], [officer.email]) if officer else ([], [])
    from trinno_portal.procedure.models import CallProcedure  # procedure imports funding

    address = (
        CallProcedure.objects.filter(call_id=application.call_id)
        .values_list("officer_email", flat=True)
        .first()
    )
    if not address:
        return [], []
    users = list(User.objects.filter(email__iexact=address, is_staff=True, is_active=True))
    return users, [address]


def recipient_language(user: User | None) -> str:
    """The language of a recipient's e-mail. Users keep no preference of their own, so
    every message goes in the portal's language of record (Italian); the portal's copy is
    stored in both languages and read in the language of the page."""
    return settings.LANGUAGE_CODE


# --- what they are told -----------------------------------------------------------------


@dataclass(frozen=True)
class News:
    """The words of one piece of news. Parameters: protocol, call, status (the state
    reached, in the scheme's words), action (the move, in the scheme's words), amount
    (the grant), final (the final grant). `detail_label` heads the reason written with the
    move (the officer's request, the applicant's answer), where the move has one."""

    title: Promise
    body: Promise
    detail_label: Promise | None = None


_REASONS = _("The reasons:")
_STATUS_NEWS = News(
    _("Application %(protocol)s: %(status)s"),
    _("Application %(protocol)s to the call “%(call)s” is now: %(status)s."),
)

APPLICANT_NEWS: dict[str, News] = {
    "submit": News(
        _("Application %(protocol)s received"),
        _(
            "Your application to the call “%(call)s” was received with protocol number "
            "%(protocol)s. The receipt is attached. The outcome of the eligibility check will "
            "appear on the application's page."
        ),
    ),
    "mark_eligible": News(
        _("Application %(protocol)s passed the eligibility check"),
        _(
            "Application %(protocol)s to the call “%(call)s” passed the eligibility check: "
            "Arezzo Innovazione will now assess it."
        ),
    ),
    "mark_not_eligible": News(
        _("Application %(protocol)s did not pass the eligibility check"),
        _(
            "Application %(protocol)s to the call “%(call)s” did not pass the eligibility "
            "check. The reasons are on the application's page; an officer reviews them "
            "before any decision."
        ),
    ),
    "start_assessment": News(
        _("Application %(protocol)s under assessment"),
        _(
            "An officer of Arezzo Innovazione has started assessing application %(protocol)s "
            "to the call “%(call)s”."
        ),
    ),
    "request_info": News(
        _("Information requested on application %(protocol)s"),
        _(
            "Arezzo Innovazione needs more information to assess application %(protocol)s "
            "to the call “%(call)s”."
        ),
        _("The request of the officer:"),
    ),
    "expire_info": News(
        _("The request for information on application %(protocol)s is closed"),
        _(
            "The reply deadline of the request for information passed without an answer: "
            "the assessment of application %(protocol)s goes on with the documents on file."
        ),
    ),
    "send_preavviso": News(
        _("Notice of intended rejection of application %(protocol)s"),
        _(
            "Before rejecting application %(protocol)s to the call “%(call)s”, Arezzo "
            "Innovazione tells you its reasons (law 241/1990, art. 10-bis). You may send your "
            "observations, with any document, from the application's page."
        ),
        _REASONS,
    ),
    "expire_preavviso": News(
        _("The notice on application %(protocol)s is closed"),
        _(
            "The period for observations on the notice of intended rejection of application "
            "%(protocol)s passed without an answer: the procedure goes on with the documents "
            "on file."
        ),
    ),
    "rank": News(
        _("Application %(protocol)s ranked"),
        _(
            "Application %(protocol)s to the call “%(call)s” was placed in the call's "
            "ranking. The decision on the grant follows."
        ),
    ),
    "approve": News(
        _("Application %(protocol)s approved"),
        _(
            "Application %(protocol)s to the call “%(call)s” was approved with a grant of "
            "%(amount)s."
        ),
    ),
    "reject": News(
        _("Application %(protocol)s rejected"),
        _(
            "Application %(protocol)s to the call “%(call)s” was rejected. The decision, with "
            "its reasons and how to appeal, is on the application's page."
        ),
        _REASONS,
    ),
    "start_project": News(
        _("Application %(protocol)s: the project has started"),
        _(
            "“%(action)s” was recorded for application %(protocol)s to the call “%(call)s”: "
            "the project has started."
        ),
    ),
    "accept_final_report": News(
        _("Final grant of application %(protocol)s: %(final)s"),
        _(
            "The final report of application %(protocol)s was accepted. The final grant is "
            "%(final)s (granted: %(amount)s); the calculation, line by line, is on the "
            "application's page."
        ),
    ),
    "refuse_final_report": News(
        _("The final report of application %(protocol)s was sent back"),
        _(
            "The final report of application %(protocol)s was sent back: file a corrected "
            "one from the application's page."
        ),
        _REASONS,
    ),
    "close": News(
        _("Application %(protocol)s closed"),
        _("The procedure of application %(protocol)s to the call “%(call)s” is closed."),
    ),
}

_APPLICANT_WROTE = _("The applicant wrote:")
_OFFICER_BODY = _(
    "The applicant completed “%(action)s” on application %(protocol)s to the call "
    "“%(call)s”. It is in your work queue."
)
OFFICER_NEWS: dict[str, News] = {
    "withdraw": News(_("Application %(protocol)s withdrawn by the applicant"), _OFFICER_BODY),
    "answer_info": News(
        _("Answer to the request for information on application %(protocol)s"),
        _OFFICER_BODY,
        _APPLICANT_WROTE,
    ),
    "answer_preavviso": News(
        _("Observations on the notice of intended rejection of application %(protocol)s"),
        _OFFICER_BODY,
        _APPLICANT_WROTE,
    ),
    "start_project": News(_("Application %(protocol)s: the project has started"), _OFFICER_BODY),
    "submit_final_report": News(
        _("Application %(protocol)s: final report submitted"), _OFFICER_BODY
    ),
}
_OFFICER_DEFAULT = News(_("Application %(protocol)s: %(action)s"), _OFFICER_BODY, _APPLICANT_WROTE)


def application_news(
    transition: str,
    *,
    news: News | None = None,
    attachments: Callable[[Application], Iterable[Attachment]] | None = None,
) -> Notify:
    """The notification of `transition` for a scheme's `notifications`: the applicant's
    news (`news`, else the shared words), the officer's where the applicant acted, and the
    scheme's attachments (the receipt's PDF)."""

    def notify(application: Application) -> None:
        application_news_send(
            application=application,
            transition=transition,
            news=news,
            attachments=attachments(application) if attachments else (),
        )

    notify.__name__ = f"notify_{transition}"
    return notify


def application_news_send(
    *,
    application: Application,
    transition: str,
    news: News | None = None,
    attachments: Iterable[Attachment] = (),
) -> int:
    """Write the portal's notifications of `transition` and send their e-mails. Returns
    the number of e-mail addresses written to."""
    t = TRANSITIONS[transition]
    change = (
        StatusChange.objects.filter(application=application, transition=transition)
        .order_by("-at", "-id")
        .first()
    )
    sent = 0
    if tells_applicant(t):
        users = applicant_users(application)
        sent += _tell(
            application=application,
            t=t,
            change=change,
            news=news or APPLICANT_NEWS.get(transition, _STATUS_NEWS),
            users=users,
            addresses=sorted({u.email for u in users if u.email}),
            link=_applicant_path(application),
            attachments=list(attachments),
            deadline=_deadline(application, t),
        )
    if tells_officer(t):
        users, addresses = officer_recipients(application)
        sent += _tell(
            application=application,
            t=t,
            change=change,
            news=OFFICER_NEWS.get(transition, _OFFICER_DEFAULT),
            users=users,
            addresses=addresses,
            link=reverse("admin:funding_application_change", args=[application.pk]),
            kind=f"officer_{transition}",
        )
    return sent


def _applicant_path(application: Application) -> str:
    from trinno_portal.funding.schemes import scheme_for  # the schemes import this module

    with translation.override(settings.LANGUAGE_CODE):
        return reverse(scheme_for(application.scheme).detail_url_name, args=[application.pk])


def _next_step(application: Application, target: str) -> str | Promise | None:
    """The applicant's next move from `target`, in the scheme's words (not withdrawal)."""
    from trinno_portal.funding.schemes import scheme_for

    scheme = scheme_for(application.scheme)
    for t in scheme.transitions(transitions_from(target, Actor.APPLICANT)):
        if t.name != "withdraw":
            return scheme.transition_label(t.name)
    return None


def _deadline(application: Application, t: Transition):
    """The deadline the move set for the applicant: the due date of the state reached
    where that state waits on the applicant (funding/deadlines.py: the reply to a request
    for information, the ten days of the notice of intended rejection, the acceptance of
    the letter or agreement, the end of the project)."""
    period = DEADLINES.get(t.target)
    if period is None or period.waits_on != "applicant":
        return None
    return Application.objects.filter(pk=application.pk).values_list("due_on", flat=True).first()


def _words(
    *, application: Application, t: Transition, news: News, deadline, next_step, language: str
) -> dict[str, str]:
    from trinno_portal.funding.schemes import scheme_for

    scheme = scheme_for(application.scheme)
    with translation.override(language):
        params = {
            "protocol": application.protocol_number or "—",
            "call": application.call.display_title,
            "status": str(scheme.status_label(t.target)),
            "action": str(scheme.transition_label(t.name)),
            "amount": format_eur(application.grant_amount)
            if application.grant_amount is not None
            else "—",
            "final": format_eur(application.final_grant)
            if application.final_grant is not None
            else "—",
        }
        words = {
            "title": str(news.title) % params,
            "body": str(news.body) % params,
            "detail_label": str(news.detail_label) if news.detail_label else "",
            "deadline_line": "",
        }
        if deadline is not None:
            day = formats.date_format(deadline, "SHORT_DATE_FORMAT")
            words["deadline_line"] = (
                str(_("Next step, by %(deadline)s: %(next)s."))
                % {"deadline": day, "next": next_step}
                if next_step
                else str(_("Deadline: %(deadline)s.")) % {"deadline": day}
            )
    return words


def _tell(
    *,
    application: Application,
    t: Transition,
    change: StatusChange | None,
    news: News,
    users: list[User],
    addresses: list[str],
    link: str,
    attachments: Iterable[Attachment] = (),
    deadline=None,
    kind: str = "",
) -> int:
    next_step = _next_step(application, t.target) if deadline else None
    detail = (change.reason if change else "") if news.detail_label else ""
    italian = _words(
        application=application,
        t=t,
        news=news,
        deadline=deadline,
        next_step=next_step,
        language="it",
    )
    english = _words(
        application=application,
        t=t,
        news=news,
        deadline=deadline,
        next_step=next_step,
        language="en",
    )
    return news_deliver(
        application=application,
        users=users,
        addresses=addresses,
        kind=kind or t.name,
        italian=italian,
        english=english,
        link=link,
        detail=detail,
        change=change,
        deadline=deadline,
        attachments=attachments,
    )


def news_deliver(
    *,
    application: Application,
    users: list[User],
    addresses: list[str],
    kind: str,
    italian: Mapping[str, str],
    english: Mapping[str, str],
    link: str,
    detail: str = "",
    change: StatusChange | None = None,
    deadline=None,
    attachments: Iterable[Attachment] = (),
) -> int:
    """The one writer of the portal's news: the portal's notification of each of `users`
    and the e-mail (text and HTML, the absolute link to `link`) to `addresses`, each in
    its recipient's language. `italian` / `english`: the words (title, body, detail_label,
    deadline_line) in each language. Moves of an application (above) and an evaluator's
    assignment (procedure/merit.py) write through it. Returns the addresses written to."""
    # The portal's copy first: a mail server that refuses the message leaves it listed.
    # Written once per move (the receipt's outbox row may be retried).
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=user,
                application=application,
                change=change,
                kind=kind,
                title=italian["title"][:300],
                title_en=english["title"][:300],
                body="\n".join(filter(None, [italian["body"], italian["deadline_line"]])),
                body_en="\n".join(filter(None, [english["body"], english["deadline_line"]])),
                detail=detail,
                link=link,
                deadline=deadline,
                created_at=timezone.now(),
            )
            for user in users
        ],
        ignore_conflicts=True,
    )
    if not addresses:
        return 0
    by_language: dict[str, list[str]] = {}
    for address in addresses:
        user = next((u for u in users if u.email.lower() == address.lower()), None)
        by_language.setdefault(recipient_language(user), []).append(address)
    for language, group in by_language.items():
        words = italian if language == "it" else english
        send_templated_email(
            template_prefix="emails/news",
            context={
                **words,
                "application": application,
                "detail": detail,
                "link": settings.PORTAL_BASE_URL + _in_language(link, language),
            },
            to=group,
            language=language,
            attachments=attachments,
        )
    return len(addresses)


def _in_language(path: str, language: str) -> str:
    """An Italian path of the portal in `language` (English lives under /en/): resolved
    as Italian whatever the language active in the worker."""
    with translation.override(settings.LANGUAGE_CODE):
        return translate_url(path, language)


# --- the portal's list ------------------------------------------------------------------


def notification_read(*, notification: Notification) -> None:
    """Mark one notification read (a second click changes nothing)."""
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notifications_read_all(*, user: User) -> int:
    """Mark every unread notification of `user` read; returns how many were."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
