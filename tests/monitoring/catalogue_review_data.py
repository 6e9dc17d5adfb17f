"""An edition in force with four services, and one proposal of each kind on it."""

from decimal import Decimal

from django.db.models import Max

from catalogue.editions.models import Edition, EditionState
from monitoring.catalogue_review import services
from monitoring.catalogue_review.models import CatalogueProposal, ProposalKind
from tests.catalogue.factories import PublishedEditionFactory, ServiceFactory


def edition_with_services():
    # Beside the catalogue load_portal_data loads, when a test loads it: one published
    # edition at a time, so this one is then a superseded one (any edition can be reviewed).
    number = (Edition.objects.aggregate(n=Max("number"))["n"] or 0) + 1
    if Edition.objects.filter(state=EditionState.PUBLISHED).exists():
        edition = PublishedEditionFactory(number=number, state=EditionState.SUPERSEDED)
    else:
        edition = PublishedEditionFactory(number=number)
    for code, name in (
        ("A.1", "Check-up"),
        ("B.1.1", "Temporary manager"),
        ("B.2", "Design"),
        ("C.1", "Export"),
    ):
        ServiceFactory(edition=edition, code=code, name=name, name_en=name)
    return edition


def propose(edition, by, kind, code=None, **fields) -> CatalogueProposal:
    service = edition.services.get(code=code) if code and kind != ProposalKind.ADD else None
    proposal = CatalogueProposal(
        edition=edition,
        kind=kind,
        service=service,
        rationale=fields.pop("rationale", "Emerso dai focus group."),
        **fields,
    )
    return services.proposal_save(proposal=proposal, by=by)


def add_fields(code="B.3", name="Gemello digitale") -> dict:
    return {
        "new_code": code,
        "new_name": name,
        "new_name_en": "Digital twin",
        "new_is_digital": True,
        "new_min_cost": Decimal("10000.00"),
        "new_max_cost": Decimal("60000.00"),
        "intensity_micro": Decimal("60.00"),
        "intensity_small": Decimal("50.00"),
        "intensity_medium": Decimal("40.00"),
    }
