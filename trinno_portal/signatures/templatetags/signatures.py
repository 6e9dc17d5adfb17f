from django import template

from trinno_portal.signatures.application_form import application_form_required

register = template.Library()


@register.inclusion_tag("signatures/_application_form.html")
def application_form_box(application):
    """Where the call requires the application form signed: how to get it and sign it."""
    return {"application": application, "required": application_form_required(application)}
