"""The evaluator's forms: the declaration of no conflict of interest and the score sheet,
one score and one comment per criterion of the call."""

from django import forms
from django.utils.translation import gettext_lazy as _

from trinno_portal.procedure.models import CallCriterion


class DeclarationForm(forms.Form):
    no_conflict = forms.BooleanField(
        label=_("I declare that I have no conflict of interest with this application."),
        required=True,
    )


class ScoreSheetForm(forms.Form):
    """Fields `score_<criterion pk>` and `comment_<criterion pk>`, in the call's order."""

    def __init__(self, *args, criteria: list[CallCriterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for c in criteria:
            self.fields[f"score_{c.pk}"] = forms.IntegerField(
                label=_("Score (0 to %(max)s)") % {"max": c.max_score},
                min_value=0,
                max_value=c.max_score,
            )
            self.fields[f"comment_{c.pk}"] = forms.CharField(
                label=_("Comment"),
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=4000,
            )

    def rows(self):
        """(criterion, score field, comment field) for the template."""
        return [(c, self[f"score_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def scores(self) -> dict[int, tuple[int, str]]:
        data = self.cleaned_data
        return {c.pk: (data[f"score_{c.pk}"], data[f"comment_{c.pk}"]) for c in self.criteria}
