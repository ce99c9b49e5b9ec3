"""The Celery application: the worker runs the jobs apps declare in their `tasks` modules.

Configured from Django's settings (the CELERY_* names). Without REDIS_URL, tasks run in
the calling process (eager), so a laptop needs no broker; see README "Production".
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "exchange.settings")

app = Celery("exchange")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
