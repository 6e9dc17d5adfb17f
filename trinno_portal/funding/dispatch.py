"""The one dispatcher of the workflow's actions.

The applicant's pages, the admin (change page and bulk actions), the ranking and the
Celery tasks all call `application_act`: what an action does never depends on where it
came from. It checks that the application's scheme uses the transition and that the
actor may make it, then calls the scheme's own service for it where the scheme has one
(funding/schemes.py: SchemeTransition.service), the approval for "approve" (it commits
the budget), the reasoned rejection for "reject" (procedure/services.py), and the plain
move otherwise. Each of those moves the status through
transitions.transition_run, which adds what follows every move.

Submission is the one action with inputs of its own (the draft's version): it goes
through submission.application_submit.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from trinno_portal.accounts.models import User
from trinno_portal.funding.approval import application_approve
from trinno_portal.funding.documents import document_upload
from trinno_portal.funding.models import Application
from trinno_portal.funding.schemes import scheme_for
from trinno_portal.funding.services import TransitionNotAllowed
from trinno_portal.funding.transitions import transition_run
from trinno_portal.funding.workflow import TRANSITIONS, Actor, Transition, transitions_from
from trinno_portal.procedure.services import application_reject


def application_act(
    *,
    application: Application,
    transition: str,
    by: User | None,
    actor: str,
    reason: str = "",
    observations_weighed: str = "",
) -> Application:
    """Carry out one action of the workflow on one application, or refuse it.
    `observations_weighed`: for "reject", how the applicant's answer to the notice of
    intended rejection was weighed (law 241/1990 art. 10-bis)."""
    scheme = scheme_for(application.scheme)
    t = TRANSITIONS.get(transition)
    if t is None or transition == "submit" or not scheme.uses(transition) or actor not in t.actors:
        raise TransitionNotAllowed(
            _("“%(action)s” is not possible for this application.")
            % {"action": scheme.transition_label(transition) if t else transition}
        )
    service = scheme.workflow[transition].service
    if service is not None:
        return service(application=application, by=by, reason=reason)
    if transition == "approve":
        return application_approve(application=application, by=by, reason=reason)
    if transition == "reject":
        # Every rejection states its reasons and the ways of appeal, after the notice the
        # call's procedure requires (procedure/services.py).
        return application_reject(
            application=application,
            by=by,
            reason=reason,
            observations_weighed=observations_weighed,
        )
    return transition_run(application=application, transition=transition, by=by, reason=reason)


def actions_for(application: Application, actor: str) -> list[Transition]:
    """The actions `actor` may take now on `application`, in the scheme's words."""
    scheme = scheme_for(application.scheme)
    return scheme.transitions(transitions_from(application.status, actor))


def application_reply(
    *,
    application: Application,
    by: User,
    transition: str,
    text: str,
    upload=None,
    document_kind: str,
) -> None:
    """The applicant's reply that moves the application on (an answer to a request for
    information, observations on a notice of intended rejection), with an optional
    document: both in one transaction, so a refused move leaves no document behind and a
    refused document moves nothing. The document is accepted only in the status the reply
    leaves (the transition's sources in the workflow table)."""
    with transaction.atomic():
        if upload:
            document_upload(
                application=application,
                kind=document_kind,
                uploaded_file=upload,
                user=by,
                allowed_statuses=sorted(TRANSITIONS[transition].sources),
            )
        application_act(
            application=application,
            transition=transition,
            by=by,
            actor=Actor.APPLICANT,
            reason=text,
        )
