"""Sign a file with the embedded default's demo key: a PDF gets a PAdES signature
(FILE-signed.pdf), anything else an attached CAdES envelope (FILE.p7m). Demo only."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from trinno_portal.lib.signatures_pki import sign_cades, sign_pades
from trinno_portal.signatures.demo import demo_chain, demo_dir


class Command(BaseCommand):
    help = "Sign FILE with the demo signing key (embedded default only)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--cades", action="store_true", help="make a .p7m even for a PDF")
        parser.add_argument("--output", type=Path)

    def handle(self, *args, file: Path, cades: bool, output: Path | None, **options):
        if not settings.DEMO_MODE:
            raise CommandError("The demo key exists only in the embedded default (DEMO_MODE).")
        if not (demo_dir() / "signer-key.pem").exists():
            raise CommandError("No demo key yet: run `manage.py load_portal_data --demo`.")
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from exc
        signer, chain = demo_chain()
        if data.startswith(b"%PDF-") and not cades:
            signed = sign_pades(data, signer=signer, chain=chain)
            target = output or file.with_name(file.stem + "-signed.pdf")
        else:
            signed = sign_cades(data, signer=signer, chain=chain)
            target = output or file.with_name(file.name + ".p7m")
        target.write_bytes(signed)
        self.stdout.write(str(target))
