"""The catalogue admin: each domain sub-package registers its own models."""

from catalogue.call import admin as call_admin  # noqa: F401
from catalogue.editions import admin as editions_admin  # noqa: F401
