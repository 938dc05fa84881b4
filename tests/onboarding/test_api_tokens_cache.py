"""Token lookups cached for up to a minute stay exact: whatever revokes a token, deactivates or
deletes its user or changes the user's role takes effect on the very next request."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from onboarding.api.authentication import TokenAuthentication, cache_seconds, lookup_timeout
from onboarding.models import ApiToken, Role
from onboarding.models.people import API_TOKEN_GENERATION_KEY
from onboarding.services.accounts import integration_token_create

pytestmark = pytest.mark.django_db
ELIGIBILITY = "/api/v1/eligibility/091/?on=2025-06-01"


@pytest.fixture(autouse=True)
def _token_cache_on(settings):
    # The test settings' locmem cache caches no tokens by default (see cache_seconds).
    settings.API_TOKEN_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def login_service(django_assert_num_queries):
    """The login service's token and client, its lookup already cached."""
    token, key = integration_token_create(name="login", scopes=["eligibility"])
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get(ELIGIBILITY).status_code == 200
    with django_assert_num_queries(0):
        assert api.get(ELIGIBILITY).status_code == 200
    return token, api


def _revoke_with_update(token):
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())


def _revoke_with_save(token):  # as the admin does
    token.revoked_at = timezone.now()
    token.save()


def _delete_token(token):
    token.delete()


def _delete_tokens_with_queryset(token):
    ApiToken.objects.filter(user=token.user).delete()


def _deactivate_user(token):
    token.user.is_active = False
    token.user.save()


def _deactivate_user_field_only(token):
    token.user.is_active = False
    token.user.save(update_fields=["is_active"])


def _delete_user(token):
    token.user.delete()


@pytest.mark.parametrize(
    "change",
    [
        _revoke_with_update,
        _revoke_with_save,
        _delete_token,
        _delete_tokens_with_queryset,
        _deactivate_user,
        _deactivate_user_field_only,
        _delete_user,
    ],
)
def test_a_cached_token_is_refused_on_the_next_request_after(change, login_service):
    token, api = login_service
    change(token)
    response = api.get(ELIGIBILITY)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_revocation_is_seen_after_commit_by_a_lookup_that_read_the_old_row(
    login_service, django_capture_on_commit_callbacks, monkeypatch
):
    token, api = login_service
    old_row = ApiToken.objects.select_related("user").get(pk=token.pk)
    with django_capture_on_commit_callbacks(execute=True):
        _revoke_with_update(token)
        # Another process read the row before the revocation committed and caches it now.
        monkeypatch.setattr(TokenAuthentication, "token_from_database", lambda self, key: old_row)
        assert api.get(ELIGIBILITY).status_code == 200
        monkeypatch.undo()
    assert api.get(ELIGIBILITY).status_code == 401


def test_a_role_change_applies_to_the_next_request(coordinator, api_for):
    api = api_for(coordinator)
    assert api.get(ELIGIBILITY).status_code == 200
    assert api.get(ELIGIBILITY).status_code == 200
    coordinator.role = Role.MANAGER
    coordinator.save()
    assert api.get(ELIGIBILITY).status_code == 403


def test_a_lost_generation_never_revives_an_old_lookup(login_service, django_assert_num_queries):
    _token, api = login_service
    cache.delete(API_TOKEN_GENERATION_KEY)  # evicted
    with django_assert_num_queries(1):  # the token is looked up again
        assert api.get(ELIGIBILITY).status_code == 200


def test_recording_use_keeps_the_cached_lookup(login_service, django_assert_num_queries):
    token, api = login_service
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    with django_assert_num_queries(0):
        assert api.get(ELIGIBILITY).status_code == 200


NOW = datetime.datetime(2025, 6, 2, 8, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("used_seconds_ago", "seconds", "timeout"),
    [(0, 60, 60), (30, 60, 30), (59.5, 60, 0), (300, 60, 0), (0, 10, 10)],
)
def test_a_lookup_is_kept_only_until_its_recorded_use_is_a_minute_old(
    used_seconds_ago, seconds, timeout
):
    used = NOW - datetime.timedelta(seconds=used_seconds_ago)
    assert lookup_timeout(last_used_at=used, now=NOW, seconds=seconds) == timeout


@pytest.mark.parametrize(("expires_in", "timeout"), [(3600, 60), (20, 20), (0, 0), (-5, 0)])
def test_a_lookup_is_never_kept_past_the_tokens_expiry(expires_in, timeout):
    expires = NOW + datetime.timedelta(seconds=expires_in)
    assert lookup_timeout(last_used_at=NOW, now=NOW, seconds=60, expires_at=expires) == timeout


def test_a_token_unused_for_a_minute_is_recorded_once(django_assert_num_queries):
    token, key = integration_token_create(name="login", scopes=["eligibility"])
    long_ago = timezone.now() - datetime.timedelta(minutes=5)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=long_ago)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get(ELIGIBILITY).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at > long_ago
    with django_assert_num_queries(0):
        assert api.get(ELIGIBILITY).status_code == 200


def test_an_unknown_key_is_not_cached(django_assert_num_queries):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert api.get(ELIGIBILITY).status_code == 401
    with django_assert_num_queries(1):
        assert api.get(ELIGIBILITY).status_code == 401


def test_tokens_are_cached_only_in_a_cache_shared_by_all_processes(settings, tmp_path):
    del settings.API_TOKEN_CACHE_SECONDS
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert cache_seconds() == 0  # one cache per process: would not hear of a revocation
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        }
    }
    assert cache_seconds() == 60
