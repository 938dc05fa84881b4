"""Where files live, and files that follow the transaction of the row that points to them.

A file and its row cannot commit together: the file is written to storage, the row to the
database. Written inside `atomic_with_files()` with `save_file()`, a file is removed again
when the block rolls back (an error after the write, a refused commit), so a failed save
leaves no file that no row points to. `manage.py orphan_files` finds what slips through
anyway (a process killed between the two, a rollback of an outer block that is not ours)."""

import logging
import threading
from contextlib import contextmanager

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction

logger = logging.getLogger(__name__)


def private_storage():
    """Files only served through views that check who asks (see settings.STORAGES)."""
    return storages["private"]


_blocks = threading.local()  # per thread: the files written in each open block, innermost last


@contextmanager
def atomic_with_files(using=None):
    """`transaction.atomic()` that also undoes the files written in it with `save_file()`.

    When the block rolls back, its files are removed. A block inside another
    `atomic_with_files()` hands its files to the enclosing one on success, since that one may
    still roll back. Usable as a decorator, like `atomic`."""
    stack = _blocks.__dict__.setdefault("stack", [])
    written: list = []
    stack.append(written)
    try:
        with transaction.atomic(using=using):
            yield
            doomed = transaction.get_rollback(using=using)  # set_rollback(True): no error
    except BaseException:
        _remove(written)
        raise
    finally:
        stack.pop()
    if doomed:
        _remove(written)
    elif stack:
        stack[-1].extend(written)


def save_file(field_file, name: str, content: bytes) -> None:
    """Write `content` to the storage of a FileField under (about) `name`, without saving
    the row: the caller saves it in the same `atomic_with_files()` block, which removes the
    file again if the row does not commit. Outside such a block it refuses to write."""
    stack = getattr(_blocks, "stack", None)
    if not stack:
        raise RuntimeError("save_file() writes a file only inside atomic_with_files()")
    field_file.save(name, ContentFile(content), save=False)
    stack[-1].append((field_file.storage, field_file.name))


def _remove(written: list) -> None:
    for storage, name in written:
        try:
            storage.delete(name)
        except OSError:  # the rollback stands; `orphan_files` finds what is left
            logger.exception("could not remove %s after a rollback", name)
