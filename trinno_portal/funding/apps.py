from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "trinno_portal.funding"
    label = "funding"
    verbose_name = _("Funding calls and applications")

    def ready(self) -> None:
        from . import services_triage  # noqa: F401  (registers the due-date hook)
        from .services import on_transition
        from .tasks import queue_eligibility

        on_transition("submit", queue_eligibility)
