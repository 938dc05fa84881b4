"""Survey use cases. Each guards, changes state in one transaction, logs the transition and
sends its e-mails after the commit."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from onboarding import formatting
from onboarding.errors import Conflict
from onboarding.models import Contact, Municipality, User
from onboarding.permissions import require_coordinator
from onboarding.services.audit import log_transition, transitions_of
from onboarding.services.notifications import notify, recipients_for_municipalities
from onboarding.services.registry import (
    contact_save,
    fit_change_reason,
    municipality_update_details,
)
from surveys import registry_changes as rules
from surveys.answers import check_answers
from surveys.models import (
    EDITABLE,
    Choice,
    Question,
    Questionnaire,
    QuestionnaireKind,
    QuestionnaireStatus,
    RegistryChange,
    RegistryChangeItem,
    RegistryChangeStatus,
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
    *,
    response: Response,
    answers: dict,
    by: User,
    expected_version: int | None = None,
    keep_unchecked: bool = False,
) -> Response:
    """Save answers as they are typed, valid or not: those that pass their question's checks
    (type, range, choices) in `answers`, the others as typed in `unchecked_answers`, so that
    nothing typed is lost; required answers are not checked yet. `draft_errors` on the
    returned response names what is still to correct. That is the form's way
    (`keep_unchecked`, for people typing); the API refuses an answer that fails its checks
    (AnswersInvalid, nothing saved), as it always refuses answers to questions this version
    does not have: those are not typing but a wrong form."""
    _guard_edit(by, response)
    questions = list(response.questionnaire.questions.prefetch_related("choices"))
    checked = check_answers(questions, answers, complete=False)
    known = {q.key for q in questions}
    wrong_form = {key: errors for key, errors in checked.errors.items() if key not in known}
    if wrong_form or (checked.errors and not keep_unchecked):
        raise AnswersInvalid(wrong_form or checked.errors)
    unchecked = {key: answers[key] for key in checked.errors}
    with transaction.atomic():
        locked = _lock(response, expected_version)
        _guard_edit(by, locked)
        if locked.status == ResponseStatus.NOT_STARTED:
            locked.start()
            log_transition(
                record=locked, transition="start", from_state=ResponseStatus.NOT_STARTED, by=by
            )
        locked.answers = checked.answers
        locked.unchecked_answers = unchecked
        locked.updated_by = by
        locked.lock_version += 1  # safe: the row is locked
        locked.save()
    locked.draft_errors = checked.errors
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
    # Without answers of its own, the saved draft: with what is still to correct in it.
    source = answers if answers is not None else {**response.answers, **response.unchecked_answers}
    checked = check_answers(questions, source, complete=True)
    if checked.errors:
        raise AnswersInvalid(checked.errors)
    with transaction.atomic():
        locked = _lock(response, expected_version)
        _guard_edit(by, locked)
        before = locked.status
        locked.submit()
        locked.answers = checked.answers
        locked.unchecked_answers = {}
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
    """Accept a submitted response. A pre-join response proposes, in the same transaction,
    the registry details it answered differently (`registry_change_propose`)."""
    with transaction.atomic():
        locked = _review(response, by, "accept")
        registry_change_propose(response=locked, by=by)
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


# --- registry changes proposed by accepted pre-join responses -----------------------------


def registry_change_propose(*, response: Response, by: User | None) -> RegistryChange | None:
    """In the caller's transaction (the acceptance): propose the registry details a
    pre-join response answered differently from the registry, old and new as they are now.
    An open proposal of an earlier acceptance of the same response is superseded. Nothing
    differs: no proposal (and the earlier open one is still superseded, being out of date)."""
    if response.questionnaire.kind != QuestionnaireKind.PRE_JOIN or not response.municipality_id:
        return None
    municipality = response.municipality
    items = rules.proposed_items(response.answers, municipality, list(municipality.contacts.all()))
    proposal = None
    if items:
        proposal = RegistryChange.objects.create(
            response=response,
            submission=response.submissions.order_by("-number").first(),
            questionnaire=response.questionnaire,
            municipality=municipality,
            accepted_at=timezone.now(),
            accepted_by=by if getattr(by, "is_authenticated", False) else None,
            is_demo=response.is_demo,
        )
        RegistryChangeItem.objects.bulk_create(
            RegistryChangeItem(change=proposal, position=i, **item)
            for i, item in enumerate(items, start=1)
        )
    for earlier in (
        RegistryChange.objects.select_for_update()
        .filter(response=response, status=RegistryChangeStatus.OPEN)
        .exclude(pk=getattr(proposal, "pk", None))
    ):
        earlier.supersede()
        earlier.superseded_by = proposal
        earlier.decided_at = timezone.now()
        earlier.save()
        log_transition(
            record=earlier,
            transition="supersede",
            from_state=RegistryChangeStatus.OPEN,
            by=by,
            reason=_("The response was accepted again."),
        )
    return proposal


def registry_change_reason(proposal: RegistryChange) -> str:
    """Why the registry changed, as its history shows it: the survey, its version and the
    day the response was accepted, cut to fit the history's column."""
    reason = _("%(survey)s v%(version)s, response accepted %(date)s") % {
        "survey": proposal.questionnaire.title,
        "version": proposal.questionnaire.version,
        "date": formatting.date(timezone.localdate(proposal.accepted_at)),
    }
    return fit_change_reason(Municipality, reason)


def _locked_open(proposal: RegistryChange, action: str) -> RegistryChange:
    locked = (
        RegistryChange.objects.select_for_update()
        .select_related("municipality", "questionnaire")
        .get(pk=proposal.pk)
    )
    if not locked.is_open:
        refusals = {
            "apply": _(
                "%(municipality)s: the proposal is already decided (%(status)s), so it cannot "
                "be applied; only an open proposal can."
            ),
            "dismiss": _(
                "%(municipality)s: the proposal is already decided (%(status)s), so it cannot "
                "be dismissed; only an open proposal can."
            ),
        }
        raise Conflict(
            refusals[action]
            % {
                "municipality": locked.municipality.name,
                "status": locked.get_status_display().lower(),
            }
        )
    return locked


def registry_change_apply(*, proposal: RegistryChange, fields: list[str], by: User):
    """Apply the chosen fields of an open proposal to the registry, all or nothing: the
    details through `municipality_update_details` (one history row whose reason names the
    survey), each contact by updating the registry's contact of its kind or creating one.
    A value the registry refuses (a wrong check digit, no OVT code, a bad e-mail) applies
    nothing and is named, with its value, under its field. Coordinators only."""
    require_coordinator(by)
    if not isinstance(fields, list | tuple) or not all(isinstance(f, str) for f in fields):
        raise ValidationError({"fields": [_("Give the fields to apply as a list of names.")]})
    with transaction.atomic():
        locked = _locked_open(proposal, "apply")
        items = {item.field: item for item in locked.items.all()}
        unknown = [f for f in fields if f not in items]
        if unknown:
            raise ValidationError(
                {
                    "fields": [
                        _("The proposal has no change of %(fields)s.")
                        % {"fields": ", ".join(unknown)}
                    ]
                }
            )
        chosen = [item for field, item in items.items() if field in set(fields)]
        if not chosen:
            raise ValidationError(
                {"fields": [_("Choose at least one change to apply, or dismiss the proposal.")]}
            )
        municipality = locked.municipality
        contacts = list(municipality.contacts.all())
        reason = registry_change_reason(locked)
        for item in chosen:
            item.overwritten = rules.current_value(municipality, item.field, contacts)
        errors: dict[str, list[str]] = {}
        details = {i.field: i.new for i in chosen if rules.contact_kind(i.field) is None}
        if details:
            try:
                municipality_update_details(
                    municipality=municipality, by=by, reason=reason, **details
                )
            except ValidationError as error:
                for field, messages in _by_field(error).items():
                    value = details.get(field, getattr(municipality, field, ""))
                    errors.setdefault(field, []).extend(
                        rules.labelled(field, value, m) for m in messages
                    )
        for item in chosen:
            kind = rules.contact_kind(item.field)
            if kind is None:
                continue
            contact = rules.contact_of(municipality, kind, contacts) or Contact(
                municipality=municipality, kind=kind
            )
            for part in rules.CONTACT_PARTS:
                setattr(contact, part, (item.new or {}).get(part, ""))
            try:
                with transaction.atomic():
                    contact_save(contact=contact, by=by)
            except ValidationError as error:
                errors.setdefault(item.field, []).extend(
                    rules.labelled(
                        item.field,
                        getattr(contact, part, "") if part in rules.CONTACT_PARTS else "",
                        m,
                        part=part if part in rules.CONTACT_PARTS else None,
                    )
                    for part, messages in _by_field(error).items()
                    for m in messages
                )
        if errors:
            raise ValidationError(errors)  # the atomic block undoes whatever passed
        for item in chosen:
            item.applied = True
            item.save(update_fields=["applied", "overwritten"])
        every = len(chosen) == len(items)
        (locked.apply_all if every else locked.apply_some)()
        locked.decided_at = timezone.now()
        locked.decided_by = by
        locked.save()
        log_transition(
            record=locked,
            transition="apply_all" if every else "apply_some",
            from_state=RegistryChangeStatus.OPEN,
            by=by,
            reason=", ".join(rules.label(i.field) for i in chosen),
        )
    return locked


def _by_field(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}


def registry_change_dismiss(*, proposal: RegistryChange, by: User, reason: str = ""):
    """Leave the registry as it is. Coordinators only."""
    require_coordinator(by)
    with transaction.atomic():
        locked = _locked_open(proposal, "dismiss")
        locked.dismiss()
        locked.decided_at = timezone.now()
        locked.decided_by = by
        locked.save()
        log_transition(
            record=locked,
            transition="dismiss",
            from_state=RegistryChangeStatus.OPEN,
            by=by,
            reason=(reason or "").strip(),
        )
    return locked
