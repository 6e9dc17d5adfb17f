from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from trinno_portal.spid.registry import FileRegistry, HttpRegistry, registry_load


class Command(BaseCommand):
    help = (
        "Load the SPID identity providers' metadata from AgID's registry "
        "(settings.SPID_REGISTRY_URL), or from --file, into settings.SPID_IDP_REGISTRY_FILE."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--file", help="a metadata file instead of the registry's address")
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="do nothing when a saved copy exists (make setup loads the repository's sample)",
        )

    def handle(self, *args, **options) -> None:
        target = Path(settings.SPID_IDP_REGISTRY_FILE)
        if options["if_missing"] and target.exists():
            self.stdout.write(f"{target} exists: kept.")
            return
        client = (
            FileRegistry(Path(options["file"]))
            if options["file"]
            else HttpRegistry(settings.SPID_REGISTRY_URL)
        )
        try:
            idps = registry_load(client=client, target=target)
        except (OSError, ValueError) as exc:
            raise CommandError(f"Registry not loaded: {exc}") from exc
        self.stdout.write(f"{len(idps)} identity providers saved to {target}.")
