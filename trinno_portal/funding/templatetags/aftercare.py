"""{% aftercare_section application %}: the post-approval section of an applicant's
application page (agreement, implementation, final report, final grant, monitoring),
for every scheme with Scheme.aftercare. One include on the scheme's detail template;
no query before approval."""

from django import template

from trinno_portal.funding.aftercare.selectors import aftercare_context

register = template.Library()


@register.inclusion_tag("funding/aftercare/_section.html", takes_context=True)
def aftercare_section(context, application) -> dict:
    return {**aftercare_context(application), "csrf_token": context.get("csrf_token")}
