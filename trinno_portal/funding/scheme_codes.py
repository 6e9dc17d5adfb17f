"""The codes of the schemes, stored on every call and application.

Apart from funding.models (Call.scheme, Application.scheme, and funding.models.Scheme is
this class), so that indicator_flags.py, which models.py imports for its generated
column, reads the codes from here rather than writing them again.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Scheme(models.TextChoices):
    AUDIT = "audit", _("Technological audit")
    CATALOGUE = "catalogue", _("Innovation services (catalogue)")
    VOUCHER = "voucher", _("ESF training voucher")
