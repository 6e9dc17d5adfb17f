"""The questionnaires as forms. The first level: a fieldset per business area, one radio
group per question. Every question is optional here so that a half-finished form can be
saved; completion (the service) is what requires every answer. The advanced survey below
works the same way, for staff."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from audits.selfassessment.models import Area, TechnologyStatus
from trinno_portal.accounts.models import Enterprise
from trinno_portal.lib.forms import DateInput

FIELD_PREFIX = "q_"


def field_name(question_id: int) -> str:
    return f"{FIELD_PREFIX}{question_id}"


class AssessmentAnswersForm(forms.Form):
    def __init__(self, *args, areas: list[Area], answers: dict[int, int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        fieldsets = []
        for area in areas:
            names = []
            for question in area.questions.all():
                name = field_name(question.pk)
                self.fields[name] = forms.TypedChoiceField(
                    label=question.text,
                    choices=[(option.pk, option.text) for option in question.options.all()],
                    coerce=int,
                    empty_value=None,
                    required=False,
                    widget=forms.RadioSelect,
                    initial=answers.get(question.pk),
                )
                names.append(name)
            fieldsets.append(Fieldset(area.name, *names, css_class="mb-5"))
        self.helper.layout = Layout(*fieldsets)

    def answers(self) -> dict[int, int]:
        """{question id: option id} of the questions answered in this submission."""
        return {
            int(name.removeprefix(FIELD_PREFIX)): value
            for name, value in self.cleaned_data.items()
            if name.startswith(FIELD_PREFIX) and value not in (None, "")
        }

    def mark_unanswered(self, question_ids: set[int]) -> None:
        for question_id in sorted(question_ids):
            name = field_name(question_id)
            if name in self.fields:
                self.add_error(name, _("Choose an answer to this question."))


# --- The advanced assessment, filled in by staff with the enterprise ------------------

TECH_PREFIX = "t_"
DIMENSION_PREFIX = "d_"
# The statements' scale, 0 to 4 like the first level's answers.
AGREEMENT = [
    (0, _("Not at all")),
    (1, _("A little")),
    (2, _("In part")),
    (3, _("Mostly")),
    (4, _("Fully")),
]


def tech_field_name(area_id: int, technology_id: int) -> str:
    return f"{TECH_PREFIX}{area_id}_{technology_id}"


class AdvancedSurveyForm(forms.Form):
    """One fieldset per business area (a radio group per technology), one per strategy
    dimension (a radio group per statement), and the notes. Nothing is required here:
    completion (the service) is what requires every answer."""

    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What staff observed with the enterprise; shown to it with the result."),
    )

    def __init__(self, *args, survey, technologies, dimensions, notes: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["notes"].initial = notes
        self.areas = []
        for area in survey.areas:
            rows = []
            for technology in area.technologies.all():
                name = tech_field_name(area.pk, technology.pk)
                self.fields[name] = forms.ChoiceField(
                    label=technology.name,
                    choices=TechnologyStatus.choices,
                    required=False,
                    widget=forms.RadioSelect,
                    initial=technologies.get((area.pk, technology.pk)),
                )
                rows.append(self[name])
            self.areas.append((area, rows))
        self.dimensions = []
        for dimension in survey.dimensions:
            rows = []
            for question in dimension.questions.all():
                name = f"{DIMENSION_PREFIX}{question.pk}"
                self.fields[name] = forms.TypedChoiceField(
                    label=question.text,
                    choices=AGREEMENT,
                    coerce=int,
                    empty_value=None,
                    required=False,
                    widget=forms.RadioSelect,
                    initial=dimensions.get(question.pk),
                )
                rows.append(self[name])
            self.dimensions.append((dimension, rows))

    def technologies(self) -> dict[tuple[int, int], str]:
        answers = {}
        for name, value in self.cleaned_data.items():
            if name.startswith(TECH_PREFIX) and value:
                area_id, tech_id = name.removeprefix(TECH_PREFIX).split("_")
                answers[(int(area_id), int(tech_id))] = value
        return answers

    def dimension_scores(self) -> dict[int, int]:
        return {
            int(name.removeprefix(DIMENSION_PREFIX)): value
            for name, value in self.cleaned_data.items()
            if name.startswith(DIMENSION_PREFIX) and value is not None
        }


class AdvancedStartForm(forms.Form):
    """Whom the advanced assessment is with: the enterprise's Partita IVA (or its id in the
    portal), and the day of the meeting."""

    enterprise = forms.CharField(
        label=_("Enterprise (Partita IVA or portal id)"), max_length=16, strip=True
    )
    assessed_on = forms.DateField(label=_("Date of the meeting"), widget=DateInput())

    def clean_enterprise(self) -> Enterprise:
        value = self.cleaned_data["enterprise"]
        found = Enterprise.objects.filter(vat_number=value).first()
        if found is None and value.isdigit() and len(value) < 11:
            found = Enterprise.objects.filter(pk=int(value)).first()
        if found is None:
            raise forms.ValidationError(_("No enterprise on the portal has this Partita IVA."))
        return found
