from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    # A sub-package of monitoring with its own label, so that its tables and migrations
    # are its own (docs/outreach.md).
    name = "monitoring.outreach"
    label = "outreach"
    verbose_name = _("Outreach: events and advice")
