"""The recommendation report as a PDF, for the agency's staff and the Region's officials
(the monitoring pages' roles)."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from monitoring.views import monitoring_required
from trinno_portal.lib.pdf import render_pdf

from .selectors import recommendation_report_content


@require_GET
@monitoring_required
def recommendation_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    content = recommendation_report_content(pk)
    pdf = render_pdf("monitoring/pdf/recommendation_report.html", {"c": content})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="raccomandazioni-catalogo-{pk}.pdf"'
    return response
