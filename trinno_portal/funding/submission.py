"""Submission of a draft, for every scheme: the scheme's checks, the call's own
(open today, resources left), the figures frozen, one protocol number.

The submit button of every scheme's review page, the tests and the bench call
`application_submit`; the eligibility job and the receipt follow on commit
(transitions.transition_run).
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trinno_portal.accounts.models import User
from trinno_portal.funding.models import Application, Call
from trinno_portal.funding.opening import opening_refusal
from trinno_portal.funding.schemes import scheme_for
from trinno_portal.funding.services import (
    FundingError,
    application_lock,
    application_protocol_submit,
)


def call_refusal(call: Call, *, fresh: bool = False) -> str | None:
    """Why `call` takes no submission today (None: it does). Read fresh: the budget
    is committed by approvals meanwhile (fresh=True: the caller has just read it, as the
    call pages do, which show the same answer before anyone applies)."""
    if not call.is_open_on(timezone.localdate()):
        return _("This call is closed: the application cannot be submitted.")
    if not fresh:
        call.refresh_from_db(fields=["committed"])
    if call.available <= 0:
        # Open "until resources run out": once they have, nothing more is accepted.
        return _(
            "The call's resources have run out: no more applications are accepted. "
            "Your draft is kept."
        )
    return None


@transaction.atomic
def application_submit(
    *,
    application: Application,
    by: User,
    version: int,
    received_at: dt.datetime | None = None,
) -> Application:
    """Submit the draft once, whatever the number of clicks or tabs, or refuse it with
    every reason at once; a refused draft is kept as it was. `received_at`: when the
    intake received it (funding/intake.py), the receipt time instead of now."""
    scheme = scheme_for(application.scheme)
    # Before any lock or query: on a click day, the early clicks are refused at no cost
    # to the ones that count, and the draft is left as it was.
    early = opening_refusal(
        opens_at=application.call.submissions_open_at, now=received_at or timezone.now()
    )
    if early:
        raise FundingError(early)
    # The row lock first: the checks then see what is submitted (a concurrent upload or
    # deletion of a document waits, then finds the application submitted). The row is
    # read again under the lock with its call, whose budget is then fresh.
    locked = application_lock(application=application)
    if locked is None:
        raise FundingError(_("This application no longer exists."))
    problems = scheme.problems(locked)
    if problems:
        raise FundingError(" ".join(problems))
    refusal = call_refusal(locked.call, fresh=True)
    if refusal:
        raise FundingError(refusal)
    # Inside the transaction: a scheme may lock rows to check a limit (the vouchers per
    # person) and write its own frozen fields; a refusal rolls them back.
    snapshot = scheme.snapshot(locked)
    return application_protocol_submit(
        application=locked,
        by=by,
        version=version,
        snapshot=snapshot,
        already_locked=True,
        received_at=received_at,
    )
