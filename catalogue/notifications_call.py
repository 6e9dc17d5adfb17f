"""E-mails of the innovation-services call, sent after the change that causes them has
committed (registered with on_transition in apps.py)."""

from trinno_portal.funding.models import Application, Scheme
from trinno_portal.lib.email import send_templated_email
from trinno_portal.lib.pdf import render_pdf

from .selectors_call import receipt_context


def _recipients(application: Application) -> list[str]:
    return list(
        application.enterprise.memberships.values_list("user__email", flat=True).order_by("id")
    )


def catalogue_notify_submitted(application: Application) -> None:
    """The receipt, by e-mail to every member of the enterprise."""
    if application.scheme != Scheme.CATALOGUE:
        return
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
