"""The TRINNO portal project package: settings, URLs, the Celery app and shared domain code."""

from .celery import app as celery_app

__all__ = ["celery_app"]
