from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpidConfig(AppConfig):
    name = "trinno_portal.spid"
    label = "spid"
    verbose_name = _("SPID and CIE sign-in")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
