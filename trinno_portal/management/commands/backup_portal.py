"""Back up the database and the uploaded files into one archive (docs/reliability.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from trinno_portal.security.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database (pg_dump or SQLite backup) and MEDIA_ROOT into a .tar.gz."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="Archive to write (default var/backups/trinno-YYYYmmdd-HHMMSS.tar.gz).",
        )

    def handle(self, *args, output: Path | None = None, **options):
        output = output or Path("var/backups") / (
            f"trinno-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz"
        )
        try:
            manifest = backup_create(output=output)
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        census = manifest["census"]
        self.stdout.write(
            f"Backup written to {output}: {len(census['applications'])} applications, "
            f"{len(census['status_changes'])} status changes, "
            f"{len(census['documents'])} documents, {len(manifest['media_files'])} files."
        )
