"""Models of the monitoring app: added by the issue that builds it."""
