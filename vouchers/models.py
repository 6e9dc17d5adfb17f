"""Models of the vouchers app: added by the issue that builds it."""
