"""No input reaches a 500, and a refused request stores nothing.

Every operation of the API's own OpenAPI schema is called with generated hostile values:
every JSON type where an object is expected, objects with the schema's field names bound to
huge numbers, NaN and infinities, NUL and other control characters, long strings, bad dates
and someone else's ids; path and query parameters get the same. Each request is made as a
coordinator, as finance and as a municipality's manager. The properties: never a 5xx, and on
any 4xx the database holds exactly the rows it held before. On PostgreSQL in CI too (NUL is
what PostgreSQL refuses and SQLite stores)."""

import json
import urllib.parse

import pytest
from django.apps import apps
from django.db import connection
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contracts.models import Agreement
from onboarding.models import Programme
from scheduling.demo import history_seed
from scheduling.models import Connection, Wave
from surveys.models import Questionnaire
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HOSTILE_TEXT = [
    "\x00",
    "a\x00b",
    "\x1b[31m",
    "x" * 5000,
    "1e30",
    "1E+999999999",
    "NaN",
    "-Infinity",
    "-5",
    "0",
    "10000",
    "0001-01-01",
    "9999-12-31",
    "2024-02-30",
    "=cmd|' /C calc'!A0",
    "ä" * 201,
]
LONE_SURROGATE = "\ud800"  # valid JSON ("\\ud800"), not encodable as UTF-8

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([2**31, 2**63, -(2**63) - 1, 10**30]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([*HOSTILE_TEXT, LONE_SURROGATE]),
    st.text(max_size=20),
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def _schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def _properties(schema, ref_or_schema, seen=()) -> list[str]:
    """The field names of a request body's schema (one level), with its nested objects'."""
    node = ref_or_schema
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[1]
        if name in seen:
            return []
        node, seen = schema["components"]["schemas"][name], (*seen, name)
    names = list(node.get("properties", {}))
    for value in node.get("properties", {}).values():
        names += (
            _properties(schema, value.get("items", value), seen) if isinstance(value, dict) else []
        )
    return names


def _operations():
    schema = _schema()
    operations = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            params = [(p["name"], p["in"]) for p in operation.get("parameters", [])]
            fields = []
            for content in operation.get("requestBody", {}).get("content", {}).values():
                fields += _properties(schema, content["schema"])
            operations.append((method, path, params, sorted(set(fields))))
    return operations


OPERATIONS = _operations()


def _fingerprint() -> tuple:
    """Rows per table of the project's apps (history tables included: an update leaves one),
    in one query."""
    tables = sorted(
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label not in ("sessions", "axes", "admin", "contenttypes")
    )
    sql = " UNION ALL ".join(
        f"SELECT '{table}', COUNT(*) FROM \"{table}\""
        for table in tables  # noqa: S608
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(sorted(cursor.fetchall()))


@pytest.fixture
def world(db, api_for):
    """The demo history (agreements in every state, waves, connections, invoices to come)
    and three clients."""
    programme = Programme.objects.get(slug="ekirjasto")
    history_seed(programme=programme)
    real = {
        "agreement": list(Agreement.objects.values_list("pk", flat=True)[:3]),
        "connection": list(Connection.objects.values_list("pk", flat=True)[:3]),
        "wave": list(Wave.objects.values_list("pk", flat=True)[:3]),
        "questionnaire": list(Questionnaire.objects.values_list("pk", flat=True)[:2]),
    }
    clients = {
        "coordinator": api_for(UserFactory(coordinator=True, username="h-coordinator")),
        "finance": api_for(UserFactory(finance=True, username="h-finance")),
        "manager": api_for(UserFactory(manager=True, username="h-helsinki", codes=("091",))),
    }
    return real, clients


REAL_WORDS = {
    "transition": ["send", "sign", "decline", "withdraw", "countersign", "terminate", "go_live"],
    "kind": ["docx", "pdf", "certificate", "xml", "finvoice"],
    "code": ["091", "545", "588"],
    "slug": ["helmet", "fredrika"],
    "number": ["2025-000001"],
    "key": ["test_loans", "sso"],
    "programme": ["ekirjasto"],
    "year": ["2025", "1", "-5", "10000"],
    "on": ["2025-06-01"],
}


def _path_value(draw, name, path, real):
    if name == "id":
        kind = next((k for k in real if k in path), "agreement")
        if "questionnaires" in path:
            kind = "questionnaire"
        elif "waves" in path:
            kind = "wave"
        elif "connections" in path:
            kind = "connection"
        candidates = [str(pk) for pk in real.get(kind, [])] or ["1"]
        return draw(st.sampled_from(candidates + ["0", "99999999999999999999", "-1"]))
    return draw(st.sampled_from(REAL_WORDS.get(name, ["x"]) + HOSTILE_TEXT[:4] + ["x" * 300]))


@st.composite
def requests(draw, operation, real):
    method, path, params, fields = operation
    url = path
    query = {}
    for name, where in params:
        if where == "path":
            value = _path_value(draw, name, path, real)
            url = url.replace("{" + name + "}", urllib.parse.quote(value, safe=""))
        elif where == "query" and draw(st.booleans()):
            query[name] = draw(
                st.sampled_from(REAL_WORDS.get(name, []) + HOSTILE_TEXT) | st.text(max_size=10)
            )
    body = None
    if method in ("post", "put", "patch"):
        if fields and draw(st.booleans()):
            body = draw(st.fixed_dictionaries({}, optional={f: json_values for f in fields}))
            if "answers" in fields and draw(st.booleans()):
                keys = [
                    "business_id",
                    "comments",
                    "signatory_name",
                    "intention",
                    "ebooks_audiobooks",
                ]
                body["answers"] = draw(st.dictionaries(st.sampled_from(keys), json_values))
        else:
            body = draw(json_values)
    who = draw(st.sampled_from(["coordinator", "finance", "manager"]))
    return who, method, url, query, body


@pytest.mark.parametrize(
    "operation", OPERATIONS, ids=[f"{m.upper()} {p}" for m, p, _params, _f in OPERATIONS]
)
def test_hostile_input_never_reaches_a_500_and_a_refusal_stores_nothing(operation, world):
    real, clients = world

    @settings(
        max_examples=15,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    @given(request=requests(operation, real))
    def probe(request):
        who, method, url, query, body = request
        client = clients[who]
        if query:
            url += "?" + urllib.parse.urlencode(query)
        before = _fingerprint()
        if body is None:
            response = getattr(client, method)(url)
        else:
            response = getattr(client, method)(
                url, data=json.dumps(body), content_type="application/json"
            )
        assert response.status_code < 500, (who, method, url, body, response.content[:300])
        if 400 <= response.status_code < 500:
            assert _fingerprint() == before, (who, method, url, body, response.status_code)

    probe()
