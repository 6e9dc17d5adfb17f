from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "trinno_portal.funding"
    label = "funding"
    verbose_name = _("Funding calls and applications")
