"""The Celery queues, named from one base name: the settings use it, and the test suite gives
each of its processes a name of its own on a shared broker."""

from kombu import Queue

# Tasks that make documents: they can pile up by the hundred, so they have a queue of their own.
DOCUMENT_TASKS = (
    "contracts.tasks.generate_agreement_documents",
    "billing.tasks.render_invoice_pdf",
)


def document_queue(base: str) -> str:
    return f"{base}.documents"


def queue_settings(base: str) -> dict:
    """The CELERY_* settings of the two queues; a worker without -Q consumes both."""
    return {
        "CELERY_TASK_DEFAULT_QUEUE": base,
        "CELERY_TASK_QUEUES": (Queue(base), Queue(document_queue(base))),
        "CELERY_TASK_ROUTES": {name: {"queue": document_queue(base)} for name in DOCUMENT_TASKS},
    }
