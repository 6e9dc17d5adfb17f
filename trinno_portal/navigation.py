"""What the header's menu shows and where a login lands, by what the user is.

A user may be several things at once (a company's representative who also asked for a
training voucher); the menu shows each thing's entries and nothing of the others: a
private person sees no "My companies", an official no applicant's menu, a training
agency's user its area. Read once per request, in one query (`user_roles`).
"""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from trinno_portal.accounts.roles import Role


@dataclass(frozen=True)
class UserRoles:
    authenticated: bool = False
    staff: bool = False  # Arezzo Innovazione's officers (the back office)
    official: bool = False  # the Region's read-only officials
    member: bool = False  # acts for at least one enterprise
    person: bool = False  # has an individual's profile (training vouchers)
    agency: bool = False  # acts for a training agency
    evaluator: bool = False  # scores the applications assigned to them (/valutazione/)

    @property
    def applicant(self) -> bool:
        """Sees the applicant's menu: anyone signed in who is neither staff nor official,
        nor only an evaluator (who applies for nothing)."""
        only_evaluator = self.evaluator and not (self.member or self.person or self.agency)
        return self.authenticated and not (self.staff or self.official or only_evaluator)

    @property
    def shows_companies(self) -> bool:
        # A new applicant, who is nothing yet, is shown where to register a company.
        return self.applicant and (self.member or not (self.person or self.agency))

    @property
    def shows_applications(self) -> bool:
        return self.applicant and (self.member or self.person or not self.agency)

    @property
    def shows_vouchers(self) -> bool:
        return self.applicant and (self.person or not (self.member or self.agency))


def landing_url_name(roles: UserRoles) -> str:
    """Where a login without `next` lands: the place of the user's next step."""
    if roles.staff:
        return "admin:index"
    if roles.official:
        return "monitoring:dashboard"
    if roles.member or roles.person:
        return "funding:my_applications"
    if roles.agency:
        return "vouchers:agency_home"
    if roles.evaluator:
        return "evaluation:list"
    return "home"


def user_roles(user) -> UserRoles:
    """The user's roles, in one query (none for an anonymous visitor)."""
    if isinstance(user, AnonymousUser) or not user.is_authenticated:
        return UserRoles()
    from django.contrib.auth import get_user_model

    from trinno_portal.accounts.models import Membership, Person
    from vouchers.offer.models import AgencyMembership

    User = get_user_model()
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            is_official=Exists(
                User.groups.through.objects.filter(
                    user_id=OuterRef("pk"), group__name=Role.REGION_OFFICIAL
                )
            ),
            is_member=Exists(Membership.objects.filter(user_id=OuterRef("pk"))),
            is_person=Exists(Person.objects.filter(user_id=OuterRef("pk"))),
            is_agency=Exists(AgencyMembership.objects.filter(user_id=OuterRef("pk"))),
            is_evaluator=Exists(
                User.groups.through.objects.filter(
                    user_id=OuterRef("pk"), group__name=Role.EVALUATOR
                )
            ),
        )
        .values("is_official", "is_member", "is_person", "is_agency", "is_evaluator")
        .first()
    )
    if row is None:
        return UserRoles()
    return UserRoles(
        authenticated=True,
        staff=user.is_staff and not row["is_official"],
        official=row["is_official"],
        member=row["is_member"],
        person=row["is_person"],
        agency=row["is_agency"],
        evaluator=row["is_evaluator"],
    )


def request_roles(request: HttpRequest) -> UserRoles:
    """The roles of the request's user, read at most once per request."""
    if not hasattr(request, "_portal_roles"):
        request._portal_roles = user_roles(getattr(request, "user", AnonymousUser()))
    return request._portal_roles


def roles_context(request: HttpRequest) -> dict[str, object]:
    """Context processor: `roles`, read only if the page's template asks for it."""
    return {"roles": SimpleLazyObject(lambda: request_roles(request))}
