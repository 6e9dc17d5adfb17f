"""The ESF+ participant data of a voucher application (Reg. (EU) 2021/1057, Annex I):
what the person gave on the form, and the age band at the time of applying, which the
monitoring counts (monitoring/selectors.py, esf_participant_values)."""

import datetime as dt

from trinno_portal.funding.models import Application
from vouchers.call.models import AgeBand, Gender, IscedLevel, LabourStatus, VoucherApplication


def age_band(birth_date: dt.date, on: dt.date) -> str:
    """ESF+ age bands at entry: below 30, 30 to 54, above 54 (full years on `on`)."""
    years = on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
    if years < 30:
        return AgeBand.UNDER_30
    if years > 54:
        return AgeBand.OVER_54
    return AgeBand.FROM_30_TO_54


def voucher_participant_save(
    *, application: Application, gender: str, labour_status: str, isced: str, on: dt.date
) -> None:
    """Store the participant data; a value outside its choices is stored as not given."""
    VoucherApplication.objects.filter(pk=application.pk).update(
        participant_gender=gender if gender in Gender.values else "",
        participant_labour_status=labour_status if labour_status in LabourStatus.values else "",
        participant_isced=isced if isced in IscedLevel.values else "",
        participant_age_band=age_band(application.person.birth_date, on),
    )
