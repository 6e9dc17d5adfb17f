"""The portal's Celery application.

Worker:  celery -A trinno_portal worker --loglevel=INFO
Beat:    celery -A trinno_portal beat --loglevel=INFO --schedule var/celerybeat-schedule

Every setting comes from Django's settings under the CELERY_ prefix. Without
CELERY_BROKER_URL, tasks run eagerly in the calling process (see settings.py).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trinno_portal.settings")

app = Celery("trinno_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
