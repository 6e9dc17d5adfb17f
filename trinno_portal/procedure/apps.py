from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcedureConfig(AppConfig):
    name = "trinno_portal.procedure"
    label = "procedure"
    verbose_name = _("Administrative procedure")
