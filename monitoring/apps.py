from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Monitoring and reports")

    def ready(self) -> None:
        # The indicators use BIT_OR (monitoring/selectors.py); SQLite has none of its own.
        from trinno_portal.lib.sqlite import register

        register()
