"""Middleware of the input boundary."""

from django.http import HttpResponseBadRequest, JsonResponse
from django.template.loader import render_to_string

from onboarding.input import CONTROL_CHARACTER_MESSAGE, has_forbidden_characters


class RefuseControlCharactersMiddleware:
    """A NUL or another control character in the path or the query string is a 400 before
    any view, cache or database sees it (a path or filter holds none legitimately; on
    PostgreSQL a NUL reaching a query was a 500)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.GET
        texts = [request.path_info, *query.keys(), *(v for k in query for v in query.getlist(k))]
        if any(has_forbidden_characters(text) for text in texts):
            message = str(CONTROL_CHARACTER_MESSAGE)
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            page = render_to_string("400.html", {"message": message}, request=request)
            return HttpResponseBadRequest(page)
        return self.get_response(request)
