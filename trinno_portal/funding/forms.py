"""Forms every scheme's applicant pages share."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _


class AnswerForm(forms.Form):
    """The applicant's answer to a request for information (rendered inside the page's form)."""

    text = forms.CharField(
        label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 5}), max_length=4000
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
