"""The legal representative proven: confirmation, claims and the take-over of a company.

Whoever types an unregistered Partita IVA creates the company, unconfirmed (drafts yes,
submission no: rules.submission_refusal, checked by funding.services.application_protocol_submit).
The company is confirmed, and bound to the person whose codice fiscale is its legal
representative's, by one of three proofs (models.RepresentativeProof): the attributes of a
SPID for legal persons naming the company, a declaration digitally signed by that codice
fiscale, or staff who checked the Chamber of Commerce record from the queue in the admin.

A proven representative who finds the company registered by someone else takes it over: every
membership and pending invitation of the claimant's time ends, the drafts stay with the
company, and EnterpriseEvent keeps who had it, who took it and on what proof.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    Enterprise,
    EnterpriseEvent,
    Invitation,
    MemberRole,
    Membership,
    RepresentativeClaim,
    RepresentativeProof,
    RepresentativeStatus,
    User,
)
from .rules import proves_representative


@dataclass(frozen=True)
class Evidence:
    """A proof that `fiscal_number` is the legal representative of the company `vat_number`.

    For SPID_LEGAL_PERSON and SIGNED_DECLARATION both come from what was verified (the
    assertion's ivaCode and fiscalNumber, the signer of the declaration); STAFF evidence
    names no company: the officer's decision is the proof, for the company being decided.
    """

    method: RepresentativeProof
    fiscal_number: str = ""
    vat_number: str = ""

    def covers(self, enterprise: Enterprise) -> bool:
        if self.method == RepresentativeProof.STAFF:
            return True
        return proves_representative(
            vat_number=enterprise.vat_number,
            fiscal_number=self.fiscal_number,
            spid_iva_code=self.vat_number,
        )


def event_record(
    *, enterprise: Enterprise, kind: str, actor: User | None, **detail: object
) -> EnterpriseEvent:
    return EnterpriseEvent.objects.create(
        enterprise=enterprise, kind=kind, actor=actor, detail=detail
    )


def _people(memberships: list[Membership]) -> list[dict[str, object]]:
    return [{"user": m.user_id, "email": m.user.email, "role": m.role} for m in memberships]


def _mark_confirmed(
    enterprise: Enterprise, *, evidence: Evidence, fiscal_number: str, by: User | None
) -> None:
    enterprise.representative_status = RepresentativeStatus.CONFIRMED
    enterprise.representative_proof = evidence.method
    enterprise.representative_tax_code = fiscal_number
    enterprise.representative_confirmed_at = timezone.now()
    enterprise.representative_confirmed_by = by
    enterprise.save(
        update_fields=[
            "representative_status",
            "representative_proof",
            "representative_tax_code",
            "representative_confirmed_at",
            "representative_confirmed_by",
            "updated_at",
        ]
    )


def _not_covered() -> ValidationError:
    return ValidationError(
        _("The proof given does not name this company's legal representative."),
        code="not_covered",
    )


@transaction.atomic
def enterprise_representative_confirm(
    *, enterprise: Enterprise, evidence: Evidence, by: User | None
) -> Enterprise:
    """Confirm the current legal representative of the company (the queue's action).

    For a proof that names a person (SPID, signed declaration) that person must be the
    company's current legal representative; otherwise enterprise_take_over applies.
    """
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    if not evidence.covers(enterprise):
        raise _not_covered()
    rep = (
        Membership.objects.select_related("user")
        .filter(enterprise=enterprise, role=MemberRole.LEGAL_REPRESENTATIVE)
        .first()
    )
    if rep is None:
        raise ValidationError(_("The company has no legal representative to confirm."))
    fiscal_number = evidence.fiscal_number or rep.user.fiscal_number or ""
    if evidence.method != RepresentativeProof.STAFF and rep.user.fiscal_number != fiscal_number:
        raise _not_covered()
    _mark_confirmed(enterprise, evidence=evidence, fiscal_number=fiscal_number, by=by)
    event_record(
        enterprise=enterprise,
        kind=EnterpriseEvent.Kind.CONFIRMED,
        actor=by,
        proof=evidence.method,
        representative=rep.user_id,
        email=rep.user.email,
    )
    RepresentativeClaim.objects.filter(
        enterprise=enterprise, status=RepresentativeClaim.Status.OPEN
    ).update(status=RepresentativeClaim.Status.REJECTED, decided_at=timezone.now(), decided_by=by)
    return enterprise


@transaction.atomic
def enterprise_take_over(
    *, enterprise: Enterprise, user: User, evidence: Evidence, by: User | None
) -> Membership:
    """Hand the company to its proven legal representative `user`.

    The people who acted for it before (the claimant and the delegates the claimant let in)
    lose access at once; their pending invitations are revoked; the history names them.
    `by` is the officer who accepted a claim, or the representative themselves.
    """
    # One take-over at a time per company; the losers of a race see the winner's result.
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    if not evidence.covers(enterprise):
        raise _not_covered()
    if (
        evidence.method != RepresentativeProof.STAFF
        and user.fiscal_number != evidence.fiscal_number
    ):
        raise _not_covered()
    before = list(Membership.objects.select_related("user").filter(enterprise=enterprise))
    current_rep = next((m for m in before if m.role == MemberRole.LEGAL_REPRESENTATIVE), None)
    if current_rep and current_rep.user_id == user.pk:
        # Already theirs: the proof confirms rather than takes over.
        enterprise_representative_confirm(enterprise=enterprise, evidence=evidence, by=by)
        return current_rep
    now = timezone.now()
    Membership.objects.filter(enterprise=enterprise).delete()
    Invitation.objects.filter(enterprise=enterprise, revoked_at__isnull=True).update(revoked_at=now)
    membership = Membership.objects.create(
        user=user, enterprise=enterprise, role=MemberRole.LEGAL_REPRESENTATIVE
    )
    fiscal_number = evidence.fiscal_number or user.fiscal_number or ""
    _mark_confirmed(enterprise, evidence=evidence, fiscal_number=fiscal_number, by=by or user)
    event_record(
        enterprise=enterprise,
        kind=EnterpriseEvent.Kind.TAKEN_OVER,
        actor=by or user,
        proof=evidence.method,
        representative=user.pk,
        email=user.email,
        removed=_people(before),
    )
    RepresentativeClaim.objects.filter(
        enterprise=enterprise, status=RepresentativeClaim.Status.OPEN
    ).exclude(user=user).update(
        status=RepresentativeClaim.Status.REJECTED, decided_at=now, decided_by=by or user
    )
    RepresentativeClaim.objects.filter(
        enterprise=enterprise, user=user, status=RepresentativeClaim.Status.OPEN
    ).update(status=RepresentativeClaim.Status.ACCEPTED, decided_at=now, decided_by=by or user)
    return membership


def representative_claim_open(
    *, enterprise: Enterprise, user: User, note: str = ""
) -> RepresentativeClaim:
    """Ask staff to hand over a company registered by someone else (no proof at hand)."""
    if Membership.objects.filter(
        enterprise=enterprise, user=user, role=MemberRole.LEGAL_REPRESENTATIVE
    ).exists():
        raise ValidationError(
            _("You are already the legal representative of this company."), code="already_rep"
        )
    try:
        with transaction.atomic():
            claim = RepresentativeClaim.objects.create(
                enterprise=enterprise, user=user, fiscal_number=user.fiscal_number or "", note=note
            )
    except IntegrityError as exc:
        raise ValidationError(
            _("Your claim on this company is already waiting for staff."), code="already_open"
        ) from exc
    event_record(
        enterprise=enterprise, kind=EnterpriseEvent.Kind.CLAIMED, actor=user, claim=claim.pk
    )
    return claim


def _require_officer(by: User) -> None:
    if not by.is_staff:
        raise PermissionDenied(_("Only staff decide claims."))


def _open_claim(claim: RepresentativeClaim) -> RepresentativeClaim:
    claim = RepresentativeClaim.objects.select_for_update().select_related("user").get(pk=claim.pk)
    if claim.status != RepresentativeClaim.Status.OPEN:
        raise ValidationError(_("This claim has already been decided."), code="decided")
    return claim


@transaction.atomic
def representative_claim_accept(*, claim: RepresentativeClaim, by: User) -> Membership:
    """Staff checked the Chamber of Commerce record: the claimant is the representative."""
    _require_officer(by)
    claim = _open_claim(claim)
    return enterprise_take_over(
        enterprise=claim.enterprise,
        user=claim.user,
        evidence=Evidence(RepresentativeProof.STAFF, fiscal_number=claim.fiscal_number),
        by=by,
    )


@transaction.atomic
def representative_claim_reject(*, claim: RepresentativeClaim, by: User) -> RepresentativeClaim:
    _require_officer(by)
    claim = _open_claim(claim)
    claim.status = RepresentativeClaim.Status.REJECTED
    claim.decided_at = timezone.now()
    claim.decided_by = by
    claim.save(update_fields=["status", "decided_at", "decided_by"])
    event_record(
        enterprise=claim.enterprise,
        kind=EnterpriseEvent.Kind.CLAIM_REJECTED,
        actor=by,
        claim=claim.pk,
        claimant=claim.user_id,
    )
    return claim
