from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VouchersConfig(AppConfig):
    name = "vouchers"
    verbose_name = _("ESF training vouchers")

    def ready(self) -> None:
        from trinno_portal.funding.services import on_transition

        from . import scheme
        from .notifications_voucher import voucher_notify_approved, voucher_notify_submitted

        scheme.register()
        on_transition("submit", voucher_notify_submitted)
        on_transition("approve", voucher_notify_approved)
