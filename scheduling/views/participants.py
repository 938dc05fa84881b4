"""A selecting programme's participants (the newspaper pilot): the coordinators' selection
among the volunteers, each participant's locations and customer terminals, the checklist and
opening of access, and the follow-up survey."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from contracts.models import Agreement
from onboarding.forms import DayForm
from onboarding.models import Participant, Stage
from onboarding.permissions import is_coordinator
from scheduling import selectors
from scheduling.models import ChecklistItem, Location, Terminal
from scheduling.services import participants as service
from scheduling.views.common import programme_of
from surveys.models import Questionnaire, Respondent
from surveys.selectors import volunteers


def _selecting_programme(user, slug: str):
    programme = programme_of(user, slug)
    if not programme.has_stage(Stage.SELECTION):
        raise Http404(_("%(programme)s does not select participants.") % {"programme": programme})
    return programme


def _participant(user, programme, pk) -> Participant:
    participant = selectors.participants_for_user(user, programme).filter(pk=pk).first()
    if participant is None:
        raise Http404(_("No participant %(id)s.") % {"id": pk})
    return participant


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
def participant_list(request, programme):
    programme = _selecting_programme(request.user, programme)
    participants = list(selectors.participants_for_user(request.user, programme))
    if not is_coordinator(request.user):
        own = [p for p in participants if p.selected]
        if len(own) == 1:
            return redirect("scheduling:participant_detail", programme.slug, own[0].pk)
    decided = {p.municipality_id for p in participants}
    candidates = (
        [r for r in volunteers(programme) if r.municipality_id not in decided]
        if is_coordinator(request.user)
        else []
    )
    terminals = selectors.terminal_counts(programme)
    for participant in participants:
        participant.terminal_total = terminals.get(participant.pk, 0)
    follow_ups = Questionnaire.objects.filter(
        programme=programme, respondent=Respondent.PARTICIPANT
    ).order_by("slug", "-version")
    return render(
        request,
        "scheduling/participants.html",
        {
            "programme": programme,
            "participants": participants,
            "selected": [p for p in participants if p.selected],
            "not_selected": [p for p in participants if not p.selected],
            "candidates": candidates,
            "decisions": programme.selection_decisions.select_related("recorded_by"),
            "follow_ups": [q for q in follow_ups if q.is_open()],
            "today": timezone.localdate(),
            "coordinator": is_coordinator(request.user),
        },
    )


@login_required
@require_POST
def selection(request, programme):
    programme = _selecting_programme(request.user, programme)
    try:
        decision = service.selection_record(
            programme=programme,
            selected_codes=request.POST.getlist("selected"),
            decided_on=DayForm({"on": request.POST.get("decided_on", "")}).day(),
            body=request.POST.get("body", ""),
            reason=request.POST.get("reason", ""),
            by=request.user,
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        chosen = decision.participants.filter(selected=True).count()
        messages.success(
            request,
            _(
                "The decision is recorded: %(chosen)s selected, %(others)s told they were not "
                "selected."
            )
            % {"chosen": chosen, "others": decision.participants.count() - chosen},
        )
    return redirect("scheduling:participants", programme.slug)


@login_required
def participant_detail(request, programme, pk):
    programme = _selecting_programme(request.user, programme)
    participant = _participant(request.user, programme, pk)
    locations = list(participant.locations.prefetch_related("terminals"))
    checklist = selectors.access_checklist(participant)
    agreement = Agreement.objects.filter(
        programme=programme, municipality=participant.municipality
    ).first()
    today = timezone.localdate()
    return render(
        request,
        "scheduling/participant_detail.html",
        {
            "programme": programme,
            "participant": participant,
            "locations": locations,
            "limit": programme.terminal_limit,
            "checklist": checklist,
            "done_count": sum(1 for _item, tick in checklist if tick is not None),
            "agreement": agreement,
            "blockers": service.access_blockers(participant, today, checklist)
            if participant.selected and not participant.access_opened_on
            else [],
            "today": today,
            "coordinator": is_coordinator(request.user),
            "editable": participant.selected and not participant.access_opened_on,
            "has_locations": programme.has_stage(Stage.LOCATIONS),
        },
    )


@login_required
@require_POST
def participant_action(request, programme, pk, action):
    programme = _selecting_programme(request.user, programme)
    participant = _participant(request.user, programme, pk)
    post = request.POST
    try:
        if action == "location":
            location = service.location_add(
                participant=participant,
                name=post.get("name", ""),
                street=post.get("street", ""),
                by=request.user,
            )
            messages.success(request, _("%(name)s is registered.") % {"name": location.name})
        elif action == "terminal":
            location = get_object_or_404(
                Location, participant=participant, pk=post.get("location") or 0
            )
            terminal = service.terminal_add(
                location=location, label=post.get("label", ""), by=request.user
            )
            messages.success(
                request,
                _("Terminal %(label)s is registered at %(location)s.")
                % {"label": terminal.label, "location": location.name},
            )
        elif action == "remove-terminal":
            terminal = get_object_or_404(
                Terminal, location__participant=participant, pk=post.get("terminal") or 0
            )
            service.terminal_remove(terminal=terminal, by=request.user)
            messages.success(request, _("The terminal is removed."))
        elif action in ("tick", "untick"):
            item = get_object_or_404(ChecklistItem, programme=programme, key=post.get("item", ""))
            service.access_tick(
                participant=participant, item=item, by=request.user, done=action == "tick"
            )
        elif action == "open":
            on = DayForm(post).day()
            if on is None:
                raise ValidationError(_("Give the day access opens."))
            service.access_open(participant=participant, on=on, by=request.user)
            messages.success(request, _("Access is open."))
        else:
            raise Http404
    except ValidationError as error:
        _errors(request, error)
    return redirect("scheduling:participant_detail", programme.slug, participant.pk)


@login_required
@require_POST
def follow_up(request, programme):
    programme = _selecting_programme(request.user, programme)
    questionnaire = get_object_or_404(
        Questionnaire, programme=programme, pk=request.POST.get("questionnaire") or 0
    )
    try:
        sent = service.follow_up_send(questionnaire=questionnaire, by=request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(
            request,
            _("The follow-up survey was sent: %(count)s new e-mails.") % {"count": sent},
        )
    return redirect("scheduling:participants", programme.slug)
