"""The training offer page of Activity 2, for the agency's staff and the Region's
officials: the province's agencies with their i4.0 courses by theme, and the offer
against the demand of the period."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from monitoring.views import _period, monitoring_required

from . import selectors


@require_GET
@monitoring_required
def training_offer(request: HttpRequest) -> HttpResponse:
    period_form, start, end = _period(request)
    return render(
        request,
        "monitoring/training_offer.html",
        {
            "period_form": period_form,
            "start": start,
            "end": end,
            "map": selectors.agencies_map(start=start, end=end),
            "report": selectors.training_offer_report(start=start, end=end),
            "joint": selectors.joint_proposals(),
        },
    )
