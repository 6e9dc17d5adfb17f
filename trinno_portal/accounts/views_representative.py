"""Claiming a company registered by someone else, and the proof the session carries.

A SPID for legal persons leaves in the session the company it named and the codice fiscale
of who signed in (spid.views, at the assertion consumer service); nothing typed in a form
ever becomes evidence.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from . import validators
from .forms import form_errors_from
from .models import Enterprise, RepresentativeProof
from .services_representative import (
    Evidence,
    enterprise_take_over,
    representative_claim_open,
)

# Written by the SPID assertion consumer service; read here only.
LEGAL_PERSON_SESSION_KEY = "identity_legal_person"


def session_evidence(session: SessionBase) -> Evidence | None:
    data = session.get(LEGAL_PERSON_SESSION_KEY)
    if not isinstance(data, dict) or not data.get("vat_number") or not data.get("fiscal_number"):
        return None
    return Evidence(
        RepresentativeProof.SPID_LEGAL_PERSON,
        fiscal_number=str(data["fiscal_number"]),
        vat_number=str(data["vat_number"]),
    )


class ClaimForm(forms.Form):
    vat_number = forms.CharField(label=gettext_lazy("Partita IVA"), max_length=20)
    note = forms.CharField(
        label=gettext_lazy("Note for the staff (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_vat_number(self) -> str:
        return validators.normalize_vat_number(self.cleaned_data["vat_number"])


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_claim(request: HttpRequest) -> HttpResponse:
    form = ClaimForm(request.POST or None, initial={"vat_number": request.GET.get("piva", "")[:20]})
    evidence = session_evidence(request.session)
    if request.method == "POST" and form.is_valid():
        enterprise = Enterprise.objects.filter(vat_number=form.cleaned_data["vat_number"]).first()
        if enterprise is None:
            form.add_error(
                "vat_number",
                _("No company with this Partita IVA is registered: create its profile instead."),
            )
        else:
            try:
                if evidence is not None and evidence.covers(enterprise):
                    enterprise_take_over(
                        enterprise=enterprise, user=request.user, evidence=evidence, by=None
                    )
                    messages.success(
                        request,
                        _("You are now the confirmed legal representative of %(name)s.")
                        % {"name": enterprise.legal_name},
                    )
                    return redirect(reverse("accounts:enterprise_detail", args=[enterprise.pk]))
                representative_claim_open(
                    enterprise=enterprise, user=request.user, note=form.cleaned_data["note"]
                )
            except ValidationError as exc:
                form_errors_from(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "Your claim has been sent: the staff will check the Chamber of Commerce "
                        "record and hand the company over to you if it names you."
                    ),
                )
                return redirect(reverse("accounts:enterprise_list"))
    return render(request, "accounts/enterprise_claim.html", {"form": form, "evidence": evidence})
