import datetime

from django.apps import apps
from django.conf import settings
from django.core.files.storage import storages
from django.core.management.base import BaseCommand
from django.db import models
from django.utils import timezone
from django.utils.translation import ngettext


def _file_fields():
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                yield model, field


def referenced_names() -> set[str]:
    """Every file name a row points to, in any FileField of any model (historical copies
    too). One set for every storage: a name a row names is kept wherever it lies."""
    names = set()
    for model, field in _file_fields():
        names.update(
            model._base_manager.exclude(**{field.name: ""})
            .exclude(**{f"{field.name}__isnull": True})
            .values_list(field.name, flat=True)
        )
    return names


def app_storages() -> list[str]:
    """The aliases of the storages some FileField writes to: only their files can be the
    app's orphans. Another storage (the default MEDIA_ROOT, static files) may hold what
    operations staff keep there, and is never walked, let alone cleaned."""
    used = [field.storage for _model, field in _file_fields()]
    return [alias for alias in settings.STORAGES if any(storages[alias] is s for s in used)]


def stored_files(storage, folder: str = ""):
    """Every file in a storage, its name as a FileField stores it (folder/name)."""
    try:
        folders, files = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):  # never written to: nothing there
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from stored_files(storage, f"{folder}/{sub}" if folder else sub)


class Command(BaseCommand):
    help = (
        "List the files in the storages the app writes to (the private one) that no row points to "
        "(a save that failed half-way); --delete removes them. Files younger than --min-age "
        "minutes are left alone: their row may be in a transaction that has not committed yet."
    )

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="Remove the files listed.")
        parser.add_argument(
            "--min-age",
            type=int,
            default=60,
            help="Only files at least this many minutes old (default 60).",
        )

    def handle(self, *args, delete, min_age, **options):
        referenced = referenced_names()
        cutoff = timezone.now() - datetime.timedelta(minutes=min_age)
        orphans, young = [], 0
        for alias in app_storages():
            storage = storages[alias]
            for name in stored_files(storage):
                if name in referenced:
                    continue
                if min_age and _modified(storage, name) > cutoff:
                    young += 1
                    continue
                orphans.append((alias, storage, name))
        for alias, storage, name in orphans:
            self.stdout.write(f"{alias}: {name}  ({storage.size(name)} B)")
            if delete:
                storage.delete(name)
        count = len(orphans)
        if delete:
            summary = ngettext(
                "Removed %(count)d file that no row points to.",
                "Removed %(count)d files that no row points to.",
                count,
            )
        else:
            summary = ngettext(
                "%(count)d file that no row points to (remove with --delete).",
                "%(count)d files that no row points to (remove with --delete).",
                count,
            )
        self.stdout.write(summary % {"count": count})
        if young:
            self.stdout.write(
                ngettext(
                    "%(count)d newer file was left alone (younger than %(minutes)d minutes).",
                    "%(count)d newer files were left alone (younger than %(minutes)d minutes).",
                    young,
                )
                % {"count": young, "minutes": min_age}
            )


def _modified(storage, name: str) -> datetime.datetime:
    try:
        return storage.get_modified_time(name)
    except NotImplementedError:  # a storage that cannot tell: treated as old
        return datetime.datetime.min.replace(tzinfo=datetime.UTC)
