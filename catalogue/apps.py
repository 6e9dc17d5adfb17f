from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = _("Catalogue of advanced and qualified services")

    def ready(self) -> None:
        from trinno_portal.funding.services import on_transition

        from . import scheme
        from .notifications_call import catalogue_notify_submitted

        scheme.register()
        on_transition("submit", catalogue_notify_submitted)
