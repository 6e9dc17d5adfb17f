"""The vouchers admin: each domain sub-package registers its own models."""

from vouchers.call import admin as call_admin  # noqa: F401
from vouchers.offer import admin as offer_admin  # noqa: F401
