"""Writes on accounts, roles and company profiles. Callers: views, the admin, the
load_portal_data command, tests."""

import datetime as dt
import fnmatch
import hashlib
import secrets
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import validators
from .models import (
    Enterprise,
    EnterpriseEvent,
    EnterpriseLink,
    Invitation,
    LocalUnit,
    MemberRole,
    Membership,
    RepresentativeProof,
    RepresentativeStatus,
    SizeClass,
    User,
)
from .rules import LinkedFigures, LinkType, SizeAssessment, SizeFigures, classify_size
from .services_representative import Evidence, enterprise_representative_confirm, event_record

# Apps whose permissions the role patterns of fixtures/roles.json may grant.
PORTAL_APPS = (
    "accounts",
    "funding",
    "catalogue",
    "audits",
    "vouchers",
    "monitoring",
    "payments",
    "pages",
    "procedure",
    # The trust store and the verification reports: staff read them (roles.json).
    "signatures",
)


def _permissions_matching(patterns: Iterable[str]) -> list[Permission]:
    """Permissions whose "app_label.codename" matches one of the shell-style patterns."""
    patterns = list(patterns)
    available = Permission.objects.filter(content_type__app_label__in=PORTAL_APPS).select_related(
        "content_type"
    )
    return [
        perm
        for perm in available
        if any(
            fnmatch.fnmatchcase(f"{perm.content_type.app_label}.{perm.codename}", pattern)
            for pattern in patterns
        )
    ]


@transaction.atomic
def roles_sync(*, definitions: Mapping[str, Iterable[str]]) -> dict[str, int]:
    """Make each role's group hold exactly the permissions its patterns match.

    Idempotent: running it twice leaves the same groups and permissions. Returns the
    number of permissions per role.
    """
    counts = {}
    for role, patterns in definitions.items():
        group, _created = Group.objects.get_or_create(name=role)
        perms = _permissions_matching(patterns)
        group.permissions.set(perms)
        counts[role] = len(perms)
    return counts


@transaction.atomic
def demo_user_ensure(
    *,
    email: str,
    password: str,
    full_name: str,
    roles: Iterable[str] = (),
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    """Create or reset a demo account with a verified e-mail, so that it can log in at once."""
    user, _created = User.objects.get_or_create(email=email.lower())
    user.full_name = full_name
    user.is_staff = is_staff
    user.is_superuser = is_superuser
    user.is_active = True
    if not user.check_password(password):
        user.set_password(password)
    user.save()
    user.groups.set(Group.objects.filter(name__in=list(roles)))
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


# --- Enterprise profile -----------------------------------------------------------------
# Company profiles: the enterprise, its local units, its partner and linked enterprises and
# the people who act for it. Views, the admin and commands call these functions; each one
# validates the identifiers again (validators.normalize_*) and keeps size_class in step
# with the figures it derives from (rules.classify_size).

ENTERPRISE_FIELDS = (
    "legal_name",
    "vat_number",
    "tax_code",
    "legal_form",
    "pec",
    "ateco_code",
    "founded_on",
    "address",
    "municipality",
    "postal_code",
    "province",
    "size_reference_year",
    "staff_awu",
    "turnover",
    "balance_sheet",
    "is_startup",
)
LOCAL_UNIT_FIELDS = ("address", "municipality", "postal_code", "province")
LINK_FIELDS = (
    "name",
    "vat_number",
    "kind",
    "holding_percent",
    "staff_awu",
    "turnover",
    "balance_sheet",
)
INVITATION_MAX_AGE = dt.timedelta(days=14)


def _only(fields: Mapping[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unexpected fields: {', '.join(sorted(unknown))}")
    return dict(fields)


def _collect(checks: Mapping[str, Callable[[], Any]], target: dict[str, Any]) -> None:
    """Run each field's check; raise one ValidationError with every field's message."""
    errors: dict[str, list[ValidationError]] = {}
    for name, check in checks.items():
        try:
            result = check()
        except ValidationError as exc:
            errors[name] = [exc]
        else:
            if result is not None:
                target[name] = result
    if errors:
        raise ValidationError(errors)


def _clean_enterprise(fields: dict[str, Any]) -> dict[str, Any]:
    checks: dict[str, Callable[[], Any]] = {}
    if "vat_number" in fields:
        checks["vat_number"] = lambda: validators.normalize_vat_number(fields["vat_number"])
    if "tax_code" in fields:
        checks["tax_code"] = lambda: validators.normalize_tax_code(fields["tax_code"])
    if "pec" in fields:
        checks["pec"] = lambda: validators.normalize_pec(fields["pec"])
    if "ateco_code" in fields:
        checks["ateco_code"] = lambda: validators.normalize_ateco_code(fields["ateco_code"])
    _address_checks(fields, checks)
    _collect(checks, fields)
    return fields


def _address_checks(fields: dict[str, Any], checks: dict[str, Callable[[], Any]]) -> None:
    if "postal_code" in fields:
        checks["postal_code"] = lambda: validators.validate_postal_code(fields["postal_code"])
    if "province" in fields:
        checks["province"] = lambda: validators.validate_province(fields["province"])


def duplicate_vat_message(vat_number: str) -> ValidationError:
    """Why a second profile with this Partita IVA is refused, and what to do instead."""
    if Enterprise.objects.filter(
        vat_number=vat_number, representative_status=RepresentativeStatus.UNCONFIRMED
    ).exists():
        return ValidationError(
            _(
                "An enterprise with Partita IVA %(vat)s was registered by someone whose "
                "role has not been confirmed. If you are its legal representative, "
                "claim it."
            ),
            code="unconfirmed_vat_number",
            params={"vat": vat_number},
        )
    return ValidationError(
        _(
            "An enterprise with Partita IVA %(vat)s is already registered in the "
            "portal: ask its legal representative to invite you as a delegate."
        ),
        code="duplicate_vat_number",
        params={"vat": vat_number},
    )


def _duplicate_vat_error(vat_number: str) -> ValidationError:
    return ValidationError({"vat_number": duplicate_vat_message(vat_number)})


def _size_figures(obj: Enterprise | EnterpriseLink) -> SizeFigures:
    return SizeFigures(obj.staff_awu, obj.turnover, obj.balance_sheet)


def size_assessment_compute(
    *, enterprise: Enterprise, links: Iterable[EnterpriseLink] | None = None
) -> SizeAssessment:
    """The size class of the enterprise with its explanation (pure, reads the links)."""
    if links is None:
        links = enterprise.links.order_by("pk")
    return classify_size(
        _size_figures(enterprise),
        [
            LinkedFigures(link.name, LinkType(link.kind), link.holding_percent, _size_figures(link))
            for link in links
        ],
    )


def enterprise_size_recompute(*, enterprise: Enterprise) -> Enterprise:
    size = size_assessment_compute(enterprise=enterprise).size
    if enterprise.size_class != size:
        enterprise.size_class = SizeClass(size)
        enterprise.save(update_fields=["size_class", "updated_at"])
    return enterprise


def enterprise_create(*, user: User, evidence: Evidence | None = None, **fields: Any) -> Enterprise:
    """Create the profile and make `user` its legal representative, unconfirmed unless
    `evidence` proves it (services_representative).

    One profile per Partita IVA: a duplicate is a ValidationError on vat_number, also when
    two people submit the same number at once (the unique index decides, not a prior read).
    """
    fields = _clean_enterprise(_only(fields, ENTERPRISE_FIELDS))
    enterprise = Enterprise(**fields)
    enterprise.size_class = SizeClass(size_assessment_compute(enterprise=enterprise, links=[]).size)
    if Enterprise.objects.filter(vat_number=enterprise.vat_number).exists():
        raise _duplicate_vat_error(enterprise.vat_number)
    try:
        with transaction.atomic():
            enterprise.save()
            Membership.objects.create(
                user=user, enterprise=enterprise, role=MemberRole.LEGAL_REPRESENTATIVE
            )
            event_record(
                enterprise=enterprise,
                kind=EnterpriseEvent.Kind.CREATED,
                actor=user,
                representative=user.pk,
                email=user.email,
            )
            if evidence is not None and evidence.covers(enterprise):
                enterprise_representative_confirm(enterprise=enterprise, evidence=evidence, by=user)
                enterprise.refresh_from_db()
    except IntegrityError as exc:
        if Enterprise.objects.filter(vat_number=enterprise.vat_number).exists():
            raise _duplicate_vat_error(enterprise.vat_number) from exc
        raise
    return enterprise


def enterprise_update(*, enterprise: Enterprise, **fields: Any) -> Enterprise:
    fields = _clean_enterprise(_only(fields, ENTERPRISE_FIELDS))
    vat = fields.get("vat_number", enterprise.vat_number)
    if Enterprise.objects.filter(vat_number=vat).exclude(pk=enterprise.pk).exists():
        raise _duplicate_vat_error(vat)
    for name, value in fields.items():
        setattr(enterprise, name, value)
    enterprise.size_class = SizeClass(size_assessment_compute(enterprise=enterprise).size)
    try:
        with transaction.atomic():
            enterprise.save()
    except IntegrityError as exc:
        raise _duplicate_vat_error(vat) from exc
    return enterprise


def local_unit_add(*, enterprise: Enterprise, **fields: Any) -> LocalUnit:
    fields = _only(fields, LOCAL_UNIT_FIELDS)
    checks: dict[str, Callable[[], Any]] = {}
    _address_checks(fields, checks)
    _collect(checks, fields)
    return LocalUnit.objects.create(enterprise=enterprise, **fields)


def local_unit_update(*, local_unit: LocalUnit, **fields: Any) -> LocalUnit:
    fields = _only(fields, LOCAL_UNIT_FIELDS)
    checks: dict[str, Callable[[], Any]] = {}
    _address_checks(fields, checks)
    _collect(checks, fields)
    for name, value in fields.items():
        setattr(local_unit, name, value)
    local_unit.save()
    return local_unit


def local_unit_delete(*, local_unit: LocalUnit) -> None:
    local_unit.delete()


def _clean_link(fields: dict[str, Any], current: EnterpriseLink | None = None) -> None:
    kind = fields.get("kind", current.kind if current else None)
    holding = fields.get("holding_percent", current.holding_percent if current else None)
    if kind is None or holding is None:
        raise TypeError("kind and holding_percent are required")
    try:
        validators.validate_holding(kind, holding)
    except ValidationError as exc:
        raise ValidationError({"holding_percent": exc}) from exc


def _lock(enterprise: Enterprise) -> None:
    """Serialise changes to one enterprise's links: the size class recomputed at the end of
    each change must see the links of every change committed before it (PostgreSQL)."""
    Enterprise.objects.select_for_update().filter(pk=enterprise.pk).first()


@transaction.atomic
def enterprise_link_add(*, enterprise: Enterprise, **fields: Any) -> EnterpriseLink:
    fields = _only(fields, LINK_FIELDS)
    _clean_link(fields)
    _lock(enterprise)
    link = EnterpriseLink.objects.create(enterprise=enterprise, **fields)
    enterprise_size_recompute(enterprise=enterprise)
    return link


@transaction.atomic
def enterprise_link_update(*, link: EnterpriseLink, **fields: Any) -> EnterpriseLink:
    fields = _only(fields, LINK_FIELDS)
    _clean_link(fields, link)
    _lock(link.enterprise)
    for name, value in fields.items():
        setattr(link, name, value)
    link.save()
    enterprise_size_recompute(enterprise=link.enterprise)
    return link


@transaction.atomic
def enterprise_link_delete(*, link: EnterpriseLink) -> None:
    enterprise = link.enterprise
    _lock(enterprise)
    link.delete()
    enterprise_size_recompute(enterprise=enterprise)


# --- Delegates ----------------------------------------------------------------------------
# An invitation is a single-use record (models.Invitation): the e-mailed link carries a random
# token, the table its SHA-256. Accepting uses it up; removing the delegate revokes it.


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _delegation_file_check(uploaded_file: UploadedFile) -> None:
    # The same size and content rules as an application's documents (funding/documents.py).
    from trinno_portal.funding.documents import document_check

    try:
        document_check(uploaded_file)
    except ValidationError as exc:
        raise ValidationError({"delegation": exc}) from None


def _require_legal_representative(*, enterprise: Enterprise, user: User) -> None:
    if not Membership.objects.filter(
        enterprise=enterprise, user=user, role=MemberRole.LEGAL_REPRESENTATIVE
    ).exists():
        raise PermissionDenied(_("Only the legal representative can manage delegates."))


def membership_invite(
    *,
    enterprise: Enterprise,
    email: str,
    invited_by: User,
    site_url: str,
    signed_delegation: UploadedFile | None = None,
) -> str:
    """E-mail an invitation to act for the enterprise as a delegate; return the token.

    `site_url` is the portal's scheme and host (https://portal.example), for the link.
    Where the portal requires it (SIGNATURE_DELEGATION_REQUIRED), `signed_delegation` is
    the delegation the legal representative signed, verified like every signed document
    (signatures/services.py) before anything is stored or sent.
    """
    # Imported here: the signatures app reads the accounts' models.
    from trinno_portal.signatures.services import (
        delegation_signed_check,
        signed_delegation_store,
    )

    _require_legal_representative(enterprise=enterprise, user=invited_by)
    email = User.objects.normalize_email(email).strip().lower()
    if Membership.objects.filter(enterprise=enterprise, user__email__iexact=email).exists():
        raise ValidationError(
            {
                "email": ValidationError(
                    _("%(email)s already acts for this enterprise."),
                    code="already_member",
                    params={"email": email},
                )
            }
        )
    if signed_delegation is not None:
        _delegation_file_check(signed_delegation)
    report = delegation_signed_check(enterprise=enterprise, uploaded_file=signed_delegation)
    token = secrets.token_urlsafe(32)
    stored = None
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                enterprise=enterprise,
                email=email,
                invited_by=invited_by,
                token_hash=_token_hash(token),
                expires_at=timezone.now() + INVITATION_MAX_AGE,
            )
            if report is not None:
                stored = signed_delegation_store(
                    invitation=invitation, uploaded_file=signed_delegation, report=report
                ).file
    except BaseException:
        if stored is not None:
            stored.storage.delete(stored.name)
        raise
    link = site_url.rstrip("/") + reverse("accounts:invitation_accept", args=[token])
    context = {
        "enterprise": enterprise,
        "invited_by": invited_by,
        "link": link,
        "days": INVITATION_MAX_AGE.days,
    }
    subject = render_to_string("emails/enterprise_invitation_subject.txt", context)
    body = render_to_string("emails/enterprise_invitation_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [email])
    return token


def invitation_read(*, token: str, for_update: bool = False) -> Invitation:
    """The invitation behind a token, or ValidationError saying why it cannot be used."""
    invitations = Invitation.objects.select_related("enterprise", "invited_by")
    if for_update:
        invitations = invitations.select_for_update(of=("self",))
    invitation = invitations.filter(token_hash=_token_hash(token)).first()
    if invitation is None:
        raise ValidationError(_("This invitation link is not valid."), code="invalid")
    if invitation.revoked_at is not None:
        raise ValidationError(_("This invitation is no longer valid."), code="revoked")
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used."), code="used")
    if invitation.expires_at <= timezone.now():
        raise ValidationError(
            _("This invitation has expired: ask the legal representative for a new one."),
            code="expired",
        )
    # The inviter must still be the legal representative: a former one's links lapse.
    if not Membership.objects.filter(
        enterprise=invitation.enterprise_id,
        user=invitation.invited_by_id,
        role=MemberRole.LEGAL_REPRESENTATIVE,
    ).exists():
        raise ValidationError(_("This invitation is no longer valid."), code="lapsed")
    return invitation


@transaction.atomic
def membership_invitation_accept(*, token: str, user: User) -> Membership:
    """Use the invitation up: the invitee becomes a delegate, once."""
    invitation = invitation_read(token=token, for_update=True)
    if user.email.lower() != invitation.email:
        raise ValidationError(
            _("This invitation was sent to %(email)s: log in with that address to accept it."),
            code="wrong_user",
            params={"email": invitation.email},
        )
    membership, _created = Membership.objects.get_or_create(
        user=user, enterprise=invitation.enterprise, defaults={"role": MemberRole.DELEGATE}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    event_record(
        enterprise=invitation.enterprise,
        kind=EnterpriseEvent.Kind.DELEGATE_ADDED,
        actor=user,
        invitation=invitation.pk,
        invited_by=invitation.invited_by_id,
        email=user.email,
    )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, removed_by: User) -> None:
    """Only the legal representative removes delegates; the legal representative stays.

    Every invitation of that address for the company is revoked with the membership, so
    no link already sent can bring the delegate back (docs/security.md).
    """
    _require_legal_representative(enterprise=membership.enterprise, user=removed_by)
    if membership.role == MemberRole.LEGAL_REPRESENTATIVE:
        raise ValidationError(
            _("The legal representative cannot be removed."), code="legal_representative"
        )
    Invitation.objects.filter(
        enterprise=membership.enterprise,
        email__iexact=membership.user.email,
        revoked_at__isnull=True,
    ).update(revoked_at=timezone.now())
    event_record(
        enterprise=membership.enterprise,
        kind=EnterpriseEvent.Kind.DELEGATE_REMOVED,
        actor=removed_by,
        delegate=membership.user_id,
        email=membership.user.email,
    )
    membership.delete()


# A fictitious jeweller of Arezzo for the demo SME account. The Partita IVA is made up (valid
# check digit, office code 051 Arezzo); it belongs to no real company as far as we know.
DEMO_ENTERPRISE: dict[str, Any] = {
    "legal_name": "Oreficeria Demo Aretina srl",
    "vat_number": "02100050513",
    "tax_code": "02100050513",
    "legal_form": "srl",
    "pec": "oreficeria.demo@pec.example.it",
    "ateco_code": "32.12.10",
    "founded_on": dt.date(2004, 5, 12),
    "address": "Via Fiorentina 120",
    "municipality": "Arezzo",
    "postal_code": "52100",
    "province": "AR",
    "size_reference_year": 2024,
    "staff_awu": Decimal("8.50"),
    "turnover": Decimal("1350000.00"),
    "balance_sheet": Decimal("980000.00"),
}


def demo_enterprise_ensure(*, email: str) -> Enterprise:
    """The demo SME account's company (idempotent): the demo user is its legal representative."""
    user = User.objects.get(email=email.lower())
    enterprise = Enterprise.objects.filter(vat_number=DEMO_ENTERPRISE["vat_number"]).first()
    if enterprise is None:
        enterprise = enterprise_create(user=user, **DEMO_ENTERPRISE)
    if enterprise.representative_status != RepresentativeStatus.CONFIRMED:
        # The demo company stands for one staff already checked, so that the demo submits.
        enterprise_representative_confirm(
            enterprise=enterprise, evidence=Evidence(RepresentativeProof.STAFF), by=None
        )
        enterprise.refresh_from_db()
    return enterprise
