"""Survey use cases. Each guards, changes state in one transaction, logs the transition and
sends its e-mails after the commit."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from onboarding.errors import Conflict
from onboarding.models import User
from onboarding.permissions import require_coordinator
from onboarding.services.audit import log_transition, transitions_of
from onboarding.services.notifications import notify, recipients_for_municipalities
from surveys.answers import check_answers
from surveys.models import (
    EDITABLE,
    Choice,
    Question,
    Questionnaire,
    QuestionnaireStatus,
    Response,
    ResponseStatus,
    Submission,
)
from surveys.selectors import respondent_municipalities


class AnswersInvalid(ValidationError):
    """Answers failed validation; `errors` maps question keys to messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


# --- questionnaires ----------------------------------------------------------------------


def questionnaire_publish(*, questionnaire: Questionnaire, by: User) -> Questionnaire:
    require_coordinator(by)
    if not questionnaire.questions.exists():
        raise ValidationError(_("A questionnaire without questions cannot be published."))
    with transaction.atomic():
        questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
        if not can_proceed(questionnaire.publish):
            raise ValidationError(_("Only a draft can be published."))
        before = questionnaire.status
        questionnaire.publish()
        questionnaire.save()
        log_transition(record=questionnaire, transition="publish", from_state=before, by=by)
    return questionnaire


def questionnaire_close(*, questionnaire: Questionnaire, by: User) -> Questionnaire:
    require_coordinator(by)
    with transaction.atomic():
        questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
        if not can_proceed(questionnaire.close):
            raise ValidationError(_("Only a published questionnaire can be closed."))
        before = questionnaire.status
        questionnaire.close()
        questionnaire.save()
        log_transition(record=questionnaire, transition="close", from_state=before, by=by)
    return questionnaire


def questionnaire_new_version(*, questionnaire: Questionnaire, by: User) -> Questionnaire:
    """Editing a published questionnaire: a new draft version with copies of its questions.
    The published version and the answers pinned to it stay as they are."""
    require_coordinator(by)
    with transaction.atomic():
        family = Questionnaire.objects.select_for_update().filter(
            programme=questionnaire.programme_id, slug=questionnaire.slug
        )
        existing = family.filter(status=QuestionnaireStatus.DRAFT).first()
        if existing:
            return existing
        newest = family.aggregate(v=Max("version"))["v"]
        # Always build on the newest version, whichever version the button was pressed on.
        source = family.order_by("-version").first()
        copy = Questionnaire.objects.create(
            programme=source.programme,
            slug=source.slug,
            version=newest + 1,
            kind=source.kind,
            respondent=source.respondent,
            title_fi=source.title_fi,
            title_sv=source.title_sv,
            title_en=source.title_en,
            intro_fi=source.intro_fi,
            intro_sv=source.intro_sv,
            intro_en=source.intro_en,
            opens_at=source.opens_at,
            closes_at=source.closes_at,
        )
        for question in source.questions.prefetch_related("choices"):
            choices = list(question.choices.all())
            question.pk = None
            question.questionnaire = copy
            question.save()
            Choice.objects.bulk_create(
                Choice(
                    question=question,
                    value=c.value,
                    position=c.position,
                    label_fi=c.label_fi,
                    label_sv=c.label_sv,
                    label_en=c.label_en,
                )
                for c in choices
            )
    return copy


def question_save(*, question: Question, by: User) -> Question:
    """Questions change only in a draft version."""
    require_coordinator(by)
    if question.questionnaire.status != QuestionnaireStatus.DRAFT:
        raise ValidationError(
            _("Version %(version)d is published and cannot change; make a new version.")
            % {"version": question.questionnaire.version}
        )
    question.full_clean()
    question.save()
    return question


# --- responses ---------------------------------------------------------------------------


def can_edit_response(user: User, response: Response) -> bool:
    """Managers of the respondent and coordinators, while the questionnaire is open (or the
    response was reopened) and the response is not submitted or accepted."""
    if not (user.is_coordinator or user.is_manager):
        return False
    if response.status not in EDITABLE:
        return False
    return response.questionnaire.is_open() or response.reopened or user.is_coordinator


def _guard_edit(user: User, response: Response) -> None:
    if not (user.is_coordinator or user.is_manager):
        raise PermissionDenied(_("You cannot answer this questionnaire."))
    if response.status not in EDITABLE:
        raise ValidationError(
            _("The response is %(status)s and cannot be changed.")
            % {"status": response.get_status_display().lower()}
        )
    questionnaire = response.questionnaire
    if not (questionnaire.is_open() or response.reopened or user.is_coordinator):
        if questionnaire.status == QuestionnaireStatus.CLOSED:
            raise ValidationError(
                _("The questionnaire has been closed. Only a coordinator can reopen the response.")
            )
        if timezone.now() >= questionnaire.closes_at:
            raise ValidationError(
                _(
                    "The questionnaire closed on %(date)s. Only a coordinator can reopen the "
                    "response."
                )
                % {"date": timezone.localtime(questionnaire.closes_at).strftime("%d.%m.%Y")}
            )
        raise ValidationError(_("The questionnaire is not open yet."))


def _lock(response: Response, expected_version: int | None) -> Response:
    """Row-lock an existing response (or create it), refusing a stale edit."""
    if response.pk is None:
        try:
            with transaction.atomic():
                response.save()
        except IntegrityError:  # created by someone else in between
            response = Response.objects.get(
                series=response.series, respondent_key=response.respondent_key
            )
    locked = (
        Response.objects.select_for_update()
        .select_related("questionnaire__programme")
        .get(pk=response.pk)
    )
    if expected_version is not None and locked.lock_version != expected_version:
        raise Conflict(
            _(
                "Someone else saved this response in the meantime. Reload the page to see "
                "their answers."
            )
        )
    return locked


def response_save_draft(
    *, response: Response, answers: dict, by: User, expected_version: int | None = None
) -> Response:
    """Save answers as they are typed. Types, ranges and choices are checked; required
    answers are not, yet. Invalid input changes nothing."""
    _guard_edit(by, response)
    questions = list(response.questionnaire.questions.prefetch_related("choices"))
    checked = check_answers(questions, answers, complete=False)
    if checked.errors:
        raise AnswersInvalid(checked.errors)
    with transaction.atomic():
        locked = _lock(response, expected_version)
        _guard_edit(by, locked)
        if locked.status == ResponseStatus.NOT_STARTED:
            locked.start()
            log_transition(
                record=locked, transition="start", from_state=ResponseStatus.NOT_STARTED, by=by
            )
        locked.answers = checked.answers
        locked.updated_by = by
        locked.lock_version += 1  # safe: the row is locked
        locked.save()
    return locked


def _notify_managers(response: Response, event: str, template: str, extra: dict | None = None):
    notify(
        kind=event.split(":")[0],  # survey_submitted, survey_returned, survey_accepted
        event=event,
        recipients=recipients_for_municipalities(respondent_municipalities(response)),
        template=template,
        context={"response": response, "questionnaire": response.questionnaire, **(extra or {})},
        concerning=response,
    )


def response_submit(
    *,
    response: Response,
    by: User,
    answers: dict | None = None,
    expected_version: int | None = None,
) -> Response:
    """Submit: every required question that is shown must be answered. On success the
    answers are kept as a numbered submission and the managers get a confirmation."""
    _guard_edit(by, response)
    questions = list(response.questionnaire.questions.prefetch_related("choices"))
    source = answers if answers is not None else response.answers
    checked = check_answers(questions, source, complete=True)
    if checked.errors:
        raise AnswersInvalid(checked.errors)
    with transaction.atomic():
        locked = _lock(response, expected_version)
        _guard_edit(by, locked)
        before = locked.status
        locked.submit()
        locked.answers = checked.answers
        locked.updated_by = by
        locked.lock_version += 1  # safe: the row is locked
        locked.save()
        number = (locked.submissions.aggregate(n=Max("number"))["n"] or 0) + 1
        Submission.objects.create(
            response=locked,
            number=number,
            questionnaire=locked.questionnaire,
            answers=checked.answers,
            submitted_by=by,
        )
        log_transition(record=locked, transition="submit", from_state=before, by=by)
        _notify_managers(
            locked,
            f"survey_submitted:{locked.pk}:{number}",
            "emails/survey_submitted",
            {"number": number},
        )
    return locked


def _review(response: Response, by: User, transition: str, reason: str = "") -> Response:
    require_coordinator(by)
    with transaction.atomic():
        locked = (
            Response.objects.select_for_update()
            .select_related("questionnaire__programme")
            .get(pk=response.pk)
        )
        method = getattr(locked, transition)
        if not can_proceed(method):
            raise ValidationError(
                _("A response that is %(status)s cannot be %(action)s.")
                % {
                    "status": locked.get_status_display().lower(),
                    "action": {
                        "return_for_changes": _("returned"),
                        "accept": _("accepted"),
                        "reopen": _("reopened"),
                    }[transition],
                }
            )
        before = locked.status
        method(reason) if transition in ("return_for_changes", "reopen") else method()
        locked.lock_version += 1  # safe: the row is locked
        locked.save()
        log_transition(
            record=locked, transition=transition, from_state=before, by=by, reason=reason
        )
    return locked


def response_return(*, response: Response, by: User, reason: str) -> Response:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give a reason: the municipality sees it.")]})
    with transaction.atomic():
        locked = _review(response, by, "return_for_changes", reason)
        count = locked.submissions.count()
        _notify_managers(
            locked,
            f"survey_returned:{locked.pk}:{count}",
            "emails/survey_returned",
            {"reason": reason},
        )
    return locked


def response_accept(*, response: Response, by: User) -> Response:
    with transaction.atomic():
        locked = _review(response, by, "accept")
        count = locked.submissions.count()  # accepted again after a reopening: a new event
        _notify_managers(locked, f"survey_accepted:{locked.pk}:{count}", "emails/survey_accepted")
    return locked


def response_reopen(*, response: Response, by: User, reason: str) -> Response:
    """After closing, only a coordinator can let a municipality change its answers."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give a reason: the municipality sees it.")]})
    if response.pk is None:
        response.save()
    with transaction.atomic():
        locked = _review(response, by, "reopen", reason)
        reopenings = transitions_of(locked).filter(transition="reopen").count()
        _notify_managers(
            locked,
            f"survey_reopened:{locked.pk}:{reopenings}",
            "emails/survey_reopened",
            {"reason": reason},
        )
    return locked


def submission_changes(older: Submission, newer: Submission) -> list[dict]:
    """What changed between two submissions, question by question, in the newer version's
    order (questions only in the older version come last)."""
    questions = list(newer.questionnaire.questions.prefetch_related("choices"))
    if older.questionnaire_id != newer.questionnaire_id:
        known = {q.key for q in questions}
        questions += [
            q
            for q in older.questionnaire.questions.prefetch_related("choices")
            if q.key not in known
        ]
    from surveys.answers import display_value

    changes = []
    for question in questions:
        before = older.answers.get(question.key)
        after = newer.answers.get(question.key)
        if before != after:
            changes.append(
                {
                    "question": question,
                    "before": display_value(question, before),
                    "after": display_value(question, after),
                }
            )
    return changes
