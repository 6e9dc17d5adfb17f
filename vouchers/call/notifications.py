"""E-mails of the voucher call, sent after the change that causes them has committed:
the shared news of every move (funding/notifications.py), with the receipt's PDF attached
to the submission's and the voucher's own words for the grant."""

from django.utils.translation import gettext_lazy as _

from trinno_portal.funding.models import Application
from trinno_portal.funding.notifications import News, application_news
from trinno_portal.lib.email import Attachment
from trinno_portal.lib.pdf import render_pdf


def _receipt(application: Application) -> list[Attachment]:
    context = {"application": application, "voucher": application.voucher}
    return [
        (
            f"ricevuta-{application.protocol_number}.pdf",
            render_pdf("vouchers/voucher/pdf/receipt.html", context),
            "application/pdf",
        )
    ]


voucher_notify_submitted = application_news("submit", attachments=_receipt)

# The person learns that the voucher was granted, and what to do next.
voucher_notify_approved = application_news(
    "approve",
    news=News(
        _("Training voucher %(protocol)s granted"),
        _(
            "Your training voucher %(protocol)s of %(amount)s was granted. Enrol in the course "
            "with the training agency and confirm it on the voucher's page in the portal: the "
            "reimbursement is paid on the hours you actually attend."
        ),
    ),
)
