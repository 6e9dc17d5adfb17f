"""Celery tasks of the outreach: each calls one service."""

from celery import shared_task

from . import services


@shared_task(name="outreach.send_reminders")
def send_reminders() -> int:
    return services.reminders_send()


@shared_task(name="outreach.send_surveys")
def send_surveys() -> int:
    return services.surveys_send()
