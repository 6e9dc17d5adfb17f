"""Load the trust store from an EU trusted list: Italy's (AgID) directly, or the EU list
of trusted lists followed to Italy's. SOURCE is a downloaded XML file or an https address.
Run it daily (the lists are reissued at least every six months, and at once when a
provider's status changes: ETSI TS 119 612 section 5.3.14). Each list's signature is
verified before anything is loaded (services.trust_list_load)."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from trinno_portal.lib.signatures_tsl import TrustListError
from trinno_portal.signatures.clients import FileTrustListClient, HttpTrustListClient
from trinno_portal.signatures.services import certificates_from_pem, trust_list_load

EU_LOTL = "https://ec.europa.eu/tools/lotl/eu-lotl.xml"


class Command(BaseCommand):
    help = "Load the qualified providers of a trusted list (file or https address) as trusted."

    def add_arguments(self, parser):
        parser.add_argument("source", nargs="?", default=EU_LOTL, help=f"default {EU_LOTL}")
        parser.add_argument("--territory", default="IT")
        parser.add_argument(
            "--signers",
            type=Path,
            help="a PEM file of the certificates that may sign SOURCE (default for the "
            "LOTL: the TRUST_LIST_LOTL_SIGNERS setting, the Official Journal's)",
        )
        parser.add_argument(
            "--lists-dir",
            type=Path,
            help="a folder holding the national lists the LOTL points to (offline)",
        )

    def handle(
        self,
        *args,
        source: str,
        territory: str,
        lists_dir: Path | None,
        signers: Path | None = None,
        **options,
    ):
        if lists_dir is not None:
            client = FileTrustListClient(lists_dir)
        else:
            client = HttpTrustListClient()
        try:
            if source.startswith("https://"):
                data = HttpTrustListClient().fetch(source)
            else:
                data = Path(source).read_bytes()
            pinned = certificates_from_pem(signers.read_bytes()) if signers else None
            load = trust_list_load(
                data=data, source=source, territory=territory, client=client, signers=pinned
            )
        except (OSError, ValueError, TrustListError) as exc:
            raise CommandError(f"{source}: {exc}") from exc
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            f"{load.territory} list #{load.sequence_number} issued "
            f"{load.issued_at:%Y-%m-%d}: {load.certificates} trusted certificates"
            if load.issued_at
            else f"{load.territory}: {load.certificates} trusted certificates"
        )
