"""The agency's identity on every document the portal makes for an applicant: the
letterhead of receipts, letters and agreements and the signatory of letters
(templates/pdf/_letterhead.html, _signatory.html; docs/architecture.md, "Letterhead").
One row kept by staff in the admin, like monitoring's ReportIdentity."""

from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from trinno_portal.lib.i18n import in_language
from trinno_portal.lib.pdf import file_data_uri
from trinno_portal.lib.uploads import UploadField


class AgencyIdentity(models.Model):
    """Who issues the documents: name, seat, tax identity, where to write, who signs."""

    legal_name = models.CharField(_("legal name"), max_length=250, default="Arezzo Innovazione")
    address = models.CharField(_("address"), max_length=250, blank=True)
    tax_code = models.CharField(_("codice fiscale"), max_length=16, blank=True)
    vat_number = models.CharField(_("Partita IVA"), max_length=11, blank=True)
    pec = models.EmailField(_("PEC address"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    signatory_name = models.CharField(_("signatory"), max_length=200, blank=True)
    signatory_role_it = models.CharField(
        _("signatory's role (Italian)"), max_length=200, blank=True
    )
    signatory_role_en = models.CharField(
        _("signatory's role (English)"), max_length=200, blank=True
    )
    logo = UploadField(
        _("logo (PNG or SVG)"),
        folder="agency",
        blank=True,
        validators=[FileExtensionValidator(["png", "svg"])],
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("agency identity")
        verbose_name_plural = _("agency identity")

    def __str__(self) -> str:
        return str(_("Identity on the applicants' documents"))

    @property
    def signatory_role(self) -> str:
        return in_language(self.signatory_role_it, self.signatory_role_en)

    @property
    def logo_data_uri(self) -> str:
        return file_data_uri(self.logo)
