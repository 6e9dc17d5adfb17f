"""Writes of the payments (docs/payments.md): the CUP, the payment claims, both levels of
control, the DURC, the payment order and the payment recorded, with what is not paid
released from the commitment (funding.services.budget_release, as the final grant does).

Every service is keyword-only, takes no request, and refuses with FundingError (a
translated message) before writing anything.
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from stdnum import iban as stdnum_iban

from trinno_portal.accounts.models import Enterprise, User
from trinno_portal.accounts.roles import Role
from trinno_portal.funding.aftercare.models import GrantAgreement
from trinno_portal.funding.models import Application, Document
from trinno_portal.funding.payments import rules
from trinno_portal.funding.payments.contract import PaymentTerms
from trinno_portal.funding.payments.cup import (
    NATURE_INCENTIVES,
    CupClient,
    CupRequestRow,
    batch_name,
    cup_client,
)
from trinno_portal.funding.payments.models import (
    ClaimKind,
    ClaimLine,
    ClaimStatus,
    CupRequest,
    Durc,
    DurcOutcome,
    Payment,
    PaymentClaim,
    PaymentOrder,
    SecondLevel,
)
from trinno_portal.funding.schemes import scheme_for
from trinno_portal.funding.services import FundingError, budget_release
from trinno_portal.funding.transitions import transition_run
from trinno_portal.funding.workflow import Status
from trinno_portal.lib.money import ZERO, format_eur

# An operation has a CUP once approved (law 3/2003, art. 11: from the funding decision).
OPERATION_STATUSES = frozenset(
    {Status.APPROVED, Status.IN_PROGRESS, Status.FINAL_REPORT, Status.MONITORING, Status.CLOSED}
)
CLAIM_STATUSES = frozenset({Status.IN_PROGRESS, Status.FINAL_REPORT, Status.MONITORING})
INVOICE = "claim_invoice"
PAYMENT_PROOF = "claim_payment_proof"
DELIVERABLE = "claim_deliverable"
GUARANTEE = "claim_guarantee"
# A DURC is valid 120 days from its issue (DM 30 gennaio 2015, art. 7).
DURC_VALID_DAYS = 120


def user_is_officer(user: User) -> bool:
    return (
        user.is_active and user.is_staff and (user.is_superuser or user.has_role(Role.AGENCY_STAFF))
    )


def user_checks_claims(user: User) -> bool:
    return user.is_authenticated and (user_is_officer(user) or user.has_role(Role.CONTROL))


# --- CUP ------------------------------------------------------------------------------


def cup_assign(*, application: Application, cup: str, by: User | None) -> Application:
    """Staff enter the CUP the CUP system assigned to an approved operation."""
    value = rules.cup_normalize(cup)
    problem = rules.cup_problem(value)
    if problem:
        raise FundingError(problem)
    if application.status not in OPERATION_STATUSES:
        raise FundingError(_("A CUP is assigned to an approved operation only."))
    if Application.objects.filter(cup=value).exclude(pk=application.pk).exists():
        raise FundingError(_("The CUP %(cup)s belongs to another operation.") % {"cup": value})
    Application.objects.filter(pk=application.pk).update(cup=value)
    application.cup = value
    return application


@transaction.atomic
def cups_request(
    *, applications: Sequence[Application], by: User | None, client: CupClient | None = None
) -> tuple[int, int, str]:
    """Ask the CUP system for the CUP of every approved operation that has none and was
    not asked for yet: (requested, assigned now, request file)."""
    ids = [a.pk for a in applications]
    pending = list(
        Application.objects.filter(
            pk__in=ids, status__in=OPERATION_STATUSES, cup__isnull=True, cup_request__isnull=True
        )
        .select_related("enterprise", "call")
        .order_by("pk")
    )
    if not pending:
        return 0, 0, ""
    now = timezone.now()
    batch = batch_name(now)
    rows = [
        CupRequestRow(
            local_id=a.protocol_number,
            decision_year=timezone.localdate(a.approved_at or now).year,
            nature=NATURE_INCENTIVES,
            beneficiary_vat=a.enterprise.vat_number if a.enterprise else "",
            beneficiary_name=a.enterprise.legal_name if a.enterprise else str(a.person),
            instrument=a.call.code,
            description=f"{a.call.title} - {a.protocol_number}",
            province=a.province,
            total_cost=a.eligible_cost or ZERO,
            public_funding=a.grant_amount or ZERO,
        )
        for a in pending
    ]
    answer = (client or cup_client()).request(rows, batch=batch)
    CupRequest.objects.bulk_create(
        CupRequest(
            application=a,
            batch=batch,
            request_file=answer.request_file,
            requested_at=now,
            requested_by=by,
        )
        for a in pending
    )
    assigned = 0
    for a in pending:
        code = answer.assigned.get(a.protocol_number)
        if code:
            cup_assign(application=a, cup=code, by=by)
            assigned += 1
    return len(pending), assigned, answer.request_file


# --- Claims ---------------------------------------------------------------------------


def payment_terms(application: Application) -> PaymentTerms:
    terms = scheme_for(application.scheme).payments
    if terms is None:
        raise FundingError(_("This operation has no payment claims on the portal."))
    return terms


def project_period(application: Application, terms: PaymentTerms):
    if terms.period is not None:
        return terms.period(application)
    agreement = GrantAgreement.objects.filter(application=application).first()
    if agreement is None:
        return None, None
    return agreement.starts_on, agreement.ends_on


def line_context(application: Application, terms: PaymentTerms) -> rules.LineContext:
    starts, ends = project_period(application, terms)
    enterprise = application.enterprise
    linked = (
        frozenset(v for v in enterprise.links.values_list("vat_number", flat=True) if v)
        if enterprise
        else frozenset()
    )
    return rules.LineContext(
        applied_on=timezone.localdate(application.submitted_at),
        period_starts=starts,
        period_ends=ends,
        beneficiary_vat=enterprise.vat_number if enterprise else "",
        linked_vats=linked,
        cup=application.cup or "",
    )


def _in_every_language(judge) -> dict:
    # Every language of the portal, as the eligibility outcomes keep theirs: the SME and
    # the officer each read them in their own.
    out = {}
    for code, _name in settings.LANGUAGES:
        with override(code):
            out[code] = [asdict(o) for o in judge()]
    return out


def _outcomes_by_language(line: rules.CostLine, ctx: rules.LineContext) -> dict:
    return _in_every_language(lambda: rules.line_outcomes(line, ctx))


# The voucher call's basis, where its hours rule comes from (docs/decisions/0008).
HOURS_REFERENCE = "Avviso voucher formativi, POR FSE Toscana: rimborso sulle ore frequentate"


def _claimant_problem(application: Application, terms: PaymentTerms, by: User) -> str | None:
    if terms.claimant_problem is not None:
        return terms.claimant_problem(application, by)
    if (
        not application.enterprise
        or not application.enterprise.memberships.filter(user=by).exists()
    ):
        return _("Only the beneficiary files a payment claim.")
    return None


def _paid_so_far(application: Application) -> Decimal:
    return (
        Payment.objects.filter(order__claim__application=application).aggregate(s=Sum("amount"))[
            "s"
        ]
        or ZERO
    )


@transaction.atomic
def claim_submit(
    *,
    application: Application,
    by: User,
    kind: str,
    lines: Sequence[rules.CostLine],
    documents: Sequence[Document],
    requested: Decimal,
) -> PaymentClaim:
    """The SME files a payment claim of a kind the call allows, with its invoices, proofs
    of payment and deliverables (documents already uploaded and checked)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    terms = payment_terms(application)
    problem = _claimant_problem(application, terms, by)
    if problem:
        raise FundingError(problem)
    if application.status not in CLAIM_STATUSES:
        raise FundingError(_("A payment claim can be filed only while the project runs."))
    try:
        kinds = rules.claim_kinds(application.call.rules)
    except ValueError as exc:
        raise FundingError(_("The call's payment rules are not valid: ask the agency.")) from exc
    if kind not in kinds:
        raise FundingError(_("The call does not allow this kind of claim."))
    # A refused claim is closed: the beneficiary files a corrected one.
    claims = application.payment_claims.exclude(status=ClaimStatus.REFUSED)
    if claims.exclude(status=ClaimStatus.PAID).exists():
        raise FundingError(_("A claim is still being checked: wait for its outcome."))
    if claims.filter(kind=ClaimKind.BALANCE).exists():
        raise FundingError(_("The balance has already been claimed."))
    if requested <= 0:
        raise FundingError(_("The amount requested must be more than zero."))
    document_kinds = {d.kind for d in documents if d.application_id == application.pk}
    if kinds[kind].guarantee_required and GUARANTEE not in document_kinds:
        raise FundingError(_("Upload the guarantee first."))
    if kind != ClaimKind.ADVANCE:
        if not lines:
            raise FundingError(_("Add at least one invoice."))
        if INVOICE not in document_kinds or PAYMENT_PROOF not in document_kinds:
            raise FundingError(_("Upload the invoices and the proofs of payment first."))
    if kind == ClaimKind.BALANCE and terms.deliverables_required:
        if DELIVERABLE not in document_kinds:
            raise FundingError(_("Upload the deliverables first."))
    hours_fields = {}
    if terms.hours is not None:
        hours = terms.hours(application)
        if hours is None:
            raise FundingError(
                _("The training agency has not reported the hours attended yet: wait for it.")
            )
        outcome = rules.rule_hours(hours, HOURS_REFERENCE)
        if not outcome.passed:
            raise FundingError(outcome.message)
        hours_fields = {
            "hours_attended": hours.attended,
            "hours_total": hours.total,
            "hours_min_percent": hours.min_percent,
            "hours_pro_rata": hours.pro_rata,
            "hours_outcomes": _in_every_language(
                lambda: [rules.rule_hours(hours, HOURS_REFERENCE)]
            ),
        }
    claim = PaymentClaim.objects.create(
        application=application,
        kind=kind,
        requested=requested,
        submitted_at=timezone.now(),
        submitted_by=by,
        **hours_fields,
    )
    claim.documents.set([d for d in documents if d.application_id == application.pk])
    ctx = line_context(application, terms)
    created = []
    for n, line in enumerate(lines):
        provider_ok = (
            terms.provider_ok(application, line.supplier_vat) if terms.provider_ok else None
        )
        line_ctx = rules.LineContext(**{**vars(ctx), "provider_ok": provider_ok})
        outcomes = rules.line_outcomes(line, line_ctx)
        created.append(
            ClaimLine(
                claim=claim,
                position=n,
                outcomes=_outcomes_by_language(line, line_ctx),
                proposed=rules.line_proposed(line, outcomes),
                **vars(line),
            )
        )
    ClaimLine.objects.bulk_create(created)
    if kind == ClaimKind.BALANCE and terms.completes_on_balance:
        # The balance is this scheme's final report: the workflow says it is filed (the
        # officers are told, and the operation waits for its check).
        transition_run(application=application, transition="submit_final_report", by=by)
    return claim


def _locked_claim(claim: PaymentClaim, statuses) -> PaymentClaim:
    locked = (
        PaymentClaim.objects.select_for_update()
        .select_related("application__call")
        .get(pk=claim.pk)
    )
    if locked.status not in statuses:
        raise FundingError(_("This claim is not at this step any more: reload the page."))
    return locked


@transaction.atomic
def claim_first_level(
    *, claim: PaymentClaim, by: User, decisions: Mapping[int, tuple[Decimal, str]]
) -> PaymentClaim:
    """The officer's check of each line: the eligible amount and the reason (required
    when it differs from what the rules proposed). Completing it draws the claim's
    place in the call's second-level sample, once, and records the draw."""
    claim = _locked_claim(claim, {ClaimStatus.SUBMITTED, ClaimStatus.RETURNED})
    if not user_is_officer(by):
        raise FundingError(_("Only the agency's officers check claims."))
    if claim.controller_id == by.pk:
        raise FundingError(_("The second-level controller cannot make the first-level check."))
    application = claim.application
    lines = list(claim.lines.all())
    if set(decisions) != {line.pk for line in lines}:
        raise FundingError(_("Check every line of the claim."))
    for line in lines:
        amount, reason = decisions[line.pk]
        if amount < 0 or amount > line.taxable + line.vat:
            raise FundingError(
                _("Line %(number)s: the eligible amount must be between 0 and the invoice's.")
                % {"number": line.number}
            )
        if amount != line.proposed and not reason.strip():
            raise FundingError(
                _("Line %(number)s: say why the eligible amount differs from the proposed one.")
                % {"number": line.number}
            )
        line.eligible, line.officer_reason = amount, reason.strip()
    ClaimLine.objects.bulk_update(lines, ["eligible", "officer_reason"])
    terms = payment_terms(application)
    kinds = rules.claim_kinds(application.call.rules)
    eligible = sum((line.eligible for line in lines), ZERO)
    payable, why = rules.claim_payable(
        kind=kinds[claim.kind],
        grant=application.grant_amount or ZERO,
        rate_percent=terms.grant_terms(application).rate_percent,
        eligible=eligible,
        requested=claim.requested,
        already_paid=_paid_so_far(application),
    )
    hours = claim_hours(claim)
    if hours is not None:
        allowed = rules.hours_payable(application.grant_amount or ZERO, hours)
        if allowed < payable:
            payable = allowed
            why = _("%(payable)s due on the hours attended.") % {"payable": format_eur(allowed)}
    claim.officer, claim.checked_at = by, timezone.now()
    claim.eligible, claim.payable, claim.payable_reason = eligible, payable, why
    if claim.sample_draw is None:
        claim.sample_seed = str((application.call.rules.get("payments") or {}).get("seed", ""))
        claim.sample_seed = claim.sample_seed or application.call.code
        claim.sample_percent = rules.sample_percent(application.call.rules)
        claim.sample_draw = rules.sample_draw(seed=claim.sample_seed, claim_key=str(claim.pk))
    in_sample = rules.sampled(draw=claim.sample_draw, percent=claim.sample_percent)
    # A claim the second level refused goes back to it whatever the draw.
    if in_sample or claim.status == ClaimStatus.RETURNED:
        claim.status, claim.second_level = ClaimStatus.CHECKED, SecondLevel.PENDING
    else:
        claim.status, claim.second_level = ClaimStatus.CLEARED, SecondLevel.NOT_SAMPLED
    claim.save()
    return claim


def claim_hours(claim: PaymentClaim) -> rules.Hours | None:
    """The attendance frozen on the claim (None: the scheme pays no hours)."""
    if claim.hours_total is None:
        return None
    return rules.Hours(
        claim.hours_attended, claim.hours_total, claim.hours_min_percent, claim.hours_pro_rata
    )


@transaction.atomic
def claim_refuse(*, claim: PaymentClaim, by: User, reason: str) -> PaymentClaim:
    """The officer refuses the whole claim at the first level, with the reason the
    beneficiary reads (a claim on too few hours, proofs that prove nothing). The claim
    stays as filed; the beneficiary may file a corrected one."""
    claim = _locked_claim(claim, {ClaimStatus.SUBMITTED, ClaimStatus.RETURNED})
    if not user_is_officer(by):
        raise FundingError(_("Only the agency's officers check claims."))
    if claim.controller_id == by.pk:
        raise FundingError(_("The second-level controller cannot make the first-level check."))
    if not reason.strip():
        raise FundingError(_("Give the reason for refusing the claim."))
    claim.officer, claim.checked_at = by, timezone.now()
    claim.status, claim.refusal_reason = ClaimStatus.REFUSED, reason.strip()
    claim.payable = ZERO
    claim.save()
    if claim.kind == ClaimKind.BALANCE and payment_terms(claim.application).completes_on_balance:
        # Back to the project with the reason, for a corrected claim (and, for the
        # voucher, the agency may correct the hours again).
        transition_run(
            application=claim.application,
            transition="refuse_final_report",
            by=by,
            reason=claim.refusal_reason,
        )
    return claim


@transaction.atomic
def claim_second_level(
    *, claim: PaymentClaim, by: User, approve: bool, reasons: str = ""
) -> PaymentClaim:
    """The independent second-level control: a member of the control group, never the
    officer who checked the claim. Refused, the claim goes back to the officer with the
    reasons; every line keeps what was entered."""
    claim = _locked_claim(claim, {ClaimStatus.CHECKED})
    if not by.has_role(Role.CONTROL):
        raise FundingError(_("Only the second-level control decides at this step."))
    if by.pk in (claim.officer_id, claim.submitted_by_id):
        raise FundingError(
            _("The second-level control must be independent of the first-level check.")
        )
    if not approve and not reasons.strip():
        raise FundingError(_("Give the reasons for refusing the claim."))
    claim.controller, claim.second_level_at = by, timezone.now()
    claim.second_level_reasons = reasons.strip()
    if approve:
        claim.status, claim.second_level = ClaimStatus.CLEARED, SecondLevel.APPROVED
    else:
        claim.status, claim.second_level = ClaimStatus.RETURNED, SecondLevel.REFUSED
    claim.save()
    return claim


# --- DURC, order, payment --------------------------------------------------------------


def durc_record(
    *, enterprise: Enterprise, outcome: str, issued_on: dt.date, protocol: str, by: User
) -> Durc:
    if outcome not in DurcOutcome.values:
        raise FundingError(_("Choose the DURC's outcome."))
    if issued_on > timezone.localdate():
        raise FundingError(_("The DURC cannot be issued in the future."))
    if not protocol.strip():
        raise FundingError(_("Enter the DURC's protocol."))
    return Durc.objects.create(
        enterprise=enterprise,
        outcome=outcome,
        issued_on=issued_on,
        protocol=protocol.strip(),
        recorded_by=by,
        recorded_at=timezone.now(),
    )


def iban_normalize(value: str) -> str:
    compact = stdnum_iban.compact(value or "")
    if not stdnum_iban.is_valid(compact):
        raise FundingError(
            _("%(value)s is not a valid IBAN: check the country, the check digits and the length.")
            % {"value": value}
        )
    return compact


@transaction.atomic
def payment_order_issue(*, claim: PaymentClaim, by: User, iban: str) -> PaymentOrder:
    """The payment order of a cleared claim: its amount, the beneficiary's IBAN, the
    operation's CUP and a regular DURC valid today."""
    claim = _locked_claim(claim, {ClaimStatus.CLEARED})
    if not user_is_officer(by):
        raise FundingError(_("Only the agency's officers issue payment orders."))
    compact = iban_normalize(iban)
    application = claim.application
    if not application.cup:
        raise FundingError(_("The operation has no CUP: it cannot be paid."))
    durc = None
    if payment_terms(application).durc_required:
        durc = (
            Durc.objects.filter(enterprise_id=application.enterprise_id)
            .order_by("-issued_on")
            .first()
        )
        today = timezone.localdate()
        if durc is None or (today - durc.issued_on).days > DURC_VALID_DAYS:
            raise FundingError(_("Record a DURC issued in the last 120 days first."))
        if durc.outcome != DurcOutcome.REGULAR:
            raise FundingError(_("The latest DURC is not regular: the payment is withheld."))
    if not claim.payable:
        raise FundingError(_("Nothing is payable on this claim."))
    order = PaymentOrder.objects.create(
        claim=claim,
        amount=claim.payable,
        iban=compact,
        cup=application.cup,
        durc=durc,
        issued_at=timezone.now(),
        issued_by=by,
    )
    PaymentClaim.objects.filter(pk=claim.pk).update(status=ClaimStatus.ORDERED)
    return order


def _net_committed(application: Application) -> Decimal:
    # Every envelope of an application carries the same commitment rows (budget_commit
    # and budget_release write one per envelope): one envelope's sum is the net.
    first = application.commitments.order_by("envelope_id").values_list("envelope_id", flat=True)
    envelope = first.first()
    if envelope is None:
        return ZERO
    total = application.commitments.filter(envelope_id=envelope).aggregate(s=Sum("amount"))["s"]
    return total or ZERO


@transaction.atomic
def payment_record(
    *, order: PaymentOrder, by: User, paid_on: dt.date, amount: Decimal, reference: str
) -> Payment:
    """The money actually paid. After the balance, what the operation still holds of
    the commitment and was not paid goes back to the call and its envelopes."""
    claim = _locked_claim(order.claim, {ClaimStatus.ORDERED})
    if not user_is_officer(by):
        raise FundingError(_("Only the agency's officers record payments."))
    if amount <= 0 or amount > order.amount:
        raise FundingError(_("The amount paid must be more than zero and at most the order's."))
    if paid_on > timezone.localdate() or paid_on < timezone.localdate(order.issued_at):
        raise FundingError(_("The payment date must be between the order and today."))
    if not reference.strip():
        raise FundingError(_("Enter the payment's reference."))
    payment = Payment.objects.create(
        order=order,
        paid_on=paid_on,
        amount=amount,
        reference=reference.strip(),
        recorded_by=by,
        recorded_at=timezone.now(),
    )
    PaymentClaim.objects.filter(pk=claim.pk).update(status=ClaimStatus.PAID)
    if claim.kind == ClaimKind.BALANCE:
        application = claim.application
        released = _net_committed(application) - _paid_so_far(application)
        if released > 0:
            budget_release(
                application=application,
                amount=released,
                by=by,
                reason=_("Not paid at the balance"),
            )
            Payment.objects.filter(pk=payment.pk).update(released=released)
            payment.released = released
        if payment_terms(application).completes_on_balance:
            _balance_complete(application=application, by=by)
    return payment


def _balance_complete(*, application: Application, by: User) -> None:
    """The balance paid closes the scheme's final report: the final grant is what was
    paid in total (what the monitoring and the certified expenditure count), and the
    operation moves on to monitoring, as the workflow's accepted final report does."""
    transition_run(
        application=application,
        transition="accept_final_report",
        by=by,
        reason=_("Balance paid"),
        extra={"final_grant": _paid_so_far(application)},
    )
