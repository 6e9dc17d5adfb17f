"""Reads of the signatures app: the trust store as the verifier takes it, where a call
requires a signature, and who may sign for an enterprise."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Max

from trinno_portal.accounts.models import Enterprise, MemberRole, Membership, Person
from trinno_portal.lib.signatures import TrustInput

from .models import (
    RevocationList,
    SignedDelegation,
    TrustedCertificate,
    TrustListLoad,
    TrustSource,
)


def trust_input(*, extra_crls: tuple[bytes, ...] = ()) -> TrustInput:
    """The trusted certificates and known CRLs, and the date of the trust list loaded.

    The demo CA is trusted only where DEMO_MODE is on: a production portal never accepts
    a document signed with the demo key, even if its certificate got into the table.
    """
    certificates = TrustedCertificate.objects.filter(active=True)
    if not settings.DEMO_MODE:
        certificates = certificates.exclude(source=TrustSource.DEMO)
    anchors = tuple(bytes(der) for der in certificates.values_list("der", flat=True))
    crls = tuple(bytes(der) for der in RevocationList.objects.values_list("der", flat=True))
    last_list = TrustListLoad.objects.aggregate(last=Max("loaded_at"))["last"]
    if last_list is None:
        last_list = certificates.aggregate(last=Max("loaded_at"))["last"]
    return TrustInput(
        anchors=anchors,
        crls=crls + tuple(extra_crls),
        trust_list_date=last_list.date() if last_list else None,
        fetch_revocation=settings.SIGNATURE_FETCH_REVOCATION,
    )


@dataclass(frozen=True)
class SignatureRequirement:
    """A document kind that must carry a valid qualified signature, and who may sign."""

    kind: str
    delegates_allowed: bool = False


def signature_requirement(*, rules: dict, kind: str) -> SignatureRequirement | None:
    """What the call's rules say about `kind`: its "signatures" map, e.g.
    {"signed_letter": {"delegates_allowed": false}} (fixtures/calls_*.json)."""
    entry = (rules or {}).get("signatures", {}).get(kind)
    if entry is None:
        return None
    return SignatureRequirement(kind=kind, delegates_allowed=bool(entry.get("delegates_allowed")))


def allowed_signer_tax_codes(
    *, enterprise: Enterprise | None, delegates: bool, person: Person | None = None
) -> frozenset[str]:
    """The codici fiscali that may sign for the applicant: an enterprise's legal
    representative, and its delegates where the call allows; an individual applicant
    (training vouchers) signs for themselves.

    The one place that knows where accounts keep a person's codice fiscale: today only
    on the Person profile (SPID, which gives the fiscalNumber at login, is being built in
    trinno_portal/accounts: rewire here when it lands).
    """
    if enterprise is None:
        return frozenset({person.tax_code.upper()} if person and person.tax_code else ())
    roles = [MemberRole.LEGAL_REPRESENTATIVE] + ([MemberRole.DELEGATE] if delegates else [])
    codes = Membership.objects.filter(
        enterprise=enterprise, role__in=roles, user__person_profile__isnull=False
    ).values_list("user__person_profile__tax_code", flat=True)
    return frozenset(code.upper() for code in codes if code)


def trust_store_summary(*, now: datetime) -> dict[str, int]:
    certificates = TrustedCertificate.objects.filter(active=True)
    return {
        "certificates": certificates.count(),
        "expired": certificates.filter(not_after__lt=now).count(),
        "crls": RevocationList.objects.count(),
    }


def signed_delegation_for_user(user, pk: int) -> SignedDelegation:
    """A signed delegation for its enterprise's legal representative and the back office
    (who see it in the admin), else 404, never 403: no hint that it exists. The
    delegate is shown it on the company's page, but the file is the legal
    representative's document (docs/security.md, "Digital signatures")."""
    from django.http import Http404

    from trinno_portal.funding.selectors import user_is_back_office

    delegation = (
        SignedDelegation.objects.select_related("invitation").filter(pk=pk).first()
        if user.is_authenticated
        else None
    )
    if delegation is None:
        raise Http404
    if (
        user_is_back_office(user)
        or Membership.objects.filter(
            enterprise=delegation.invitation.enterprise_id,
            user=user,
            role=MemberRole.LEGAL_REPRESENTATIVE,
        ).exists()
    ):
        return delegation
    raise Http404


def signed_delegations_by_delegate(enterprise: Enterprise) -> dict[int, SignedDelegation]:
    """The signed delegation behind each delegate's membership of `enterprise` (the
    invitation they accepted), by the delegate's user id: one query for the list."""
    delegations = (
        SignedDelegation.objects.filter(
            invitation__enterprise=enterprise,
            invitation__accepted_by__isnull=False,
            invitation__revoked_at__isnull=True,
        )
        .select_related("invitation")
        .order_by("invitation__accepted_at")
    )
    # The latest accepted invitation wins where one person was invited twice.
    return {d.invitation.accepted_by_id: d for d in delegations}
