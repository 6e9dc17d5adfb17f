from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    # Its own label, so that its migrations never interleave with the funding app's.
    name = "trinno_portal.funding.payments"
    label = "payments"
    verbose_name = _("Payment claims and payments")
