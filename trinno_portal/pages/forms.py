from django import forms
from django.utils.translation import gettext_lazy as _


class AccessibilityReportForm(forms.Form):
    full_name = forms.CharField(label=_("Name"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("Leave it empty to report anonymously: we will not be able to answer you."),
        error_messages={"invalid": _("Write a valid e-mail address, or leave it empty.")},
    )
    page_url = forms.CharField(
        label=_("Page address"),
        max_length=500,
        required=False,
        help_text=_("The address of the page, or its title."),
    )
    description = forms.CharField(
        label=_("What is inaccessible"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
