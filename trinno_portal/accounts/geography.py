"""Italian provinces, and the ten of Tuscany with their NUTS 3 codes (brief, section 3)."""

from localflavor.it.it_province import PROVINCE_CHOICES

# Province codes (sigle) of every Italian province, as used in addresses and registers.
PROVINCES: tuple[tuple[str, str], ...] = tuple(PROVINCE_CHOICES)

TUSCAN_NUTS3: dict[str, str] = {
    "AR": "ITI18",
    "FI": "ITI14",
    "GR": "ITI1A",
    "LI": "ITI16",
    "LU": "ITI12",
    "MS": "ITI11",
    "PI": "ITI17",
    "PO": "ITI15",
    "PT": "ITI13",
    "SI": "ITI19",
}
TUSCAN_PROVINCES: frozenset[str] = frozenset(TUSCAN_NUTS3)
AREZZO = "AR"


def is_tuscan(province: str) -> bool:
    return province in TUSCAN_PROVINCES
