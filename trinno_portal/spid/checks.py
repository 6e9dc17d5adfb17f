"""System checks of SPID: the identity providers' registry is there and is a real one.

Production reads AgID's registry (`manage.py spid_registry_load`, README "SPID and CIE"). Without
it the SPID button has no identity provider; with the repository's structural sample
(fixtures/spid/idp-registry.sample.xml) the menu lists IdPs whose responses can never be
verified. Both are warnings of `manage.py check`, not errors: `migrate` must still run on a new
installation before its first registry download.
"""

from pathlib import Path

from django.conf import settings
from django.core.checks import Warning, register

from .registry import unsigned_identity_providers


@register("spid")
def registry_check(app_configs, **kwargs):
    if settings.DEBUG:
        return []
    path = Path(settings.SPID_IDP_REGISTRY_FILE)
    if not path.exists():
        return [
            Warning(
                f"The SPID identity providers' registry {path} does not exist: the SPID "
                "button has no identity provider.",
                hint="Run `manage.py spid_registry_load` (AgID's registry, SPID_REGISTRY_URL) "
                "and schedule it daily.",
                id="spid.W001",
            )
        ]
    try:
        unsigned = unsigned_identity_providers(path.read_bytes())
    except (OSError, ValueError) as exc:
        return [Warning(f"The SPID registry {path} cannot be read: {exc}", id="spid.W002")]
    if unsigned:
        return [
            Warning(
                f"The SPID registry {path} names {len(unsigned)} identity providers without a "
                "signing certificate: their responses are all refused.",
                hint="Is it the repository's structural sample? Load AgID's registry with "
                "`manage.py spid_registry_load`.",
                id="spid.W003",
            )
        ]
    return []
