"""E-mails of the audit scheme, sent after the change that causes them has committed:
the shared news of every move (funding/notifications.py), with the receipt's PDF
attached to the submission's."""

from trinno_portal.funding.models import Application
from trinno_portal.funding.notifications import application_news
from trinno_portal.lib.email import Attachment
from trinno_portal.lib.pdf import render_pdf


def _receipt(application: Application) -> list[Attachment]:
    context = {
        "application": application,
        "audit": application.audit,
        "cost_items": list(application.cost_items.all()),
        "documents": list(application.documents.all()),
    }
    return [
        (
            f"ricevuta-{application.protocol_number}.pdf",
            render_pdf("audits/pdf/receipt.html", context),
            "application/pdf",
        )
    ]


# The receipt, by e-mail to every member of the enterprise and in their portal's list.
audit_notify_submitted = application_news("submit", attachments=_receipt)
