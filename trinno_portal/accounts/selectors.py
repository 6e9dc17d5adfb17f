"""Reads on company profiles. Object-level access lives here: an applicant reaches an
enterprise only through a Membership, and gets 404 (never 403) for any other."""

from django.db.models import QuerySet
from django.http import Http404

from .models import Enterprise, EnterpriseLink, LocalUnit, MemberRole, Membership, User


def enterprises_of(user: User) -> QuerySet[Enterprise]:
    """The enterprises the user acts for (as legal representative or delegate)."""
    if not user.is_authenticated:
        return Enterprise.objects.none()
    return Enterprise.objects.filter(memberships__user=user)


def memberships_of(user: User) -> QuerySet[Membership]:
    """The user's memberships with their enterprise, for the list of my companies."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=user)
        .select_related("enterprise")
        .order_by("enterprise__legal_name", "enterprise__pk")
    )


def enterprise_for_user(user: User, pk: int) -> Enterprise:
    """The enterprise if the user is one of its members, else 404."""
    try:
        return enterprises_of(user).get(pk=pk)
    except Enterprise.DoesNotExist as exc:
        raise Http404 from exc


def membership_of(user: User, enterprise: Enterprise) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, enterprise=enterprise).first()


def is_legal_representative(user: User, enterprise: Enterprise) -> bool:
    membership = membership_of(user, enterprise)
    return membership is not None and membership.role == MemberRole.LEGAL_REPRESENTATIVE


def local_units_of(enterprise: Enterprise) -> QuerySet[LocalUnit]:
    return enterprise.local_units.order_by("province", "municipality", "pk")


def links_of(enterprise: Enterprise) -> QuerySet[EnterpriseLink]:
    return enterprise.links.order_by("pk")


def members_of(enterprise: Enterprise) -> QuerySet[Membership]:
    """Legal representative first, then delegates by date."""
    return (
        enterprise.memberships.select_related("user").order_by(
            "-role", "created_at", "pk"
        )  # "legal_rep" sorts after "delegate"
    )
