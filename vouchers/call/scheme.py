"""The ESF training-voucher call as a scheme (trinno_portal/funding/schemes.py): what it
is, in one place. settings.FUNDING_SCHEMES names VOUCHER."""

from django.utils.translation import gettext_lazy as _

from trinno_portal.funding.models import Scheme as SchemeCode
from trinno_portal.funding.schemes import (
    COMMON_NOTIFICATIONS,
    COMMON_TRANSITIONS,
    Journey,
    JourneyUrls,
    Scheme,
    SchemeTransition,
)
from vouchers.call import claims, pages
from vouchers.call.eligibility import envelope_for, evaluate, prefetch
from vouchers.call.models import VoucherApplication
from vouchers.call.notifications import voucher_notify_approved, voucher_notify_submitted
from vouchers.call.selectors import voucher_for_user
from vouchers.call.services import (
    voucher_application_problems,
    voucher_enrolment_confirm,
    voucher_snapshot,
)

# The person's draft is one form of the scheme's own (views.apply: the course and the
# amount); review, the voucher's page, withdrawal, answers and receipt are shared.
JOURNEY = Journey(
    urls=JourneyUrls.named(
        "vouchers:voucher_",
        pages=("review", "detail", "withdraw", "answer", "receipt", "dashboard"),
        withdrawn="vouchers:voucher_dashboard",
    ),
    load=voucher_for_user,
    title=_("Training voucher"),
    review_page="vouchers/voucher/review.html",
    review_context=pages.voucher_review_context,
    detail_page="vouchers/voucher/detail.html",
    detail_context=pages.voucher_detail_context,
    withdrawable=pages.WITHDRAWABLE,
    receipt_template="vouchers/voucher/pdf/receipt.html",
    receipt_context=pages.receipt_context,
)

VOUCHER = Scheme(
    code=SchemeCode.VOUCHER,
    label=_("ESF training voucher"),
    detail_model=VoucherApplication,
    detail_url_name="vouchers:voucher_detail",
    evaluate=evaluate,
    prefetch=prefetch,
    envelopes=lambda application: [envelope_for(application)],
    # After approval a voucher is no project with a letter: the person confirms the
    # enrolment, the agency reports attendance, the person claims the balance on the
    # payment claims. The final report's moves are not the voucher's actions: the claim
    # makes them (filed, refused, paid: funding/payments/services.py, with
    # PaymentTerms.completes_on_balance), so neither the person's pages nor the admin
    # offer them, and the voucher has one way to be paid (docs/decisions/0031).
    workflow={
        **COMMON_TRANSITIONS,
        "start_project": SchemeTransition(
            label=_("Confirm the enrolment"), service=voucher_enrolment_confirm
        ),
        "close": SchemeTransition(),
    },
    notifications={
        **COMMON_NOTIFICATIONS,
        "submit": voucher_notify_submitted,
        "approve": voucher_notify_approved,
    },
    problems=voucher_application_problems,
    snapshot=voucher_snapshot,
    admin_inlines=(
        "vouchers.call.admin.VoucherApplicationInline",
        "vouchers.call.admin.AttendanceInline",
    ),
    # The balance on the hours attended, on the same claims, checks and orders as every
    # scheme (vouchers/call/claims.py).
    payments=claims.PAYMENTS,
    journey=JOURNEY,
)
