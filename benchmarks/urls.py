"""The product's URLs plus a trivial view, for benchmarks/eligibility.py only.

The trivial view returns a fixed body shaped like an eligibility answer, without
authentication, a database or a cache: what any request costs in this project's middleware
and gunicorn, to compare the eligibility endpoint with."""

from django.http import JsonResponse
from django.urls import path

from config.urls import urlpatterns as product_urlpatterns

TRIVIAL_ANSWER = {
    "municipality": "091",
    "name_fi": "Helsinki",
    "name_sv": "Helsingfors",
    "joined": True,
    "since": "2024-04-23",
    "consortium": "helmet",
}


def trivial(request):
    return JsonResponse(TRIVIAL_ANSWER)


# Last, so that resolving it costs no less than resolving the eligibility endpoint.
urlpatterns = [*product_urlpatterns, path("bench/trivial/", trivial, name="bench-trivial")]
