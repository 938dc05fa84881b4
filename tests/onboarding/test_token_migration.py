"""Tokens made before expiry and one-token-per-name keep working when the migration runs: each
gets a full term from the deploy, and of several of one name the newest keeps the name while
the older live ones are renamed (revoked duplicates go)."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("onboarding", "0007_invoicing_address_and_signatory")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    return executor.migrate(targets, plan=executor.migration_plan(targets))


@pytest.mark.django_db(transaction=True)
def test_existing_tokens_survive_the_migration_and_expire_later(settings):
    settings.API_TOKEN_DAYS = 90
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old = migrate(BEFORE).apps
        user = old.get_model("onboarding", "User").objects.create(username="before", password="!")
        tokens = old.get_model("onboarding", "ApiToken").objects
        long_ago = timezone.now() - datetime.timedelta(days=400)

        def token(name, prefix, days_ago, revoked=False):
            return tokens.create(
                user=user,
                name=name,
                prefix=prefix,
                digest=prefix * 8,
                created_at=long_ago + datetime.timedelta(days=400 - days_ago),
                revoked_at=timezone.now() if revoked else None,
            )

        newest = token("api", "aaaaaaa1", days_ago=1)
        older = token("api", "aaaaaaa2", days_ago=5)
        revoked = token("api", "aaaaaaa3", days_ago=0, revoked=True)
        other = token("reports", "bbbbbbb1", days_ago=300)
    finally:
        migrate(leaves)

    from onboarding.models import ApiToken

    after = {t.pk: t for t in ApiToken.objects.filter(user_id=user.pk)}
    assert set(after) == {newest.pk, older.pk, other.pk}  # the revoked duplicate went
    assert after[newest.pk].name == "api"
    assert after[older.pk].name == "api (aaaaaaa2)"
    assert after[other.pk].name == "reports"
    soon = timezone.now() + datetime.timedelta(days=90)
    for kept in after.values():
        assert abs(kept.expires_at - soon) < datetime.timedelta(minutes=5)
        assert not kept.is_expired()
    assert revoked.pk not in after
