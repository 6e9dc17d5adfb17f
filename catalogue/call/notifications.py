"""E-mails of the innovation-services call, sent after the change that causes them has
committed (the scheme names them: catalogue/call/scheme.py): the shared news of every move
(funding/notifications.py), with the receipt's PDF attached to the submission's."""

from catalogue.call.selectors import receipt_context
from trinno_portal.funding.models import Application
from trinno_portal.funding.notifications import application_news
from trinno_portal.lib.email import Attachment
from trinno_portal.lib.pdf import render_pdf


def _receipt(application: Application) -> list[Attachment]:
    return [
        (
            f"ricevuta-{application.protocol_number}.pdf",
            render_pdf("catalogue/call/pdf/receipt.html", receipt_context(application)),
            "application/pdf",
        )
    ]


# The receipt, by e-mail to every member of the enterprise and in their portal's list.
catalogue_notify_submitted = application_news("submit", attachments=_receipt)
