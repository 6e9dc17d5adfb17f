import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trinno_portal.lib.forms import DateField, LocalizedDecimalField, MoneyField, PortalModelForm

from . import validators
from .geography import PROVINCES, is_tuscan
from .models import Enterprise, EnterpriseLink, LocalUnit, User
from .services import ENTERPRISE_FIELDS, LINK_FIELDS, LOCAL_UNIT_FIELDS, duplicate_vat_message


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


# --- Company profile ----------------------------------------------------------------------
# The forms only shape and check input; enterprise_create and friends (services.py) write,
# and validate the identifiers again.

# Legal forms as written on the Chamber of Commerce register (the stored value is the code).
LEGAL_FORMS: tuple[tuple[str, str], ...] = (
    ("srl", _("Limited liability company (srl)")),
    ("srls", _("Simplified limited liability company (srls)")),
    ("spa", _("Joint-stock company (spa)")),
    ("sapa", _("Partnership limited by shares (sapa)")),
    ("snc", _("General partnership (snc)")),
    ("sas", _("Limited partnership (sas)")),
    ("ss", _("Simple partnership (ss)")),
    ("di", _("Sole proprietorship (ditta individuale)")),
    ("coop", _("Cooperative (società cooperativa)")),
    ("consorzio", _("Consortium (consorzio)")),
    ("rete", _("Business network with legal personality (rete)")),
    ("professionista", _("Freelance professional")),
    ("altro", _("Other")),
)
LEGAL_FORM_LABELS = dict(LEGAL_FORMS)


def province_choices() -> list[tuple[str, object]]:
    """The ten Tuscan provinces first, then every other Italian province."""
    tuscan = [(code, name) for code, name in PROVINCES if is_tuscan(code)]
    others = [(code, name) for code, name in PROVINCES if not is_tuscan(code)]
    return [("", "---------"), (_("Tuscany"), tuscan), (_("Other provinces"), others)]


def _money_field(label: str) -> MoneyField:
    return MoneyField(
        label=label,
        min_value=Decimal(0),
        max_digits=15,
        decimal_places=2,
        help_text=_("In euro; the thousands separators are optional."),
    )


def _staff_field() -> LocalizedDecimalField:
    return LocalizedDecimalField(
        label=_("Staff (annual work units, AWU)"),
        min_value=Decimal(0),
        max_digits=9,
        decimal_places=2,
        help_text=_(
            "Full-time staff of the year count 1 each; part-time and seasonal staff "
            "count their fraction of a year."
        ),
    )


class _AddressMixin:
    def clean_postal_code(self) -> str:
        value = self.cleaned_data["postal_code"].strip()
        validators.validate_postal_code(value)
        return value


class EnterpriseForm(_AddressMixin, PortalModelForm):
    legal_form = forms.ChoiceField(label=_("Legal form"), choices=[("", "---------"), *LEGAL_FORMS])
    province = forms.ChoiceField(label=_("Province"), choices=province_choices)
    founded_on = DateField(label=_("Founding date"))
    size_reference_year = forms.IntegerField(
        label=_("Reference year"),
        min_value=1900,
        help_text=_("The last closed financial year with approved accounts."),
    )
    staff_awu = _staff_field()
    turnover = _money_field(_("Annual turnover (EUR)"))
    balance_sheet = _money_field(_("Annual balance sheet total (EUR)"))

    class Meta(PortalModelForm.Meta):
        model = Enterprise
        fields = ENTERPRISE_FIELDS
        labels = {
            "legal_name": _("Legal name"),
            "vat_number": _("Partita IVA"),
            "tax_code": _("Codice fiscale"),
            "pec": _("PEC (certified e-mail address)"),
            "ateco_code": _("Primary ATECO activity code"),
            "address": _("Registered office: address"),
            "municipality": _("Municipality"),
            "postal_code": _("Postal code (CAP)"),
        }
        help_texts = {
            "vat_number": _("11 digits."),
            "tax_code": _("Usually the same 11 digits as the Partita IVA."),
            "ateco_code": _(
                "Six digits, ATECO 2007 or ATECO 2025, as on the Chamber of Commerce "
                "certificate: for example 32.12.10."
            ),
        }
        widgets = {"vat_number": forms.TextInput(attrs={"inputmode": "numeric"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The model's max_length would cut "IT 007 431 101 57" before it is cleaned.
        self.fields["vat_number"].max_length = None
        self.fields["vat_number"].widget.attrs.pop("maxlength", None)
        self.fields["tax_code"].max_length = None
        self.fields["tax_code"].widget.attrs.pop("maxlength", None)
        self.fields["ateco_code"].max_length = None
        self.fields["ateco_code"].widget.attrs.pop("maxlength", None)

    def clean_vat_number(self) -> str:
        vat = validators.normalize_vat_number(self.cleaned_data["vat_number"])
        duplicates = Enterprise.objects.filter(vat_number=vat)
        if self.instance.pk:
            duplicates = duplicates.exclude(pk=self.instance.pk)
        if duplicates.exists():
            raise duplicate_vat_message(vat)
        return vat

    def clean_tax_code(self) -> str:
        return validators.normalize_tax_code(self.cleaned_data["tax_code"])

    def clean_pec(self) -> str:
        return validators.normalize_pec(self.cleaned_data["pec"])

    def clean_ateco_code(self) -> str:
        return validators.normalize_ateco_code(self.cleaned_data["ateco_code"])

    def clean_founded_on(self) -> dt.date:
        founded = self.cleaned_data["founded_on"]
        if founded > timezone.localdate():
            raise ValidationError(_("The founding date cannot be in the future."))
        return founded

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        year = cleaned.get("size_reference_year")
        founded = cleaned.get("founded_on")
        if year and year > timezone.localdate().year:
            self.add_error("size_reference_year", _("The reference year cannot be in the future."))
        elif year and founded and year < founded.year:
            self.add_error(
                "size_reference_year",
                _("The reference year cannot be before the founding year."),
            )
        return cleaned


class LocalUnitForm(_AddressMixin, PortalModelForm):
    province = forms.ChoiceField(label=_("Province"), choices=province_choices)

    class Meta(PortalModelForm.Meta):
        model = LocalUnit
        fields = LOCAL_UNIT_FIELDS
        labels = {
            "address": _("Address"),
            "municipality": _("Municipality"),
            "postal_code": _("Postal code (CAP)"),
        }


class EnterpriseLinkForm(PortalModelForm):
    holding_percent = LocalizedDecimalField(
        label=_("Holding (%)"),
        min_value=Decimal("0.01"),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
        help_text=_(
            "Share of capital or voting rights held (by this enterprise in the other, or by "
            "the other in this one), the higher of the two. Partner: from 25 to 50 per cent; "
            "linked: above 50 per cent, or with dominant influence."
        ),
    )
    staff_awu = _staff_field()
    turnover = _money_field(_("Annual turnover (EUR)"))
    balance_sheet = _money_field(_("Annual balance sheet total (EUR)"))

    class Meta(PortalModelForm.Meta):
        model = EnterpriseLink
        fields = LINK_FIELDS
        labels = {
            "name": _("Name of the enterprise"),
            "kind": _("Relationship"),
            "vat_number": _("Partita IVA or foreign identifier"),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        kind, holding = cleaned.get("kind"), cleaned.get("holding_percent")
        if kind and holding is not None:
            try:
                validators.validate_holding(kind, holding)
            except ValidationError as exc:
                self.add_error("holding_percent", exc)
        return cleaned


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the delegate"),
        help_text=_("They will receive a link, valid 14 days, to join after logging in."),
    )
    delegation = forms.FileField(
        label=_("Delegation, digitally signed by the legal representative"),
        help_text=_("The PDF signed (PAdES) or the signed .p7m (CAdES)."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.p7m,application/pdf,application/pkcs7-mime"}
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Asked for only where the portal requires the delegation signed (docs/security.md).
        if not settings.SIGNATURE_DELEGATION_REQUIRED:
            del self.fields["delegation"]


def form_errors_from(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form, on its fields where it names them."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class EnterpriseAdminForm(forms.ModelForm):
    """The back office checks identifiers as the applicant's form does."""

    class Meta:
        model = Enterprise
        fields = ENTERPRISE_FIELDS

    def clean_vat_number(self) -> str:
        return validators.normalize_vat_number(self.cleaned_data["vat_number"])

    def clean_tax_code(self) -> str:
        return validators.normalize_tax_code(self.cleaned_data["tax_code"])

    def clean_pec(self) -> str:
        return validators.normalize_pec(self.cleaned_data["pec"])

    def clean_ateco_code(self) -> str:
        return validators.normalize_ateco_code(self.cleaned_data["ateco_code"])

    def clean_postal_code(self) -> str:
        validators.validate_postal_code(self.cleaned_data["postal_code"])
        return self.cleaned_data["postal_code"]

    def clean_province(self) -> str:
        validators.validate_province(self.cleaned_data["province"])
        return self.cleaned_data["province"]
