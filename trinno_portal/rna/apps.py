from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RnaConfig(AppConfig):
    name = "trinno_portal.rna"
    label = "rna"
    verbose_name = _("State aid register (RNA) and transparency")
