"""The demo of `make run`, put together from each app's own part, bottom layer first."""

from django.conf import settings
from django.db import transaction

from contracts.services.documents import agreement_template_create
from onboarding.demo import programme_seed, users_seed
from scheduling.demo import checklist_seed, history_seed
from surveys.demo import questionnaires_seed, survey_demo_seed


@transaction.atomic
def demo_seed(*, with_users: bool | None = None) -> list[str]:
    """Idempotent. The programme, its questionnaires, agreement template and connection
    checklist always; demo users and the demo history (answers, agreements, connections)
    only with DEBUG on: never in production."""
    done = []
    programme = programme_seed()
    done.append("programme ekirjasto up to date")
    pre_join, cost = questionnaires_seed(programme)
    done.append(f"questionnaires: {pre_join}, {cost}")
    template = agreement_template_create(programme=programme, version=1)
    done.append(f"agreement template: {template}")
    checklist_seed(programme)
    if with_users is None:
        with_users = settings.DEBUG
    if not with_users:
        done.append("demo users and answers skipped (DEBUG is off)")
        return done
    done += users_seed()
    done += survey_demo_seed(pre_join=pre_join, cost=cost)
    done += history_seed(programme=programme)
    return done
