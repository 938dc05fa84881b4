"""Background jobs with a progress bar: a Job row, a Celery task after commit, and a handler
per kind that reports progress as it goes. Handlers are idempotent: a retried job redoes
only what is not done."""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from onboarding.errors import Conflict
from onboarding.models import Job

logger = logging.getLogger(__name__)
ASYNC = object()  # a handler that fans out to tasks returns this: they finish the job

Link = tuple[str, str]  # (label, URL)


@dataclass(frozen=True)
class JobKind:
    """What the job page says of a kind of job, in the reader's language: its title
    ("Invoice run 2025"), what it counts ("invoices"), where its results are (links shown
    when it is done, or as it runs where the results appear one by one) and where the person
    came from."""

    handler: Callable
    title: Callable[[Job], str]
    unit: Callable[[int], str]
    results: Callable[[Job], list[Link]]
    back: Callable[[Job], Link] | None


KINDS: dict[str, JobKind] = {}


def _no_results(job: Job) -> list[Link]:
    return []


def job_handler(kind: str, *, title, unit, results=None, back=None):
    """Register the handler of a job kind and how its page speaks of it. Each app imports
    its handlers in its AppConfig.ready(), so the registry never knows the apps above it."""

    def register(function):
        KINDS[kind] = JobKind(function, title, unit, results or _no_results, back)
        return function

    return register


@dataclass(frozen=True)
class JobView:
    """A job as its page and its JSON show it: one home for both."""

    job: Job
    title: str
    text: str  # "Invoice run 2025: 120 / 281 invoices"
    status_label: str
    finished: bool
    resumable: bool  # stopped with its worker, or failed: resuming finishes the rest
    results: list[Link]
    back: Link | None

    def as_json(self) -> dict:
        job = self.job
        return {
            "status": job.status,
            "status_label": self.status_label,
            "text": self.text,
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
            "errors": job.errors,
            "finished": self.finished,
            "resumable": self.resumable,
            "results": [{"label": label, "url": url} for label, url in self.results],
            "download": reverse("job_download", args=[job.pk]) if job.result else None,
        }


def job_stopped(job: Job, now=None) -> bool:
    """Running, but without progress for JOB_STALE_SECONDS: its worker died (killed, the
    machine restarted). Computed when shown, never stored by a page: resuming decides."""
    if job.status != Job.Status.RUNNING:
        return False
    last = job.heartbeat or job.created_at
    stale = datetime.timedelta(seconds=settings.JOB_STALE_SECONDS)
    return (now or timezone.now()) - last > stale


def job_view(job: Job) -> JobView:
    kind = KINDS.get(job.kind)
    title = _("Background job %(id)d") % {"id": job.pk}
    results, back = [], None
    if kind:
        try:
            title = kind.title(job)
            results = kind.results(job)
            back = kind.back(job) if kind.back else None
        except ObjectDoesNotExist:  # what it works on was deleted: the page still shows
            pass
    unit = kind.unit(job.total) if kind else ""
    stopped = job_stopped(job)
    status_label = _("Stopped") if stopped else str(Job.Status(job.status).label)
    text = _("%(status)s: %(done)d / %(total)d %(unit)s") % {
        "status": status_label,
        "done": job.done,
        "total": job.total,
        "unit": unit,
    }
    return JobView(
        job=job,
        title=title,
        text=text.strip(),
        status_label=status_label,
        finished=stopped or job.status in (Job.Status.DONE, Job.Status.FAILED),
        resumable=stopped or job.status == Job.Status.FAILED,
        results=results,
        back=back,
    )


def job_start(*, kind: str, by, params: dict, total: int) -> Job:
    from onboarding.tasks import run_job

    # The messages the worker lists (a deleted agreement, a refusal) are written in the
    # language of the page the job was started from, not in the worker's.
    params = {**params, "language": translation.get_language() or settings.LANGUAGE_CODE}
    job = Job.objects.create(kind=kind, params=params, total=total, created_by=by)
    transaction.on_commit(lambda: run_job.delay(job.pk))
    return job


def job_resume(*, job: Job) -> Job:
    """Start a stopped or failed job again. Handlers are idempotent, so it finishes what is
    left without a second invoice, e-mail or document. Refused (Conflict) while the job runs
    or when it is done."""
    from onboarding.tasks import run_job

    with transaction.atomic():
        locked = Job.objects.select_for_update().get(pk=job.pk)
        if not (job_stopped(locked) or locked.status == Job.Status.FAILED):
            raise Conflict(_("The job is not stopped, so there is nothing to resume."))
        locked.status = Job.Status.QUEUED
        locked.heartbeat = timezone.now()
        locked.finished_at = None
        locked.save(update_fields=["status", "heartbeat", "finished_at"])
        transaction.on_commit(lambda: run_job.delay(locked.pk))
    return locked


class Progress:
    """Saves progress every few steps so the page can show it without a write per item."""

    def __init__(self, job: Job):
        self.job = job

    def step(self, error: str | None = None) -> None:
        self.job.done += 1
        if error:
            self.job.errors = [*self.job.errors, error]
        if error or self.job.done % 5 == 0 or self.job.done == self.job.total:
            Job.objects.filter(pk=self.job.pk).update(
                done=self.job.done, errors=self.job.errors, heartbeat=timezone.now()
            )


def job_run(*, job_id: int) -> None:
    job = Job.objects.get(pk=job_id)
    with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
        _job_run(job)


def _job_run(job: Job) -> None:
    if job.status == Job.Status.DONE:
        return
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, done=0, errors=[], heartbeat=timezone.now()
    )
    job.refresh_from_db()
    try:
        outcome = KINDS[job.kind].handler(job, Progress(job))
    except ObjectDoesNotExist as error:  # deleted meanwhile: nothing left to retry
        logger.warning("job %s: %s", job.pk, error)
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.FAILED,
            errors=[*job.errors, _("What this job works on was deleted before it ran.")],
            finished_at=timezone.now(),
        )
        return
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
