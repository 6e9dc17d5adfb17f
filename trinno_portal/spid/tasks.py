"""Celery tasks of SPID: thin callers of the registry's load."""

from pathlib import Path

from celery import shared_task
from django.conf import settings

from trinno_portal.spid.registry import HttpRegistry, registry_load


@shared_task(name="spid.registry_refresh")
def registry_refresh() -> int:
    """AgID's registry read again (an IdP accredited, a certificate rolled over). A failed
    download raises and keeps the saved copy: the sign-in goes on with yesterday's list."""
    idps = registry_load(
        client=HttpRegistry(settings.SPID_REGISTRY_URL),
        target=Path(settings.SPID_IDP_REGISTRY_FILE),
    )
    return len(idps)
