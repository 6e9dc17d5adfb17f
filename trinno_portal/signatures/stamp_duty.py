"""The stamp duty declared with an application (DPR 642/1972): the serial number of the
marca da bollo and its issue date, declared in lieu of affidavit (DPR 445/2000 art. 47)
in the signed application form; the applicant keeps the original stamp.

It lives next to the signed form it is declared in. A serial is used once in the whole
portal: the database's unique constraint decides, so two applications racing for the
same serial cannot both have it.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trinno_portal.funding.services import FundingError

from .models import StampDutyMark


def stamp_duty_declare(
    *, application, serial: str, issued_on: dt.date, purpose: str = "application"
) -> StampDutyMark:
    """Record the stamp of `application` for `purpose` (replacing a previous declaration);
    FundingError if the serial was already used anywhere in the portal, or the date is
    in the future."""
    if not (len(serial) == 14 and serial.isdigit()):
        raise FundingError(_("The serial number has 14 digits."))
    if issued_on > timezone.localdate():
        raise FundingError(_("The stamp's issue date cannot be in the future."))
    try:
        with transaction.atomic():
            mark, _created = StampDutyMark.objects.update_or_create(
                application=application,
                purpose=purpose,
                defaults={"serial": serial, "issued_on": issued_on},
            )
    except IntegrityError as exc:
        raise FundingError(
            _(
                "The stamp with serial number %(serial)s has already been used in the portal: "
                "each stamp pays for one application only."
            )
            % {"serial": serial}
        ) from exc
    return mark


def stamp_duty_of(application, purpose: str = "application") -> StampDutyMark | None:
    return StampDutyMark.objects.filter(application=application, purpose=purpose).first()
