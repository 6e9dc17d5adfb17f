"""Where trusted lists come from: the EU's and the member states' publication points
(https://ec.europa.eu/tools/lotl/eu-lotl.xml, and the addresses the LOTL points to), or
local files. Not reachable from the test machines: the tests use the file client."""

from __future__ import annotations

import urllib.request
from pathlib import Path
from typing import Protocol

# The Italian list is about 2 MB, the LOTL under 1 MB: a cap well above both.
MAX_LIST_BYTES = 32 * 1024 * 1024


class TrustListClient(Protocol):
    def fetch(self, location: str) -> bytes:
        """The bytes of the trusted list at `location` (an https address or a path)."""
        ...


class HttpTrustListClient:
    """Downloads a list over HTTPS (the publication points are public)."""

    def __init__(self, *, timeout: float = 30.0) -> None:
        self.timeout = timeout

    def fetch(self, location: str) -> bytes:
        if not location.startswith("https://"):
            raise ValueError(f"refusing a non-https trusted list address: {location}")
        request = urllib.request.Request(  # noqa: S310 - https only, checked above
            location, headers={"User-Agent": "trinno-portal"}
        )
        with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
            data = response.read(MAX_LIST_BYTES + 1)
        if len(data) > MAX_LIST_BYTES:
            raise ValueError(f"trusted list larger than {MAX_LIST_BYTES} bytes: {location}")
        return data


class FileTrustListClient:
    """Reads lists from a folder: an address is looked up by its last path segment
    (https://.../TSL-IT.xml -> FOLDER/TSL-IT.xml). For tests and offline loads."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def fetch(self, location: str) -> bytes:
        name = location.rstrip("/").rsplit("/", 1)[-1]
        path = (self.folder / name).resolve()
        if path.parent != self.folder.resolve():
            raise ValueError(f"not in {self.folder}: {location}")
        return path.read_bytes()
