"""Uploads of the outreach. An event's materials are published to anyone and are held to
the rule of every published file: trinno_portal/lib/uploads.py, validate_published_pdf.

The name below stays for the migrations that recorded it."""

from trinno_portal.lib.uploads import validate_published_pdf

validate_material = validate_published_pdf
