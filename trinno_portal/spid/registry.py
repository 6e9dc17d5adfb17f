"""AgID's registry of SPID identity providers: where the IdP metadata comes from.

One interface, two sources: the registry's published metadata aggregate (production,
settings.SPID_REGISTRY_URL) and a file (the tests, the embedded default, a machine without
the registry in reach). registry_load checks what it got before it replaces the saved copy.
"""

import os
import tempfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from defusedxml import ElementTree

MD = "{urn:oasis:names:tc:SAML:2.0:metadata}"


class RegistryClient(Protocol):
    def fetch(self) -> bytes: ...


@dataclass(frozen=True)
class HttpRegistry:
    url: str
    timeout: float = 30.0

    def fetch(self) -> bytes:
        if not self.url.startswith("https://"):
            raise ValueError("The registry is read over HTTPS only.")
        with urllib.request.urlopen(self.url, timeout=self.timeout) as response:  # noqa: S310
            return response.read()


@dataclass(frozen=True)
class FileRegistry:
    path: Path

    def fetch(self) -> bytes:
        return Path(self.path).read_bytes()


def identity_providers(xml: bytes) -> list[str]:
    """The entityIDs of the identity providers in a metadata file (one entity or many)."""
    root = ElementTree.fromstring(xml)
    if root.tag == f"{MD}EntityDescriptor":
        entities = [root]
    elif root.tag == f"{MD}EntitiesDescriptor":
        entities = root.findall(f".//{MD}EntityDescriptor")
    else:
        raise ValueError("Not SAML metadata.")
    return [e.get("entityID", "") for e in entities if e.find(f"{MD}IDPSSODescriptor") is not None]


def unsigned_identity_providers(xml: bytes) -> list[str]:
    """The identity providers that publish no signing key: none of their responses can be
    verified (the repository's structural sample has only such)."""
    root = ElementTree.fromstring(xml)
    entities = [root] if root.tag == f"{MD}EntityDescriptor" else root.iter(f"{MD}EntityDescriptor")
    unsigned = []
    for entity in entities:
        idp = entity.find(f"{MD}IDPSSODescriptor")
        if idp is None:
            continue
        keys = [k for k in idp.findall(f"{MD}KeyDescriptor") if k.get("use") in (None, "signing")]
        if not keys:
            unsigned.append(entity.get("entityID", ""))
    return unsigned


def registry_load(*, client: RegistryClient, target: Path) -> list[str]:
    """Fetch, check and save the registry; return the identity providers it names."""
    xml = client.fetch()
    idps = identity_providers(xml)
    if not idps:
        raise ValueError("The metadata names no identity provider: the saved copy is kept.")
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the target and renamed: a web process never reads half a file.
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".registry-")
    with os.fdopen(fd, "wb") as out:
        out.write(xml)
    os.replace(tmp, target)
    return idps
