"""The questionnaire as one form: a fieldset per business area, one radio group per
question. Every question is optional here so that a half-finished form can be saved;
completion (the service) is what requires every answer."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from audits.selfassessment.models import Area

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
