"""Coordinators: one response with its submissions, changes between them, and review; the
registry changes an accepted pre-join response proposes, and the list of open proposals."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from onboarding.errors import Conflict
from onboarding.permissions import is_coordinator, require_coordinator
from onboarding.services.audit import transitions_of
from onboarding.services.notifications import notifications_about
from onboarding.views.errors import conflict_response
from surveys import registry_changes as rules
from surveys import selectors
from surveys.answers import display_value
from surveys.forms import CompareForm, RegistryChangeFilterForm
from surveys.models import QuestionnaireKind, RegistryChangeStatus, ResponseStatus
from surveys.services import (
    registry_change_apply,
    registry_change_dismiss,
    response_accept,
    response_reopen,
    response_return,
    submission_changes,
)

# Not registry data: the scheduler reads the desired start from the accepted survey itself.
DESIRED_START_KEYS = ("schedule", "start_month")


def _response(user, pk):
    response = selectors.responses_for_user(user).filter(pk=pk).first()
    if response is None:
        raise Http404(_("No response %(id)s.") % {"id": pk})
    return response


@login_required
def response_detail(request, pk):
    response = _response(request.user, pk)
    return render(request, "surveys/response_detail.html", _detail_context(request, response))


def _detail_context(request, response, *, proposal_errors=None, chosen=None) -> dict:
    questions = list(response.questionnaire.questions.prefetch_related("choices"))
    submissions = list(response.submissions.select_related("submitted_by", "questionnaire"))
    compare = None
    if len(submissions) >= 2:
        numbers = {s.number: s for s in submissions}
        asked = CompareForm(request.GET)
        asked = asked.cleaned_data if asked.is_valid() else {}
        a = numbers.get(asked.get("from"), submissions[-2])
        b = numbers.get(asked.get("to"), submissions[-1])
        compare = {"from": a, "to": b, "changes": submission_changes(a, b)}
    answers = [(q, display_value(q, response.answers.get(q.key))) for q in questions]
    return {
        "response": response,
        "answers": answers,
        "submissions": submissions,
        "compare": compare,
        "timeline": transitions_of(response),
        "notifications": notifications_about(response)[:50] if is_coordinator(request.user) else [],
        "can_review": is_coordinator(request.user),
        **_proposal_context(request, response, answers, submissions, proposal_errors, chosen),
    }


def _proposal_context(request, response, answers, submissions, errors, chosen) -> dict:
    """The registry changes the response proposes: the newest proposal with each item
    beside the registry's value now, the earlier ones, and the desired start."""
    if response.questionnaire.kind != QuestionnaireKind.PRE_JOIN or not response.pk:
        return {"is_pre_join": False}
    proposals = list(
        selectors.registry_changes_for_user(request.user)
        .filter(response=response)
        .order_by("-accepted_at", "-pk")
    )
    # The proposal of the latest acceptance, made from the latest submission; when that
    # acceptance proposed nothing, the earlier proposals are only listed.
    proposal = proposals[0] if proposals else None
    if proposal is not None and (
        proposal.status == RegistryChangeStatus.SUPERSEDED
        or (submissions and proposal.submission_id not in (None, submissions[-1].pk))
    ):
        proposal = None
    rows = selectors.registry_change_rows(proposal) if proposal else []
    errors = errors or {}
    for row in rows:
        row.errors = errors.get(row.field, [])
        row.chosen = row.field in chosen if chosen is not None else True
    nothing = response.status == ResponseStatus.ACCEPTED and proposal is None
    return {
        "is_pre_join": True,
        "show_registry_change": bool(proposal or nothing or len(proposals) > 0),
        "proposal": proposal,
        "proposal_rows": rows,
        "proposal_errors": [
            m for key, ms in errors.items() for m in ms if key not in {r.field for r in rows}
        ],
        "proposal_has_errors": bool(errors),
        "proposal_values_refused": any(row.errors for row in rows),
        "earlier_proposals": [p for p in proposals if p is not proposal],
        "nothing_proposed": nothing,
        "can_decide": bool(proposal and proposal.is_open and is_coordinator(request.user)),
        "desired_start": [
            (q, value) for q, value in answers if q.key in DESIRED_START_KEYS and value
        ],
        "proposal_timeline": transitions_of(proposal) if proposal else [],
    }


@login_required
@require_POST
def response_review(request, pk, action):
    require_coordinator(request.user)
    response = _response(request.user, pk)
    reason = request.POST.get("reason", "")
    try:
        if action == "return":
            response_return(response=response, by=request.user, reason=reason)
            messages.success(request, _("The response was returned for changes."))
        elif action == "accept":
            response_accept(response=response, by=request.user)
            messages.success(request, _("The response was accepted."))
        elif action == "reopen":
            response_reopen(response=response, by=request.user, reason=reason)
            messages.success(request, _("The response was reopened."))
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("survey_response", pk=response.pk)


@login_required
@require_POST
def registry_change_decide(request, pk, action):
    """Apply the chosen changes or dismiss the proposal. A value the registry refuses is
    shown at its row of the same page (400), with nothing applied."""
    require_coordinator(request.user)
    proposal = selectors.registry_change_get(request.user, pk)
    back = reverse("survey_response", args=[proposal.response_id]) + "#registry-change"
    chosen = request.POST.getlist("fields")
    try:
        if action == "apply":
            done = registry_change_apply(proposal=proposal, fields=chosen, by=request.user)
            if done.status == RegistryChangeStatus.APPLIED:
                messages.success(request, _("The proposed changes were applied to the registry."))
            else:
                messages.success(request, _("The chosen changes were applied to the registry."))
        elif action == "dismiss":
            registry_change_dismiss(
                proposal=proposal, by=request.user, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("The proposed changes were dismissed."))
        else:
            raise Http404
    except Conflict as error:
        return conflict_response(request, error, back=back)
    except ValidationError as error:
        response = _response(request.user, proposal.response_id)
        errors = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
        context = _detail_context(request, response, proposal_errors=errors, chosen=set(chosen))
        return render(request, "surveys/response_detail.html", context, status=400)
    return redirect(back)


@login_required
def registry_change_list(request):
    """Coordinators: the proposals, open ones by default, oldest acceptance first."""
    require_coordinator(request.user)
    asked = RegistryChangeFilterForm(request.GET)
    status = asked.cleaned_data["status"] if asked.is_valid() else RegistryChangeStatus.OPEN
    proposals = selectors.registry_changes_for_user(request.user).prefetch_related("items")
    if status:
        proposals = proposals.filter(status=status)
    proposals = list(proposals.order_by("accepted_at", "pk"))
    for proposal in proposals:
        proposal.labels = [rules.label(item.field) for item in proposal.items.all()]
    return render(
        request,
        "surveys/registry_changes.html",
        {"form": asked, "proposals": proposals, "status": status},
    )
