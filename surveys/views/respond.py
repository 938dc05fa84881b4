"""Managers: my surveys, filling in with autosave, submitting."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from onboarding.services.audit import transitions_of
from surveys import selectors
from surveys.answers import check_answers, is_visible
from surveys.services import (
    AnswersInvalid,
    Conflict,
    can_edit_response,
    response_save_draft,
    response_submit,
)

MAX_FORM_KEYS = 500


def _draft_errors(response, answers) -> dict:
    """What a saved draft still has to correct: the checks of its unchecked answers."""
    if not response.unchecked_answers:
        return {}
    questions = list(response.questionnaire.questions.prefetch_related("choices"))
    return check_answers(questions, answers, complete=False).errors


@login_required
def my_surveys(request):
    if request.user.sees_all_municipalities:
        return redirect("survey_overview")
    rows = selectors.my_surveys(request.user)
    return render(request, "surveys/my_surveys.html", {"rows": rows})


def answers_from_post(questions, data) -> dict:
    """Raw values from a form post, one per question key; only keys of this version."""
    answers = {}
    for question in questions:
        if question.type == "multiple":
            values = data.getlist(question.key)
            if values:
                answers[question.key] = values
        elif question.key in data:
            answers[question.key] = data.get(question.key, "")
    return answers


def _context(request, response, respondent, answers, errors):
    questions = list(response.questionnaire.questions.prefetch_related("choices"))
    rows = []
    for question in questions:
        value = answers.get(question.key, "")
        rows.append(
            {
                "question": question,
                "value": value,
                "values": value if isinstance(value, list) else [value],
                "text": str(value),  # a scale's 4 (or "4" as typed) beside its radio's "4"
                "errors": errors.get(question.key, []),
                "hidden": not is_visible(question, answers),
            }
        )
    return {
        "response": response,
        "questionnaire": response.questionnaire,
        "respondent": respondent,
        "rows": rows,
        "errors": errors,
        "editable": can_edit_response(request.user, response),
        "timeline": transitions_of(response) if response.pk else [],
        "conditions": json.dumps(
            {q.key: [q.show_if_key, q.show_if_value] for q in questions if q.show_if_key}
        ),
    }


@login_required
def respond(request, pk, code):
    questionnaire = selectors.questionnaire_get(request.user, pk)
    response, respondent = selectors.response_for_municipality(request.user, questionnaire, code)
    if response.pk and response.questionnaire_id != questionnaire.pk:
        questionnaire = response.questionnaire  # answers stay with the version they answered
    # A draft shows what was typed, with what is still to correct marked at its question.
    answers = {**response.answers, **response.unchecked_answers}
    errors = _draft_errors(response, answers)
    if request.method == "POST":
        questions = list(response.questionnaire.questions.prefetch_related("choices"))
        answers = answers_from_post(questions, request.POST)
        expected = request.POST.get("lock_version")
        expected = int(expected) if expected and expected.isdigit() else None
        try:
            if "submit" in request.POST:
                response = response_submit(
                    response=response, by=request.user, answers=answers, expected_version=expected
                )
                messages.success(request, _("Thank you! Your answers were submitted."))
                return redirect("survey_respond", pk=pk, code=code)
            response = response_save_draft(
                response=response,
                answers=answers,
                by=request.user,
                expected_version=expected,
                keep_unchecked=True,
            )
            if response.draft_errors:
                messages.warning(
                    request,
                    _(
                        "Your answers were saved as a draft. The marked answers still need "
                        "correcting before you can submit."
                    ),
                )
            else:
                messages.success(request, _("Your answers were saved as a draft."))
            return redirect("survey_respond", pk=pk, code=code)
        except AnswersInvalid as error:
            errors = error.errors
            if "submit" in request.POST:
                messages.error(request, _("Not submitted: correct the marked answers first."))
            else:
                messages.error(request, _("Check the marked answers: nothing was saved."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    context = _context(request, response, respondent, answers, errors)
    refused = request.method == "POST" and bool(errors)  # a draft's marks are no error
    return render(request, "surveys/respond.html", context, status=400 if refused else 200)


@login_required
@require_POST
def autosave(request, pk, code):
    """The fetch() endpoint behind autosave: JSON in, JSON out, nothing saved when invalid."""
    questionnaire = selectors.questionnaire_get(request.user, pk)
    response, _respondent = selectors.response_for_municipality(request.user, questionnaire, code)
    questions = list(response.questionnaire.questions.prefetch_related("choices"))
    if len(request.POST) > MAX_FORM_KEYS:
        return JsonResponse({"saved": False, "message": _("Too many fields.")}, status=400)
    answers = answers_from_post(questions, request.POST)
    expected = request.POST.get("lock_version")
    expected = int(expected) if expected and expected.isdigit() else None
    try:
        response = response_save_draft(
            response=response,
            answers=answers,
            by=request.user,
            expected_version=expected,
            keep_unchecked=True,  # a person typing: keep it all, mark what to correct
        )
    except AnswersInvalid as error:
        return JsonResponse(
            {
                "saved": False,
                "errors": error.errors,
                "message": _("Not saved: check the marked answers."),
            },
            status=400,
        )
    except Conflict as error:
        return JsonResponse({"saved": False, "message": " ".join(error.messages)}, status=409)
    except (ValidationError, PermissionDenied) as error:
        text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        return JsonResponse({"saved": False, "message": text or _("Not allowed.")}, status=403)
    at = formats.time_format(timezone.localtime(response.updated_at), "H:i:s")
    message = _("Draft saved at %(time)s.") % {"time": at}
    if response.draft_errors:
        message = _("Draft saved at %(time)s, with the marked answers still to correct.") % {
            "time": at
        }
    return JsonResponse(
        {
            "saved": True,
            "lock_version": response.lock_version,
            "status": response.status,
            "status_label": response.get_status_display(),
            "errors": response.draft_errors,
            "message": message,
        }
    )
