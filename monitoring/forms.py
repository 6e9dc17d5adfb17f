"""Forms of the monitoring pages: the period of the dashboard, a report request, and
staff's updates of the plan."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trinno_portal.lib.forms import DateField

from . import rules
from .models import ProgressStatus, RiskStatus

PERIOD_MESSAGES = {
    "missing": _("Give both dates of the period."),
    "end_before_start": _("The period must end on or after the day it starts."),
    "end_in_future": _("The period cannot end after today: there is no data yet."),
}


class PeriodForm(forms.Form):
    start = DateField(label=_("From"))
    end = DateField(label=_("To"))

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        for code in rules.period_errors(
            cleaned.get("start"), cleaned.get("end"), timezone.localdate()
        ):
            self.add_error("end", PERIOD_MESSAGES[code])
        return cleaned


class ReportRequestForm(PeriodForm):
    language = forms.ChoiceField(label=_("Language of the report"), choices=settings.LANGUAGES)
    # Staff only (the view ignores it from officials): kept with the report and printed in
    # its executive summary.
    commentary = forms.CharField(
        label=_("Commentary for the period"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "What was learnt in the period and shared with the Managing Authorities; "
            "printed in the report."
        ),
    )

    def __init__(self, *args, **kwargs):
        # The dashboard shows it below the period form, whose fields have the same
        # names: ids of its own, or each label would point at the other form's field.
        kwargs.setdefault("auto_id", "id_report_%s")
        super().__init__(*args, **kwargs)


class SubActivityForm(forms.Form):
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    status = forms.ChoiceField(label=_("Status"), choices=ProgressStatus.choices)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RiskForm(forms.Form):
    status = forms.ChoiceField(label=_("Current status"), choices=RiskStatus.choices)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
