from django import forms
from django.utils.translation import gettext_lazy as _

from catalogue.editions.importing import MAX_BYTES
from catalogue.editions.models import ActType, Area, Edition, Service
from catalogue.editions.rules import service_record_clean
from trinno_portal.accounts.models import SizeClass
from trinno_portal.lib.forms import PortalModelForm

SME_SIZES = [(c.value, c.label) for c in SizeClass if c != SizeClass.LARGE]


class ServiceSearchForm(forms.Form):
    """The public filters, all GET parameters so that a search is a shareable URL."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    area = forms.ChoiceField(
        label=_("Area"), required=False, choices=[("", _("All areas")), *Area.choices]
    )
    size = forms.ChoiceField(
        label=_("Size of your enterprise"),
        required=False,
        choices=[("", _("Any size")), *SME_SIZES],
    )
    # value="1" so that the shared URL reads ?digital=1 rather than the browser's "on".
    digital = forms.BooleanField(
        label=_("Digital services only"),
        required=False,
        widget=forms.CheckboxInput(attrs={"value": "1"}),
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)


class DiffForm(forms.Form):
    """Two editions to compare (?da=<number>&a=<number>)."""

    da = forms.TypedChoiceField(label=_("From edition"), coerce=int)
    a = forms.TypedChoiceField(label=_("To edition"), coerce=int)

    def __init__(self, *args, editions: list[Edition], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(e.number, str(e)) for e in editions]
        self.fields["da"].choices = choices
        self.fields["a"].choices = choices


class EditionImportForm(forms.Form):
    file = forms.FileField(
        label=_("XLSX or CSV file"),
        help_text=_("One row per service, with the columns described in the import guide."),
    )
    number = forms.IntegerField(
        label=_("Edition number"),
        required=False,
        min_value=1,
        help_text=_("Leave empty to number it after the last edition."),
    )
    title = forms.CharField(label=_("Title (Italian)"), max_length=250)
    title_en = forms.CharField(label=_("Title (English)"), max_length=250)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB."), params={"size": MAX_BYTES // 2**20}
            )
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Upload an .xlsx or a .csv file."))
        return upload

    def clean_number(self):
        number = self.cleaned_data.get("number")
        if number and Edition.objects.filter(number=number).exists():
            raise forms.ValidationError(
                _("An edition numbered %(number)s already exists."), params={"number": number}
            )
        return number


class EditionPublishForm(PortalModelForm):
    class Meta(PortalModelForm.Meta):
        model = Edition
        fields = ["act_type", "act_number", "act_date", "valid_from"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.fields:
            self.fields[name].required = True
        self.fields["act_type"].choices = ActType.choices


class DraftFromForm(forms.Form):
    title = forms.CharField(label=_("Title (Italian)"), max_length=250)
    title_en = forms.CharField(label=_("Title (English)"), max_length=250)


class ServiceAdminForm(forms.ModelForm):
    """The admin's form for a service: the catalogue's own rules on top of the model's."""

    class Meta:
        model = Service
        fields = [
            "edition",
            "code",
            "area",
            "name",
            "name_en",
            "description",
            "description_en",
            "is_digital",
            "provider_requirements",
            "provider_requirements_en",
            "min_cost",
            "max_cost",
            "intensity_micro",
            "intensity_small",
            "intensity_medium",
            "illustrative",
            "source",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "area" in self.fields:
            self.fields["area"].required = False
            self.fields["area"].help_text = _("Empty: the first letter of the code.")

    def clean(self):
        cleaned = super().clean()
        record, errors = service_record_clean(cleaned)
        for error in errors:
            self.add_error(None, error)
        if not errors:
            cleaned["code"] = record["code"]
            cleaned["area"] = record["area"]
        return cleaned
