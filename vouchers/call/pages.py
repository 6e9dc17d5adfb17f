"""What the voucher's pages show, read once for the person's pages of the shared journey
(vouchers/call/scheme.py) and the training agency's page of a voucher (views.py)."""

from trinno_portal.funding.models import Application
from trinno_portal.funding.workflow import Status
from vouchers.call import rules
from vouchers.call.services import voucher_reimbursement

# Where the person's page offers withdrawal (Journey.withdrawable).
WITHDRAWABLE = frozenset(
    {Status.DRAFT, Status.SUBMITTED, Status.ELIGIBLE, Status.UNDER_ASSESSMENT, Status.RANKED}
)


def voucher_facts(application: Application) -> dict:
    """The voucher, its course and what happened after approval."""
    return {
        "application": application,
        "voucher": application.voucher,
        "course": application.voucher.course,
        "attendance": getattr(application, "voucher_attendance", None),
        "reimbursement": voucher_reimbursement(application),
        "min_attendance": rules.min_attendance_percent(application.call.rules),
    }


def voucher_detail_context(application: Application) -> dict:
    """The person's page of a submitted voucher, besides the shared parts."""
    return voucher_facts(application) | {
        "next_step": rules.next_step(
            application.status, hasattr(application, "voucher_attendance")
        ),
        # The shared page (funding/application_detail.html) under the vouchers' menu.
        "base_template": "vouchers/_base.html",
    }


def voucher_review_context(application: Application) -> dict:
    voucher = application.voucher
    cap = rules.cap_for(application.person.status, application.call.rules)
    return {
        "voucher": voucher,
        "cap": cap,
        "grant": rules.voucher_grant(voucher.requested_amount, voucher.course.cost, cap)
        if cap is not None
        else None,
    }


def receipt_context(application: Application) -> dict:
    return {"application": application, "voucher": application.voucher}
