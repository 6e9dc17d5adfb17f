"""Steps more than one scheme asks for, built once: the de minimis declaration and the
documents step. A scheme lists them among its own in Scheme.journey.steps."""

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from trinno_portal.funding.deminimis import DeclaredAid
from trinno_portal.funding.forms import DeclaredAidFormSet, DeMinimisDeclarationForm
from trinno_portal.funding.models import Application, DeMinimisEntry, LedgerSource
from trinno_portal.funding.schemes import Step


def de_minimis_step(
    *,
    declared: Callable[[Application], bool],
    replace: Callable[..., object],
) -> Step:
    """The declaration of the de minimis aid received in the last three years
    (Regulation (EU) 2023/2831, art. 6): the rows already declared, and the scheme's
    `replace(application=, version=, declared=, aid=)` service."""

    def build(application: Application, data=None) -> Mapping[str, Any]:
        entries = DeMinimisEntry.objects.filter(
            application=application, source=LedgerSource.DECLARED
        )
        initial = [
            {
                "granting_body": e.granting_body,
                "measure": e.measure,
                "regulation": e.regulation,
                "granted_on": e.granted_on,
                "amount": e.amount,
            }
            for e in entries
        ]
        return {
            "formset": DeclaredAidFormSet(data, initial=initial, prefix="aid"),
            "form": DeMinimisDeclarationForm(data, initial={"declared": declared(application)}),
        }

    def save(*, application: Application, forms: Mapping[str, Any], version: int) -> None:
        aid = [
            DeclaredAid(
                r["granting_body"], r["measure"], r["regulation"], r["granted_on"], r["amount"]
            )
            for r in forms["formset"].filled()
        ]
        replace(application=application, version=version, declared=True, aid=aid)

    return Step(
        slug="de_minimis",
        title=_("De minimis"),
        template="funding/journey/_de_minimis.html",
        forms=build,
        save=save,
    )


def documents_step(
    *,
    kinds: Callable[[Application], list[tuple[str, str]]],
    intro: str,
    context: Callable[[Application], Mapping[str, Any]] | None = None,
) -> Step:
    """The upload of the documents the scheme asks for (`kinds`: required ones first);
    `intro` is the fragment that says which are required."""
    return Step(
        slug="documents",
        title=_("Documents"),
        template=intro,
        documents=kinds,
        context=context,
    )
