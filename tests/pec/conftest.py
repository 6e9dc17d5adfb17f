from ..audits.conftest import audit_call, submit  # noqa: F401
