from django import template

from trinno_portal.signatures.application_form import application_form_required
from trinno_portal.signatures.final_report import final_report_signature_required

register = template.Library()


@register.inclusion_tag("signatures/_application_form.html")
def application_form_box(application):
    """Where the call requires the application form signed: how to get it and sign it."""
    return {"application": application, "required": application_form_required(application)}


@register.inclusion_tag("signatures/_final_report_pdf.html")
def final_report_pdf_button(application):
    """Where the call requires the final report signed: the button that posts the page's
    form to the report to sign (signatures/views.py: final_report_pdf)."""
    return {"application": application, "required": final_report_signature_required(application)}
