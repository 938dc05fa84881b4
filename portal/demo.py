"""The demo of `make run`, put together from each app's own part, bottom layer first."""

from django.conf import settings
from django.db import transaction

from contracts import agreement_text
from contracts.models import Agreement
from contracts.services.documents import agreement_template_create
from contracts.tasks import generate_agreement_documents
from onboarding.demo import programme_seed, users_seed
from onboarding.models import User
from onboarding.storage import atomic_with_files
from scheduling.demo import checklist_seed, history_seed
from scheduling.pilot_demo import pilot_seed
from surveys.demo import questionnaires_seed, survey_demo_seed
from surveys.demo_ai import ai_competence_seed


# Its parts write files (agreement templates, signed PDFs): if a later part fails, the
# whole seed rolls back and those files are removed with it.
@atomic_with_files()
def demo_seed(*, with_users: bool | None = None) -> list[str]:
    """Idempotent. The programme, its questionnaires, agreement template and connection
    checklist always; demo users and the demo history (answers, agreements, connections)
    only with DEBUG on: never in production."""
    done = []
    programme = programme_seed()
    done.append("programme ekirjasto up to date")
    pre_join, cost = questionnaires_seed(programme)
    done.append(f"questionnaires: {pre_join}, {cost}")
    for version in agreement_text.versions():
        template = agreement_template_create(programme=programme, version=version)
        done.append(f"agreement template: {template}")
    checklist_seed(programme)
    if with_users is None:
        with_users = settings.DEBUG
    if not with_users:
        done.append("demo users and answers skipped (DEBUG is off)")
        return done
    done += users_seed()
    # The newspaper pilot, a second programme with rules of its own (issue 15).
    done += pilot_seed(with_answers=True, coordinator=User.objects.get(username="coordinator"))
    done += survey_demo_seed(
        pre_join=pre_join,
        cost=cost,
        applied_by=User.objects.get(username="coordinator"),  # the demo coordinator
    )
    done += history_seed(programme=programme)
    done += ai_competence_seed()  # a survey of its own programme, not about onboarding
    transaction.on_commit(lambda: _documents_of_sent_agreements(programme))
    return done


def _documents_of_sent_agreements(programme) -> None:
    """The demo history's agreements were sent before there were documents: the worker makes
    them (as true on the day each was sent), while the demo is already in use."""
    waiting = Agreement.objects.filter(
        programme=programme, sent_on__isnull=False, documents__isnull=True
    ).values_list("pk", flat=True)
    for pk in waiting:
        generate_agreement_documents.delay(pk)
