"""Handing work to the worker: always after the transaction that asked for it commits,
so the worker reads what the request wrote (and nothing when it rolled back)."""

from functools import partial

from django.db import transaction


def enqueue_on_commit(task, *args, **kwargs) -> None:
    transaction.on_commit(partial(task.delay, *args, **kwargs))


def mail_on_commit(messages: list[tuple]) -> None:
    """Messages already written (subject, body, from, recipients)."""
    from jobs.tasks import send_mail_messages

    enqueue_on_commit(send_mail_messages, [list(message) for message in messages])


def mail_users_on_commit(name: str, user_ids, **params) -> None:
    """One message per user, written by the worker in that user's language with the
    composer registered as `name` (jobs.mail); params are plain values (the broker's JSON)."""
    from jobs.tasks import send_user_mail

    ids = sorted(set(user_ids))
    if ids:
        enqueue_on_commit(send_user_mail, name, ids, params)


@transaction.atomic
def export_job_create(*, user, kind: str, query: str, file_name: str, task):
    """An export for the worker: its row now, `task(job_id)` once that row is committed."""
    from jobs.models import ExportJob

    job = ExportJob.objects.create(user=user, kind=kind, query=query, file_name=file_name)
    enqueue_on_commit(task, str(job.pk))
    return job
