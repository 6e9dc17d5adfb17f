from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditsConfig(AppConfig):
    name = "audits"
    verbose_name = _("Technological audits")

    def ready(self) -> None:
        from trinno_portal.funding.services import on_transition

        from . import scheme
        from .notifications import audit_notify_submitted

        scheme.register()
        on_transition("submit", audit_notify_submitted)
