"""Coordinators: one response with its submissions, changes between them, and review."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from onboarding.permissions import is_coordinator, require_coordinator
from onboarding.services.audit import transitions_of
from onboarding.services.notifications import notifications_about
from surveys import selectors
from surveys.answers import display_value
from surveys.forms import CompareForm
from surveys.services import (
    response_accept,
    response_reopen,
    response_return,
    submission_changes,
)


def _response(user, pk):
    response = selectors.responses_for_user(user).filter(pk=pk).first()
    if response is None:
        raise Http404(_("No response %(id)s.") % {"id": pk})
    return response


@login_required
def response_detail(request, pk):
    response = _response(request.user, pk)
    questions = list(response.questionnaire.questions.prefetch_related("choices"))
    submissions = list(response.submissions.select_related("submitted_by", "questionnaire"))
    compare = None
    if len(submissions) >= 2:
        numbers = {s.number: s for s in submissions}
        chosen = CompareForm(request.GET)
        chosen = chosen.cleaned_data if chosen.is_valid() else {}
        a = numbers.get(chosen.get("from"), submissions[-2])
        b = numbers.get(chosen.get("to"), submissions[-1])
        compare = {"from": a, "to": b, "changes": submission_changes(a, b)}
    return render(
        request,
        "surveys/response_detail.html",
        {
            "response": response,
            "answers": [(q, display_value(q, response.answers.get(q.key))) for q in questions],
            "submissions": submissions,
            "compare": compare,
            "timeline": transitions_of(response),
            "notifications": notifications_about(response)[:50]
            if is_coordinator(request.user)
            else [],
            "can_review": is_coordinator(request.user),
        },
    )


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
