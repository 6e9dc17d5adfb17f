"""What the service provider remembers between a request and its response.

AuthnRequestRecord: each AuthnRequest sent, so that a response answers one the portal made,
once (InResponseTo). ConsumedAssertion: each assertion id accepted, so that a captured response
cannot be posted again (a replay). Both are kept in the database, not in one process's memory:
several web processes share them. ProvenIdentity: what the last sign-in proved about the
account's person, for the forms that must not ask it again (the person profile).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuthnRequestRecord(models.Model):
    request_id = models.CharField(_("request id"), max_length=100, unique=True)
    idp_entity_id = models.CharField(_("identity provider"), max_length=500)
    level = models.PositiveSmallIntegerField(_("SPID level"))
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    consumed_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("SAML authentication request")
        verbose_name_plural = _("SAML authentication requests")

    def __str__(self) -> str:
        return self.request_id


class ConsumedAssertion(models.Model):
    assertion_id = models.CharField(_("assertion id"), max_length=100)
    issuer = models.CharField(_("issuer"), max_length=500)
    consumed_at = models.DateTimeField(_("used at"), auto_now_add=True)

    class Meta:
        verbose_name = _("consumed SAML assertion")
        verbose_name_plural = _("consumed SAML assertions")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "assertion_id"], name="assertion_once")
        ]

    def __str__(self) -> str:
        return self.assertion_id


class ProvenIdentity(models.Model):
    """The names and date of birth the identity provider asserted at the last SPID or CIE
    sign-in. The codice fiscale is User.fiscal_number; the full name is User.full_name, but a
    full name cannot be split back into first and last name (two-word surnames, De Luca).
    Only what the person profile uses is kept (GDPR art. 5(1)(c))."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="proven_identity",
        verbose_name=_("user"),
    )
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    idp_entity_id = models.CharField(_("identity provider"), max_length=500)
    proven_at = models.DateTimeField(_("signed in at"), auto_now=True)

    class Meta:
        verbose_name = _("identity proven by SPID or CIE")
        verbose_name_plural = _("identities proven by SPID or CIE")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()
