"""Forms of the vouchers app. They check what the user typed and give it back with a
clear message; the services check the same rules again and do the writing."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trinno_portal.accounts.geography import PROVINCES
from trinno_portal.accounts.models import Enterprise, Person, PersonStatus, User
from trinno_portal.lib.forms import PortalModelForm
from trinno_portal.security.validators import validate_visible_text
from trinno_portal.spid.rules import TAX_CODE_NOT_PROVEN, ProfileInitial
from vouchers.offer import rules
from vouchers.offer.models import Course, CourseTheme, HeardFrom


class PersonProfileForm(PortalModelForm):
    residence_province = forms.ChoiceField(
        label=_("province of residence"), choices=[("", "---------"), *PROVINCES]
    )
    heard_from = forms.ChoiceField(
        label=_("How did you hear of the call?"),
        choices=[("", "---------"), *HeardFrom.choices],
        help_text=_("For the dissemination figures of the action plan."),
    )
    declared_enterprise_name = forms.CharField(
        label=_("enterprise name"),
        max_length=220,
        required=False,
        help_text=_("Entrepreneurs and managers whose enterprise is not in the portal."),
    )
    declared_vat_number = forms.CharField(
        label=_("Partita IVA of the enterprise"), max_length=13, required=False
    )

    class Meta(PortalModelForm.Meta):
        model = Person
        fields = [
            "first_name",
            "last_name",
            "tax_code",
            "birth_date",
            "residence_address",
            "residence_municipality",
            "residence_province",
            "status",
            "enterprise",
            "declared_enterprise_name",
            "declared_vat_number",
            "professional_order",
            "inps_separate_scheme",
            "heard_from",
        ]
        help_texts = {
            "tax_code": _("16 characters, as on your health card."),
            "professional_order": _("Freelancers: your order, register or association."),
            "inps_separate_scheme": _("Freelancers without an order (gestione separata)."),
        }
        error_messages = {
            "tax_code": {"unique": _("A profile with this codice fiscale already exists.")}
        }

    def __init__(self, *args, user: User, proven: ProfileInitial | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # Signed in with SPID or CIE: the codice fiscale is the proven one, shown and not
        # typed; a new profile starts from the identity's names and date of birth.
        self.proven = proven
        if proven is not None:
            tax_code = self.fields["tax_code"]
            tax_code.widget.attrs.update({"readonly": True, "aria-readonly": "true"})
            tax_code.help_text = _("Proven by your SPID or CIE sign-in: it cannot be changed.")
            if not self.is_bound:
                self.initial["tax_code"] = proven.tax_code
                if self.instance.pk is None:
                    for name in ("first_name", "last_name", "birth_date"):
                        if getattr(proven, name):
                            self.initial[name] = getattr(proven, name)
        enterprise = self.fields["enterprise"]
        enterprise.queryset = Enterprise.objects.filter(memberships__user=user).order_by(
            "legal_name"
        )
        enterprise.help_text = _("Entrepreneurs and managers: an enterprise you act for.")
        self.fields["status"].choices = [("", "---------"), *PersonStatus.choices]
        if self.instance.pk and not self.is_bound:
            name, vat = rules.declared_enterprise_parse(self.instance.declared_enterprise)
            self.initial.setdefault("declared_enterprise_name", name)
            self.initial.setdefault("declared_vat_number", vat)

    def clean_tax_code(self) -> str:
        value = self.cleaned_data["tax_code"]
        # Checked before the code's own validity: whatever was posted, only the proven code.
        if self.proven is not None and rules.tax_code_compact(value) != self.proven.tax_code:
            raise ValidationError(
                TAX_CODE_NOT_PROVEN,
                code="tax_code_not_proven",
                params={"code": self.proven.tax_code},
            )
        return rules.person_tax_code_clean(value)

    def clean_declared_vat_number(self) -> str:
        value = self.cleaned_data["declared_vat_number"].strip()
        return rules.tax_number_clean(value) if value else ""

    def clean(self):
        data = super().clean()
        code, birth_date = data.get("tax_code"), data.get("birth_date")
        if code and birth_date and not rules.tax_code_matches_birth_date(code, birth_date):
            self.add_error(
                "birth_date",
                _("The date of birth does not match the one in your codice fiscale."),
            )
        if data.get("status") and "declared_vat_number" not in self.errors:
            for field, message in rules.person_status_errors(
                status=data["status"],
                has_enterprise=data.get("enterprise") is not None,
                declared_name=data.get("declared_enterprise_name") or "",
                declared_vat=data.get("declared_vat_number") or "",
                professional_order=data.get("professional_order") or "",
                inps_separate_scheme=bool(data.get("inps_separate_scheme")),
            ).items():
                self.add_error(field, message)
        return data


class _ThemeChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        # A key no database integer can hold is refused here, not by the database.
        for pk in value or ():
            text = str(pk)
            if not text.isdigit() or int(text) >= 2**63:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": text[:20]},
                )
        return super()._check_values(value)


class CourseForm(PortalModelForm):
    themes = _ThemeChoiceField(
        label=_("Industry 4.0 themes"),
        queryset=CourseTheme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one Industry 4.0 theme.")},
    )

    class Meta(PortalModelForm.Meta):
        model = Course
        fields = [
            "title",
            "description",
            "themes",
            "hours",
            "cost",
            "start_date",
            "end_date",
            "delivery",
            "place",
            "seats",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
        }

    def clean_title(self):
        validate_visible_text(self.cleaned_data["title"])
        return self.cleaned_data["title"]

    def clean_end_date(self):
        end = self.cleaned_data["end_date"]
        # A course of the 2014-2020 programme, not of the year 9999.
        if end is not None and end > timezone.localdate() + dt.timedelta(days=5 * 366):
            raise ValidationError(_("The course must end within five years."))
        return end

    def clean(self):
        data = super().clean()
        needed = ("hours", "cost", "seats", "start_date", "end_date", "delivery")
        if all(data.get(name) is not None for name in needed):
            for field, message in rules.course_field_errors(
                hours=data["hours"],
                cost=data["cost"],
                seats=data["seats"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                delivery=data["delivery"],
                place=data.get("place") or "",
            ).items():
                self.add_error(field, message)
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("The training agency reads it on its dashboard."),
    )
