"""Background jobs with a progress bar: a Job row, a Celery task after commit, and a handler
per kind that reports progress as it goes. Handlers are idempotent: a retried job redoes
only what is not done."""

import logging
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from onboarding.models import Job

logger = logging.getLogger(__name__)
HANDLERS: dict[str, Callable] = {}
ASYNC = object()  # a handler that fans out to tasks returns this: they finish the job


def job_handler(kind: str):
    """Register the handler of a job kind. Each app imports its handlers in its
    AppConfig.ready(), so the registry never needs to know the apps above it."""

    def register(function):
        HANDLERS[kind] = function
        return function

    return register


def job_start(*, kind: str, by, params: dict, total: int) -> Job:
    from onboarding.tasks import run_job

    job = Job.objects.create(kind=kind, params=params, total=total, created_by=by)
    transaction.on_commit(lambda: run_job.delay(job.pk))
    return job


class Progress:
    """Saves progress every few steps so the page can show it without a write per item."""

    def __init__(self, job: Job):
        self.job = job

    def step(self, error: str | None = None) -> None:
        self.job.done += 1
        if error:
            self.job.errors = [*self.job.errors, error]
        if error or self.job.done % 5 == 0 or self.job.done == self.job.total:
            Job.objects.filter(pk=self.job.pk).update(done=self.job.done, errors=self.job.errors)


def job_run(*, job_id: int) -> None:
    job = Job.objects.get(pk=job_id)
    if job.status == Job.Status.DONE:
        return
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, done=0, errors=[])
    job.refresh_from_db()
    try:
        outcome = HANDLERS[job.kind](job, Progress(job))
    except Exception as error:  # noqa: BLE001 - the job shows what went wrong
        logger.exception("job %s failed", job.pk)
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.FAILED,
            errors=[*job.errors, str(error)[:500]],
            finished_at=timezone.now(),
        )
        raise
    if outcome is ASYNC:
        return
    job.status = Job.Status.DONE
    job.finished_at = timezone.now()
    job.save()
