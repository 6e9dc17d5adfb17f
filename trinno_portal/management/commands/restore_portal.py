"""Restore a backup into a fresh database and media folder, then verify it."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from trinno_portal.security.backup import BackupError, Target, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup_portal archive into a NEW database (--database for PostgreSQL, "
        "created beforehand with createdb; --sqlite for a new SQLite file) and a media "
        "folder, then check that every application, status change and document came back."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--database", help="Target PostgreSQL database (must be empty).")
        parser.add_argument("--sqlite", type=Path, help="Target SQLite file (must not exist).")
        parser.add_argument("--media-root", type=Path, required=True)
        parser.add_argument("--no-verify", action="store_true")

    def handle(self, *args, archive: Path, **options):
        target = Target(
            media_root=options["media_root"],
            pg_database=options["database"],
            sqlite_path=options["sqlite"],
        )
        try:
            manifest = backup_restore(
                archive_path=archive, target=target, verify=not options["no_verify"]
            )
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        census = manifest["census"]
        self.stdout.write(
            f"Restored {len(census['applications'])} applications, "
            f"{len(census['status_changes'])} status changes and "
            f"{len(census['documents'])} documents"
            + ("" if options["no_verify"] else ", all verified.")
        )
