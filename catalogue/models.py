"""Models of the catalogue app: added by the issue that builds it."""
