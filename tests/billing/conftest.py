import pytest

from onboarding.models import Programme


@pytest.fixture
def programme(db):
    return Programme.objects.get(slug="ekirjasto")
