"""Reads of SPID/CIE data for other apps' pages."""

import datetime as dt

from trinno_portal.accounts.models import User

from . import rules
from .models import ProvenIdentity


def profile_initial_of(user: User, *, today: dt.date) -> rules.ProfileInitial | None:
    """The person profile's values proven by SPID or CIE; None for an account without a
    proven codice fiscale (e-mail and password only). One query."""
    if not user.is_authenticated or not user.fiscal_number:
        return None
    proof = ProvenIdentity.objects.filter(user=user).first()
    return rules.profile_initial(
        fiscal_number=user.fiscal_number,
        first_name=proof.first_name if proof else "",
        last_name=proof.last_name if proof else "",
        date_of_birth=proof.date_of_birth if proof else None,
        today=today,
    )
