from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PecConfig(AppConfig):
    name = "trinno_portal.pec"
    label = "pec"
    verbose_name = _("Certified e-mail (PEC)")
