"""E-mails of the innovation-services call, sent after the change that causes them has
committed (the scheme names them: catalogue/call/scheme.py)."""

from catalogue.call.selectors import receipt_context
from trinno_portal.funding.models import Application
from trinno_portal.lib.email import send_templated_email
from trinno_portal.lib.pdf import render_pdf


def _recipients(application: Application) -> list[str]:
    return list(
        application.enterprise.memberships.values_list("user__email", flat=True).order_by("id")
    )


def catalogue_notify_submitted(application: Application) -> None:
    """The receipt, by e-mail to every member of the enterprise."""
    context = receipt_context(application)
    send_templated_email(
        template_prefix="emails/catalogue/submitted",
        context=context,
        to=_recipients(application),
        attachments=[
            (
                f"ricevuta-{application.protocol_number}.pdf",
                render_pdf("catalogue/call/pdf/receipt.html", context),
                "application/pdf",
            )
        ],
    )
