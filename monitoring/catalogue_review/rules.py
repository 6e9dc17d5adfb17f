"""Pure rules of the catalogue change proposals: what a proposal must say to be
reviewable, and the change it makes to an edition's service records. No database here:
the services read the rows and pass plain values (catalogue.editions.rules' records)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from catalogue.editions.rules import service_record_clean

INTENSITY_FIELDS = ("intensity_micro", "intensity_small", "intensity_medium")


@dataclass(frozen=True)
class ProposalData:
    """What a proposal says, as plain values."""

    kind: str
    # The record of the service concerned (None for an addition).
    service: Mapping[str, object] | None = None
    intensities: Mapping[str, Decimal | None] = field(default_factory=dict)
    # The service to add, as a catalogue record without its derived fields.
    new_service: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class ServiceEdit:
    """One change to an edition: remove `code`, update it with `fields`, or add `record`."""

    action: str  # "remove", "update" or "add"
    code: str
    fields: Mapping[str, object] = field(default_factory=dict)


def proposal_problems(data: ProposalData, *, edition_codes: Collection[str]) -> list[str]:
    """Why a proposal cannot be made or accepted as it stands (empty when it can)."""
    kind, service = data.kind, data.service
    if kind != "add":
        if service is None:
            return [_("Choose the service of the edition the proposal concerns.")]
        if str(service["code"]) not in edition_codes:
            return [_("The service is not in the edition the proposal concerns.")]
    if kind == "make_digital" and service and service.get("is_digital"):
        return [_("The service is digital already.")]
    if kind == "raise_intensity":
        proposed = {k: v for k, v in data.intensities.items() if v is not None}
        if not proposed:
            return [_("Give at least one aid intensity higher than the present one.")]
        problems = []
        for name, value in proposed.items():
            if value > Decimal("100"):
                problems.append(_("An aid intensity cannot pass 100%."))
            elif value <= Decimal(str(service[name])):
                problems.append(
                    _("The proposed intensity %(value)s%% is not higher than %(now)s%%.")
                    % {"value": value, "now": service[name]}
                )
        return problems
    if kind == "add":
        code = str(data.new_service.get("code") or "").strip().upper()
        if not code:
            return [_("Give the code of the service to add.")]
        if code in edition_codes:
            return [_("The edition has a service %(code)s already.") % {"code": code}]
        if any(data.intensities.get(name) is None for name in INTENSITY_FIELDS):
            return [_("Give the aid intensity of the new service for every size class.")]
        # The catalogue's own checks of a service record: code pattern, names, costs.
        return service_record_clean({**data.new_service, **data.intensities})[1]
    return []


def proposal_edit(data: ProposalData) -> ServiceEdit:
    """The change an accepted proposal makes to the edition drafted from it."""
    if data.kind == "add":
        record = {**data.new_service, **data.intensities}
        record["code"] = str(record["code"]).strip().upper()
        return ServiceEdit("add", record["code"], record)
    code = str(data.service["code"])
    if data.kind == "remove":
        return ServiceEdit("remove", code)
    if data.kind == "make_digital":
        return ServiceEdit("update", code, {"is_digital": True})
    raised = {k: v for k, v in data.intensities.items() if v is not None}
    return ServiceEdit("update", code, raised)


def accepted_conflict(code: str, *, accepted_codes: Collection[str]) -> bool:
    """Whether another accepted proposal of the same edition concerns the same code.

    Two accepted changes of one service (raise it and remove it) would make the drafted
    edition differ from what the working group accepted: the second waits for a later
    round, so the draft's differences are exactly the accepted proposals."""
    return code.strip().upper() in {c.strip().upper() for c in accepted_codes}
