"""Models of the audits app: added by the issue that builds it."""
