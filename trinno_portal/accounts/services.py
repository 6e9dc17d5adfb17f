"""Writes on accounts and roles. Callers: the load_portal_data command, tests."""

import fnmatch
from collections.abc import Iterable, Mapping

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from .models import User

# Apps whose permissions the role patterns of fixtures/roles.json may grant.
PORTAL_APPS = ("accounts", "funding", "catalogue", "audits", "vouchers", "monitoring")


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
