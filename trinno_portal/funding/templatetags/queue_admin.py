"""{% queue_result_list cl %}: the work queue's result list, with its rows written by
QueueChangeList.rows() (admin_queue_rows.py) instead of Django's cell by cell path."""

from django import template
from django.contrib.admin.templatetags.admin_list import result_headers, result_hidden_fields

register = template.Library()


@register.inclusion_tag("admin/change_list_results.html")
def queue_result_list(cl) -> dict:
    headers = list(result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": list(result_hidden_fields(cl)),
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "results": list(cl.rows()),
    }
