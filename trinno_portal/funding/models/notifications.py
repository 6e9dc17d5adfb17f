"""The portal's own list of notifications: what a move told a user, kept to be read again
in the portal. Written by the same function that sends the e-mail
(funding/notifications.py: application_news_send), so the list and the mailbox never
disagree."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trinno_portal.funding.models.applications import Application, StatusChange
from trinno_portal.lib.i18n import in_language


class Notification(models.Model):
    """One piece of news for one user, stored in both languages at sending time (as the
    eligibility outcomes are), so it reads the same later whatever the tables of messages
    become."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("application"),
    )
    # The move that caused it: sending twice (an outbox row retried after a failed
    # e-mail) must not list it twice.
    change = models.ForeignKey(
        StatusChange,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("status change"),
    )
    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    body = models.TextField(_("message"))
    body_en = models.TextField(_("message (English)"), blank=True)
    # What the other party wrote (the officer's request, the applicant's answer), as written.
    detail = models.TextField(_("detail"), blank=True)
    # The portal's path in Italian (no language prefix); the list translates it.
    link = models.CharField(_("link"), max_length=300, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            # A user's list, newest first, read from the index.
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_list"),
            # The dashboard's count of unread ones: a few rows of a small partial index.
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "change", "kind"], name="notification_once_per_change"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def display_title(self) -> str:
        return in_language(self.title, self.title_en)

    @property
    def display_body(self) -> str:
        return in_language(self.body, self.body_en)
