"""E-mails of the audit scheme, sent after the change that causes them has committed."""

from trinno_portal.funding.models import Application
from trinno_portal.lib.email import send_templated_email
from trinno_portal.lib.pdf import render_pdf


def _recipients(application: Application) -> list[str]:
    return list(
        application.enterprise.memberships.values_list("user__email", flat=True).order_by("id")
    )


def audit_notify_submitted(application: Application) -> None:
    """The receipt, by e-mail to every member of the enterprise."""
    context = {
        "application": application,
        "audit": application.audit,
        "cost_items": list(application.cost_items.all()),
        "documents": list(application.documents.all()),
    }
    send_templated_email(
        template_prefix="emails/audits/submitted",
        context=context,
        to=_recipients(application),
        attachments=[
            (
                f"ricevuta-{application.protocol_number}.pdf",
                render_pdf("audits/pdf/receipt.html", context),
                "application/pdf",
            )
        ],
    )
