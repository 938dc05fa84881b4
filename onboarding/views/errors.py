"""How a page answers a `Conflict`: 409, with the reason in words and a way back."""

from django.shortcuts import render

from onboarding.errors import Conflict


def conflict_response(request, error: Conflict, *, back: str = ""):
    return render(request, "409.html", {"messages_text": error.messages, "back": back}, status=409)
