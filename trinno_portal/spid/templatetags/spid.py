"""{% spid_buttons %}: "Entra con SPID" with the menu of identity providers, and "Entra con
CIE", as AgID's SPID button guidelines draw them (spid-sp-access-button), with the official
icons of the npm package spid-smart-button (settings.STATICFILES_DIRS, vendor/spid/)."""

import random
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import reverse

from trinno_portal.spid import saml, testidp

register = template.Library()

# Logos shipped by spid-smart-button, by the entityID of AgID's registry.
LOGOS = {
    "https://loginspid.aruba.it": "spid-idp-arubaid.svg",
    "https://identity.infocert.it": "spid-idp-infocertid.svg",
    "https://spid.intesa.it": "spid-idp-intesaid.svg",
    "https://id.lepida.it/idp/shibboleth": "spid-idp-lepidaid.svg",
    "https://idp.namirialtsp.com/idp": "spid-idp-namirialid.svg",
    "https://posteid.poste.it": "spid-idp-posteid.svg",
    "https://identity.sieltecloud.it": "spid-idp-sielteid.svg",
    "https://spid.register.it": "spid-idp-spiditalia.svg",
    "https://login.id.tim.it/affwebservices/public/saml2sso": "spid-idp-timid.svg",
}


@lru_cache(maxsize=4)
def _providers(files: tuple[tuple[str, float], ...]) -> tuple[tuple[str, str], ...]:
    client = saml.Saml2Client(saml.sp_config([name for name, _mtime in files]))
    return tuple(sorted(saml.known_idps(client).items()))


def providers() -> tuple[tuple[str, str], ...]:
    """(entityID, name) of every identity provider in the loaded metadata, CIE ID included."""
    return _providers(tuple((f, Path(f).stat().st_mtime) for f in saml.idp_metadata_files()))


def _login_url(entity_id: str, next_url: str) -> str:
    query = {"idp": entity_id}
    if next_url:
        query["next"] = next_url
    return reverse("spid:login") + "?" + urlencode(query)


@register.inclusion_tag("spid/buttons.html")
def spid_buttons(next_url: str = "") -> dict[str, object]:
    cie = settings.SPID_CIE_IDP_ENTITY_ID
    local = testidp.entity_id() if settings.SPID_TEST_IDP else None
    known = providers()
    items = [
        {"name": name, "url": _login_url(entity_id, next_url), "logo": LOGOS.get(entity_id)}
        for entity_id, name in known
        if entity_id not in (cie, local)
    ]
    # AgID's guidelines: the providers in random order, none favoured.
    random.shuffle(items)
    # The embedded default's own IdP first: the one that works offline (development only).
    items[:0] = [
        {"name": name, "url": _login_url(entity_id, next_url), "logo": None}
        for entity_id, name in known
        if entity_id == local
    ]
    cie_known = any(entity_id == cie for entity_id, _name in known)
    return {"idps": items, "cie_url": _login_url(cie, next_url) if cie_known else None}
