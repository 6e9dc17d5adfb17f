from ..audits.conftest import audit_call, submit  # noqa: F401
from ..catalogue_call.conftest import catalogue_call, submit_catalogue  # noqa: F401
