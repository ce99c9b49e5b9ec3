"""Which save wrote a history row: every row written while one request is answered
carries that request's mark (`history_save`), so the change history shows one entry per
save ("changed the item, added a counterpart and a group") however many rows it wrote.

Models whose history the delegation's timeline reads declare
`HistoricalRecords(bases=[SaveMarkedHistory])`. simple-history's HistoryRequestMiddleware
keeps the request; rows written outside a request (a script, the demo) carry no mark and
stand alone.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class SaveMarkedHistory(models.Model):
    history_save = models.UUIDField(_("save"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True


def mark_save(sender, history_instance, **kwargs) -> None:
    """pre_create_historical_record: the current request's mark on the row."""
    if not isinstance(history_instance, SaveMarkedHistory):
        return
    request = getattr(HistoricalRecords.context, "request", None)
    if request is None:
        return
    if not hasattr(request, "history_save"):
        request.history_save = uuid.uuid4()
    history_instance.history_save = request.history_save
