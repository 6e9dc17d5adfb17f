"""The audits admin: each domain sub-package registers its own models."""

from audits.call import admin as call_admin  # noqa: F401
from audits.selfassessment import admin as selfassessment_admin  # noqa: F401
from audits.selfassessment import advanced_admin  # noqa: F401
