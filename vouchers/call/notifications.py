"""E-mails of the voucher call, sent after the change that causes them has committed."""

from trinno_portal.funding.models import Application
from trinno_portal.lib.email import send_templated_email
from trinno_portal.lib.pdf import render_pdf


def _context(application: Application) -> dict:
    return {"application": application, "voucher": application.voucher}


def voucher_notify_submitted(application: Application) -> None:
    """The receipt, by e-mail to the person who applied."""
    context = _context(application)
    send_templated_email(
        template_prefix="emails/vouchers/submitted",
        context=context,
        to=[application.person.user.email],
        attachments=[
            (
                f"ricevuta-{application.protocol_number}.pdf",
                render_pdf("vouchers/voucher/pdf/receipt.html", context),
                "application/pdf",
            )
        ],
    )


def voucher_notify_approved(application: Application) -> None:
    """The person learns that the voucher was granted, and what to do next."""
    send_templated_email(
        template_prefix="emails/vouchers/approved",
        context=_context(application),
        to=[application.person.user.email],
    )
