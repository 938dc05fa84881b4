"""A programme that chooses its participants (the newspaper pilot): the selection among the
volunteers of its interest survey, the participants' locations and customer terminals within
the programme's limit, the checklist before access is opened, and the follow-up survey.

Every function checks its input and raises ValidationError (translated, field by field where
a form has the field) before it writes anything."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from contracts.models import Agreement
from onboarding.models import Participant, Programme, SelectionDecision, Stage, User
from onboarding.permissions import require_coordinator, require_manager_or_coordinator
from onboarding.services.notifications import (
    municipality_language,
    notify,
    recipients_by_municipality,
)
from onboarding.validators import (
    validate_no_control_characters,
    validate_no_control_characters_multiline,
)
from scheduling.models import AccessTick, ChecklistItem, Location, Terminal
from scheduling.selectors import access_checklist
from surveys.models import Questionnaire, QuestionnaireStatus, Respondent
from surveys.selectors import volunteers


def _require_stage(programme: Programme, stage: str) -> None:
    if not programme.has_stage(stage):
        raise ValidationError(
            _("%(programme)s has no stage “%(stage)s”.")
            % {"programme": programme.name, "stage": Stage(stage).label}
        )


def _one_line(value: str, field: str, label: str, *, required: bool = True) -> str:
    """A name or title: stripped, required unless not, and refused with the project's own
    control-character message (onboarding.validators) for a line break or control character."""
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("%(label)s is required.") % {"label": label}})
    try:
        validate_no_control_characters(value)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None
    return value


@transaction.atomic
def selection_record(
    *,
    programme: Programme,
    selected_codes: list[str],
    decided_on: datetime.date,
    body: str,
    reason: str,
    by: User,
) -> SelectionDecision:
    """Record the decision choosing `selected_codes` among the volunteers not yet decided on;
    the other volunteers are recorded as not selected. Each volunteer's managers are told the
    outcome, in their language, after the commit."""
    require_coordinator(by)
    _require_stage(programme, Stage.SELECTION)
    body = _one_line(body, "body", _("The deciding body"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Write the grounds of the decision.")})
    try:
        validate_no_control_characters_multiline(reason)
    except ValidationError as error:
        raise ValidationError({"reason": error.messages}) from None
    if decided_on is None:
        raise ValidationError({"decided_on": _("Give the date of the decision.")})
    decided = set(
        Participant.objects.filter(programme=programme).values_list("municipality__code", flat=True)
    )
    candidates = {
        r.municipality.code: r for r in volunteers(programme) if r.municipality.code not in decided
    }
    chosen = list(dict.fromkeys(selected_codes))
    if not chosen:
        raise ValidationError({"selected": _("Choose at least one participant.")})
    strangers = [code for code in chosen if code not in candidates]
    if strangers:
        already = [code for code in strangers if code in decided]
        if already:
            message = _("%(codes)s has been decided on already.")
        else:
            message = _(
                "%(codes)s did not volunteer in the interest survey: only volunteers can be "
                "selected."
            )
        raise ValidationError({"selected": message % {"codes": ", ".join(strangers)}})
    decision = SelectionDecision.objects.create(
        programme=programme, decided_on=decided_on, body=body, reason=reason, recorded_by=by
    )
    participants = []
    for code, response in candidates.items():
        library = str((response.answers or {}).get("library_name", ""))[:200]
        # The library's name as it answered, in its municipality's language.
        in_swedish = municipality_language(response.municipality) == "sv"
        participants.append(
            Participant.objects.create(
                programme=programme,
                municipality=response.municipality,
                library_name_fi="" if in_swedish else library,
                library_name_sv=library if in_swedish else "",
                selected=code in chosen,
                decision=decision,
                is_demo=response.is_demo,
            )
        )
    _tell_volunteers(programme, decision, participants)
    return decision


def _tell_volunteers(programme, decision, participants) -> None:
    managers = recipients_by_municipality([p.municipality for p in participants])
    for participant in participants:
        outcome = "selected" if participant.selected else "not_selected"
        notify(
            kind="selection",
            event=f"selection:{decision.pk}:{participant.pk}",
            recipients=managers[participant.municipality.code],
            template=f"scheduling/email/{outcome}",
            context={
                "programme": programme,
                "participant": participant,
                "decision": decision,
                "link": settings.SITE_URL.rstrip("/")
                + reverse("scheduling:participant_detail", args=[programme.slug, participant.pk]),
            },
            concerning=participant,
        )


def _participant_for_update(participant: Participant) -> Participant:
    return (
        Participant.objects.select_for_update()
        .select_related("programme", "municipality")
        .get(pk=participant.pk)
    )


def _require_selected(participant: Participant) -> None:
    if not participant.selected:
        raise ValidationError(
            _("%(name)s was not selected for the programme.") % {"name": participant.name}
        )


@transaction.atomic
def location_add(*, participant: Participant, name: str, street: str, by: User) -> Location:
    require_manager_or_coordinator(by, participant.municipality_id)
    participant = _participant_for_update(participant)
    _require_stage(participant.programme, Stage.LOCATIONS)
    _require_selected(participant)
    name = _one_line(name, "name", _("The location's name"))
    street = _one_line(street, "street", _("The street address"), required=False)
    if participant.locations.filter(name__iexact=name).exists():
        raise ValidationError({"name": _("%(name)s is registered already.") % {"name": name}})
    return Location.objects.create(participant=participant, name=name[:200], street=street[:200])


@transaction.atomic
def terminal_add(*, location: Location, label: str, by: User) -> Terminal:
    """A customer terminal at `location`, refused once the location has the programme's
    limit (the participant's row is locked, so two at once cannot both take the last one)."""
    participant = location.participant
    require_manager_or_coordinator(by, participant.municipality_id)
    participant = _participant_for_update(participant)
    _require_selected(participant)
    label = _one_line(label, "label", _("The terminal's name"))
    limit = participant.programme.terminal_limit
    count = location.terminals.count()
    if limit is not None and count >= limit:
        raise ValidationError(
            {
                "label": _(
                    "%(location)s has %(count)s customer terminals already: this programme "
                    "allows at most %(limit)s per location."
                )
                % {"location": location.name, "count": count, "limit": limit}
            }
        )
    try:
        with transaction.atomic():
            return Terminal.objects.create(location=location, label=label[:100], registered_by=by)
    except IntegrityError:
        raise ValidationError(
            {"label": _("%(label)s is registered already.") % {"label": label}}
        ) from None


@transaction.atomic
def terminal_remove(*, terminal: Terminal, by: User) -> None:
    participant = terminal.location.participant
    require_manager_or_coordinator(by, participant.municipality_id)
    if participant.access_opened_on:
        raise ValidationError(_("Access is open: ask the National Library to remove a terminal."))
    terminal.delete()


def terminal_count(participant: Participant) -> int:
    return Terminal.objects.filter(location__participant=participant).count()


def access_blockers(
    participant: Participant, day: datetime.date, checklist: list | None = None
) -> list[str]:
    """Why access cannot be opened on `day`, in words (empty: it can). `checklist`: the
    participant's access_checklist when the caller has it already."""
    programme = participant.programme
    blockers = []
    if not participant.selected:
        blockers.append(_("The library was not selected."))
    if (
        programme.has_stage(Stage.AGREEMENT)
        and not Agreement.objects.filter(programme=programme, municipality=participant.municipality)
        .in_force_on(day)
        .exists()
    ):
        blockers.append(_("The pilot agreement is not in force."))
    if programme.has_stage(Stage.LOCATIONS) and not terminal_count(participant):
        blockers.append(_("No customer terminal is registered."))
    if checklist is None:
        checklist = access_checklist(participant)
    missing = [item for item, tick in checklist if tick is None]
    if missing:
        blockers.append(
            _("Checklist steps not done: %(steps)s.")
            % {"steps": ", ".join(item.label for item in missing)}
        )
    return blockers


@transaction.atomic
def access_tick(*, participant: Participant, item: ChecklistItem, by: User, done: bool) -> None:
    require_coordinator(by)
    participant = _participant_for_update(participant)
    if item.programme_id != participant.programme_id:
        raise ValidationError(_("That step is not on this programme's checklist."))
    if participant.access_opened_on:
        raise ValidationError(_("Access is open already: the checklist is closed."))
    if done:
        AccessTick.objects.get_or_create(
            participant=participant, item=item, defaults={"done_by": by}
        )
    else:
        AccessTick.objects.filter(participant=participant, item=item).delete()


@transaction.atomic
def access_open(*, participant: Participant, on: datetime.date, by: User) -> Participant:
    require_coordinator(by)
    participant = _participant_for_update(participant)
    if participant.access_opened_on:
        raise ValidationError(_("Access is open already."))
    blockers = access_blockers(participant, on)
    if blockers:
        raise ValidationError(blockers)
    participant.access_opened_on = on
    participant.save(update_fields=["access_opened_on"])
    return participant


@transaction.atomic
def follow_up_send(*, questionnaire: Questionnaire, by: User) -> int:
    """Tell the managers of the programme's selected participants that its follow-up survey
    is open; returns how many e-mails were queued (each participant is told once)."""
    require_coordinator(by)
    if questionnaire.respondent != Respondent.PARTICIPANT:
        raise ValidationError(_("This questionnaire is not for the programme's participants."))
    if questionnaire.status != QuestionnaireStatus.PUBLISHED or not questionnaire.is_open():
        raise ValidationError(_("Publish the questionnaire and open it before sending it."))
    sent = 0
    participants = list(
        Participant.objects.selected()
        .filter(programme=questionnaire.programme_id)
        .select_related("municipality")
    )
    managers = recipients_by_municipality([p.municipality for p in participants])
    for participant in participants:
        sent += len(
            notify(
                kind="follow_up",
                event=f"follow-up:{questionnaire.series}:{participant.pk}",
                recipients=managers[participant.municipality.code],
                template="scheduling/email/follow_up",
                context={
                    "questionnaire": questionnaire,
                    "participant": participant,
                    "link": settings.SITE_URL.rstrip("/")
                    + reverse(
                        "survey_respond", args=[questionnaire.pk, participant.municipality.code]
                    ),
                },
                concerning=participant,
            )
        )
    return sent
