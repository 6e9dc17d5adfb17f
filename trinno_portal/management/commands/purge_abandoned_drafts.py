"""Delete drafts nobody touched for DRAFT_RETENTION_DAYS (privacy retention rule)."""

from django.core.management.base import BaseCommand

from trinno_portal.privacy.retention import drafts_purge, retention_days


class Command(BaseCommand):
    help = "Delete abandoned draft applications and their documents (GDPR storage limitation)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, help="Override DRAFT_RETENTION_DAYS.")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, days: int | None = None, dry_run: bool = False, **options):
        days = retention_days() if days is None else days
        count = drafts_purge(days=days, dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(f"{verb} {count} drafts untouched for more than {days} days.")
