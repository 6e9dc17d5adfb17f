"""The catalogue app's models, defined in its domain sub-packages."""

from catalogue.call.models import (
    CatalogueApplication,
    ServiceRequest,
)
from catalogue.editions.history import HistoricalEdition, HistoricalService
from catalogue.editions.models import (
    PERCENT_VALIDATORS,
    ActType,
    Area,
    Edition,
    EditionState,
    Service,
)

__all__ = [
    "HistoricalEdition",
    "HistoricalService",
    "ActType",
    "Area",
    "CatalogueApplication",
    "Edition",
    "EditionState",
    "PERCENT_VALIDATORS",
    "Service",
    "ServiceRequest",
]
