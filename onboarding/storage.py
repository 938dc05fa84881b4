from django.core.files.storage import storages


def private_storage():
    """Files only served through views that check who asks (see settings.STORAGES)."""
    return storages["private"]
