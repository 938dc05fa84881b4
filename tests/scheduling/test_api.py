"""The scheduling API: waves, the proposal and its confirmation, a connection's states and
checklist. The same permissions as the pages (coordinators change, finance reads, a manager
reads and ticks only their own unit, the login service's token none of it); bad input 400
with a message per field, a change not possible now 409 with the reason in words; nothing
changes on a refusal."""

import datetime

import pytest
from rest_framework.test import APIClient

from contracts.selectors import completeness_of_unit, unit_completeness
from onboarding import selectors as registry
from onboarding.business_days import holiday_name
from onboarding.models import Programme
from onboarding.services.accounts import integration_token_create
from scheduling.demo import history_seed
from scheduling.models import ChecklistItem, ChecklistTick, Connection, ConnectionStatus, Wave
from scheduling.selectors import schedule_proposal
from scheduling.services.schedule import schedule_confirm
from scheduling.services.waves import wave_create
from tests.factories import AgreementFactory, UserFactory, ahead

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_day")]


@pytest.fixture
def programme():
    return Programme.objects.get(slug="ekirjasto")


@pytest.fixture
def vaasa_manager(db):
    return UserFactory(manager=True, username="t-vaasa", codes=("905",))


@pytest.fixture
def login_service(db):
    _token, key = integration_token_create(name="login", scopes=["eligibility"])
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


@pytest.fixture
def wave(programme, coordinator):
    return wave_create(
        programme=programme,
        day=ahead(30),
        capacity_units=5,
        capacity_residents=None,
        notes="Ensimmäinen aalto",
        by=coordinator,
    )


@pytest.fixture
def vaasa(programme, coordinator, wave):
    """Vaasa, a single-library unit with its agreement in force, scheduled in `wave`."""
    AgreementFactory(code="905", in_force=True)
    [connection] = schedule_confirm(
        programme=programme, assignments={"905": wave.pk}, by=coordinator
    )
    return connection


@pytest.fixture
def somero(programme, coordinator, wave):
    AgreementFactory(code="761", in_force=True)
    [connection] = schedule_confirm(
        programme=programme, assignments={"761": wave.pk}, by=coordinator
    )
    return connection


@pytest.fixture
def demo(programme):
    history_seed(programme=programme)
    return programme


def _next(predicate) -> datetime.date:
    day = registry.today() + datetime.timedelta(days=1)
    while not predicate(day):
        day += datetime.timedelta(days=1)
    return day


def _messages(body) -> str:
    return " ".join(
        " ".join(value) if isinstance(value, list) else str(value) for value in body.values()
    )


def _state() -> tuple:
    return (
        Wave.objects.count(),
        Connection.objects.count(),
        ChecklistTick.objects.count(),
        sorted(Connection.objects.values_list("unit_key", "wave_id", "status")),
        sorted(Wave.objects.values_list("pk", "date", "capacity_units", "capacity_residents")),
    )


# --- who may do what -----------------------------------------------------------------------


def _who(name, coordinator, finance, vaasa_manager, helsinki_manager, login_service, api_for):
    if name == "anonymous":
        return APIClient()
    if name == "integration":
        return login_service
    user = {
        "coordinator": coordinator,
        "finance": finance,
        "manager": vaasa_manager,
        "other_manager": helsinki_manager,
    }[name]
    return api_for(user)


@pytest.fixture
def as_(coordinator, finance, vaasa_manager, helsinki_manager, login_service, api_for):
    def make(name):
        return _who(
            name, coordinator, finance, vaasa_manager, helsinki_manager, login_service, api_for
        )

    return make


def denied(who) -> int:
    """No credentials: 401 (with the token challenge); someone without the right: 403."""
    return 401 if who == "anonymous" else 403


READS = {"coordinator": 200, "finance": 200, "manager": 200, "integration": 403}


@pytest.mark.parametrize(
    "who, expected",
    [*READS.items(), ("anonymous", 401)],
)
def test_reading_waves_and_connections_needs_a_person_not_a_token(who, expected, as_, vaasa):
    api = as_(who)
    for path in (
        "/api/v1/waves/?programme=ekirjasto",
        f"/api/v1/waves/{vaasa.wave_id}/",
        "/api/v1/connections/?programme=ekirjasto",
    ):
        response = api.get(path)
        assert response.status_code == expected
        if who == "anonymous":
            assert response["WWW-Authenticate"] == "Token"
    if who != "integration" and who != "anonymous":
        assert api.get(f"/api/v1/connections/{vaasa.pk}/").status_code == 200


@pytest.mark.parametrize("who", ["finance", "manager", "other_manager", "integration", "anonymous"])
def test_only_coordinators_change_the_schedule(who, as_, vaasa, wave):
    api = as_(who)
    before = _state()
    day = ahead(60).isoformat()
    calls = [
        api.post(
            "/api/v1/waves/",
            {"programme": "ekirjasto", "date": day, "capacity_units": 3},
            format="json",
        ),
        api.patch(f"/api/v1/waves/{wave.pk}/", {"notes": "muutettu"}, format="json"),
        api.delete(f"/api/v1/waves/{wave.pk}/"),
        api.post("/api/v1/schedule/proposal/", {"programme": "ekirjasto"}, format="json"),
        api.post(
            "/api/v1/schedule/confirm/",
            {"programme": "ekirjasto", "assignments": [{"unit": "905", "wave": wave.pk}]},
            format="json",
        ),
    ]
    for response in calls:
        assert response.status_code == denied(who), response.content
        assert response.json()["detail"]
        if who == "anonymous":
            assert response["WWW-Authenticate"] == "Token"
    # Another municipality's connection does not exist for a manager; for the others the
    # transition itself is refused.
    expected = 404 if who == "other_manager" else denied(who)
    for transition in ("start", "connect", "go_live"):
        response = api.post(f"/api/v1/connections/{vaasa.pk}/{transition}/", format="json")
        assert response.status_code == expected
    assert _state() == before


def test_the_login_service_token_is_refused_with_a_message(login_service, vaasa):
    response = login_service.get("/api/v1/connections/")
    assert response.status_code == 403
    assert response.json()["detail"]
    response = login_service.post(
        f"/api/v1/connections/{vaasa.pk}/checklist/library_setup/", {"done": True}, format="json"
    )
    assert response.status_code == 403


# --- waves ---------------------------------------------------------------------------------


def test_a_coordinator_creates_a_wave_and_everyone_reads_it(as_, programme):
    day = ahead(45)
    response = as_("coordinator").post(
        "/api/v1/waves/",
        {
            "programme": "ekirjasto",
            "date": day.isoformat(),
            "capacity_units": 4,
            "capacity_residents": 200000,
            "notes": "Syksyn aalto",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    wave = Wave.objects.get(pk=body["id"])
    assert (wave.programme, wave.date, wave.capacity_units, wave.notes) == (
        programme,
        day,
        4,
        "Syksyn aalto",
    )
    assert body == {
        "id": wave.pk,
        "programme": "ekirjasto",
        "date": day.isoformat(),
        "capacity_units": 4,
        "capacity_residents": 200000,
        "notes": "Syksyn aalto",
        "units_held": 0,
        "residents_held": 0,
        "units": [],
        "is_demo": False,
    }
    for who in ("finance", "manager"):
        listed = as_(who).get("/api/v1/waves/?programme=ekirjasto").json()["results"]
        assert body["id"] in [w["id"] for w in listed]


def test_a_manager_sees_the_load_of_a_wave_but_only_their_own_units_in_it(as_, vaasa, somero):
    for who, units in (
        ("coordinator", ["761", "905"]),
        ("finance", ["761", "905"]),
        ("manager", ["905"]),
        ("other_manager", []),
    ):
        [listed] = [
            w
            for w in as_(who).get("/api/v1/waves/?programme=ekirjasto").json()["results"]
            if w["id"] == vaasa.wave_id
        ]
        assert listed["units"] == units, who
        assert listed["units_held"] == 2
        if who in ("coordinator", "finance"):
            assert listed["residents_held"] > 60000  # Vaasa alone has about 68 000
        else:  # with public populations, residents would tell who else connects that day
            assert listed["residents_held"] is None
        detail = as_(who).get(f"/api/v1/waves/{vaasa.wave_id}/").json()
        assert detail["units"] == units


@pytest.mark.parametrize(
    "change, field",
    [
        ({"date": "holiday"}, "date"),
        ({"date": "saturday"}, "date"),
        ({"date": "past"}, "date"),
        ({"date": "1.12.2030"}, "date"),
        ({"date": None}, "date"),
        ({"capacity_units": None, "capacity_residents": None}, "capacity_units"),
        ({"capacity_units": "viisi"}, "capacity_units"),
        ({"capacity_units": 0}, "capacity_units"),
        ({"capacity_residents": -5}, "capacity_residents"),
        ({"programme": "ei-ole"}, "programme"),
        ({"programme": None}, "programme"),
        ({"capasity_units": 5}, "capasity_units"),  # misspelt: not silently ignored
    ],
)
def test_a_bad_wave_is_refused_with_a_message_for_the_field(change, field, as_):
    days = {
        "holiday": _next(lambda d: d.weekday() < 5 and holiday_name(d)),
        "saturday": _next(lambda d: d.weekday() == 5),
        "past": registry.today() - datetime.timedelta(days=7),
    }
    data = {"programme": "ekirjasto", "date": ahead(40).isoformat(), "capacity_units": 3}
    data.update(change)
    if data.get("date") in days:
        data["date"] = days[data["date"]].isoformat()
    data = {k: v for k, v in data.items() if v is not None or k.startswith("capacity")}
    before = _state()
    response = as_("coordinator").post("/api/v1/waves/", data, format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body[field] and all(isinstance(m, str) and m for m in body[field]), body
    assert _state() == before


def test_two_waves_on_one_day_are_refused(as_, wave):
    before = _state()
    response = as_("coordinator").post(
        "/api/v1/waves/",
        {"programme": "ekirjasto", "date": wave.date.isoformat(), "capacity_units": 1},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["date"]
    assert _state() == before


def test_a_wave_is_changed_but_never_below_what_it_holds(as_, vaasa, somero, wave):
    api = as_("coordinator")
    before = _state()
    response = api.patch(
        f"/api/v1/waves/{wave.pk}/",
        {"capacity_units": 1},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "already holds 2 units" in " ".join(response.json()["capacity_units"])
    assert _state() == before
    response = api.patch(
        f"/api/v1/waves/{wave.pk}/",
        {"capacity_units": 2, "capacity_residents": 1000},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["capacity_residents"]
    assert _state() == before
    new_day = ahead(50)
    response = api.patch(
        f"/api/v1/waves/{wave.pk}/",
        {"date": new_day.isoformat(), "notes": "Siirretty"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["date"] == new_day.isoformat()
    wave.refresh_from_db()
    assert (wave.date, wave.capacity_units, wave.notes) == (new_day, 5, "Siirretty")


def test_a_wave_with_units_is_not_deleted_an_empty_one_is(as_, vaasa, wave, coordinator):
    api = as_("coordinator")
    before = _state()
    response = api.delete(f"/api/v1/waves/{wave.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 409
    assert "move them to another wave first" in response.json()["detail"]
    assert _state() == before
    empty = wave_create(
        programme=wave.programme,
        day=ahead(70),
        capacity_units=1,
        capacity_residents=None,
        by=coordinator,
    )
    assert api.delete(f"/api/v1/waves/{empty.pk}/").status_code == 204
    assert not Wave.objects.filter(pk=empty.pk).exists()
    assert api.delete(f"/api/v1/waves/{empty.pk}/").status_code == 404


# --- the proposal and confirming it --------------------------------------------------------


def test_the_proposal_places_every_complete_unit_and_explains_every_other(as_, demo):
    before = _state()
    response = as_("coordinator").post(
        "/api/v1/schedule/proposal/",
        {"programme": "ekirjasto"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert _state() == before
    keys = [row["unit"] for part in ("placed", "unplaced", "kept") for row in body[part]]
    assert sorted(keys) == sorted(u.key for u in registry.connection_units())
    assert len(keys) == len(set(keys))
    # Pertunmaa's connection of 2024 is no unit of today's division: it is not proposed.
    with_connection = set(
        Connection.objects.filter(programme=demo).values_list("unit_key", flat=True)
    ) & set(keys)
    complete = {
        u.key for u in unit_completeness(demo) if u.complete and u.key not in with_connection
    }
    assert complete and {row["unit"] for row in body["placed"]} == complete
    assert {row["unit"] for row in body["kept"]} == with_connection
    waves = dict(Wave.objects.values_list("pk", "date"))
    for row in body["placed"]:
        assert row["wave_date"] == waves[row["wave"]].isoformat()
        assert row["residents"] > 0 and row["name"]
    [fredrika] = [row for row in body["unplaced"] if row["unit"] == "fredrika"]
    assert fredrika["reason"] == "incomplete"
    assert fredrika["blocking"] == completeness_of_unit(demo, "fredrika").blocking_names
    assert "Mustasaari" in fredrika["blocking"]
    assert "Not every member has signed" in fredrika["reason_text"]
    assert "Mustasaari" in fredrika["reason_text"]
    for row in body["unplaced"]:
        assert row["reason"] and row["reason_text"], row
    for row in body["kept"]:
        assert row["state"] == ConnectionStatus.LIVE and row["wave_date"]


def test_a_confirmed_proposal_shows_in_the_connections(as_, demo):
    api = as_("coordinator")
    proposal = api.post(
        "/api/v1/schedule/proposal/", {"programme": "ekirjasto"}, format="json"
    ).json()
    assignments = [{"unit": row["unit"], "wave": row["wave"]} for row in proposal["placed"]]
    response = api.post(
        "/api/v1/schedule/confirm/",
        {"programme": "ekirjasto", "assignments": assignments},
        format="json",
    )
    assert response.status_code == 200, response.content
    confirmed = {row["unit"]: row for row in response.json()}
    assert set(confirmed) == {a["unit"] for a in assignments}
    listed = {
        row["unit"]: row
        for row in api.get("/api/v1/connections/?programme=ekirjasto&page_size=1000").json()[
            "results"
        ]
    }
    for assignment in assignments:
        row = listed[assignment["unit"]]
        assert row["wave"] == assignment["wave"]
        assert row["state"] == "scheduled"
        assert row["go_live_on"] is None
        assert [item["done"] for item in row["checklist"]] == [False] * 4
        assert row == confirmed[assignment["unit"]]
    # Nothing is left to place now.
    again = api.post("/api/v1/schedule/proposal/", {"programme": "ekirjasto"}, format="json")
    assert again.json()["placed"] == []


def _awaiting(programme) -> list[str]:
    """The demo's complete units without a connection (two)."""
    keys = [row.key for row in schedule_proposal(programme).placed]
    assert len(keys) == 2
    return keys


def _demo_wave(demo) -> Wave:
    """The next demo wave, made to take one unit only."""
    wave = Wave.objects.filter(programme=demo, date__gte=registry.today()).order_by("date")[0]
    assert not wave.connections.exists()
    Wave.objects.filter(pk=wave.pk).update(capacity_units=1)
    wave.refresh_from_db()
    return wave


@pytest.mark.parametrize(
    "assignments, words",
    [
        (lambda w, past: [{"unit": "fredrika", "wave": w.pk}], "Mustasaari"),
        (
            lambda w, past: [{"unit": key, "wave": w.pk} for key in _awaiting(w.programme)],
            "would hold 2 units",
        ),
        (lambda w, past: [{"unit": "213", "wave": past.pk}], "is over"),
        (lambda w, past: [{"unit": "ei-ole", "wave": w.pk}], "ei-ole"),
        (lambda w, past: [{"unit": "213", "wave": 999999}], "999999"),
        (lambda w, past: [], "Nothing to confirm"),
    ],
)
def test_a_confirmation_that_cannot_be_done_is_refused_with_409(assignments, words, as_, demo):
    future = _demo_wave(demo)
    past = Wave.objects.filter(programme=demo, date__lt=registry.today()).first()
    before = _state()
    response = as_("coordinator").post(
        "/api/v1/schedule/confirm/",
        {"programme": "ekirjasto", "assignments": assignments(future, past)},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 409, response.content
    assert words in response.json()["detail"]
    assert _state() == before


@pytest.mark.parametrize(
    "data, field",
    [
        ({"assignments": []}, "programme"),
        ({"programme": "ei-ole", "assignments": []}, "programme"),
        ({"programme": "ekirjasto"}, "assignments"),
        ({"programme": "ekirjasto", "assignments": {"213": 1}}, "assignments"),
        ({"programme": "ekirjasto", "assignments": [{"unit": "213", "wave": "x"}]}, "assignments"),
        ({"programme": "ekirjasto", "assignments": [{"unit": "213", "wave": True}]}, "assignments"),
        (
            {"programme": "ekirjasto", "assignments": [{"unit": "213", "wave": 10**30}]},
            "assignments",
        ),
        ({"programme": "ekirjasto", "assignments": [{"wave": 1}]}, "assignments"),
        ({"programme": "ekirjasto", "assignments": ["213"]}, "assignments"),
        (
            {
                "programme": "ekirjasto",
                "assignments": [{"unit": "213", "wave": "WAVE"}, {"unit": "213", "wave": "WAVE"}],
            },
            "assignments",
        ),
    ],
)
def test_a_malformed_confirmation_is_refused_with_400(data, field, as_, demo):
    wave = _demo_wave(demo)
    for item in data.get("assignments") or []:
        if isinstance(item, dict) and item.get("wave") == "WAVE":
            item["wave"] = wave.pk
    before = _state()
    response = as_("coordinator").post("/api/v1/schedule/confirm/", data, format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body[field] and all(isinstance(m, str) and m for m in body[field])
    assert _state() == before


def test_a_duplicate_unit_is_named(as_, demo):
    wave = _demo_wave(demo)
    response = as_("coordinator").post(
        "/api/v1/schedule/confirm/",
        {
            "programme": "ekirjasto",
            "assignments": [{"unit": "213", "wave": wave.pk}, {"unit": "213", "wave": wave.pk}],
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json() == {
        "assignments": ["213 is assigned more than once: give each unit one wave."]
    }


def test_the_proposal_needs_a_programme(as_):
    response = as_("coordinator").post("/api/v1/schedule/proposal/", {}, format="json")
    assert response.status_code == 400
    assert response.json()["programme"]


# --- connections ---------------------------------------------------------------------------


def test_a_manager_sees_only_their_own_units_connection(as_, vaasa, somero):
    def units(who, path="/api/v1/connections/"):
        return sorted(row["unit"] for row in as_(who).get(path).json()["results"])

    assert units("coordinator") == ["761", "905"]
    assert units("finance") == ["761", "905"]
    assert units("manager") == ["905"]
    assert units("other_manager") == []
    assert units("coordinator", "/api/v1/connections/?state=in_progress") == []
    assert units("coordinator", "/api/v1/connections/?unit=761") == ["761"]
    assert as_("manager").get(f"/api/v1/connections/{somero.pk}/").status_code == 404
    response = as_("manager").get(f"/api/v1/connections/{vaasa.pk}/")
    assert response.status_code == 200
    row = response.json()
    assert row["unit"] == "905" and row["unit_name"] == "Vaasa"
    assert row["wave_date"] == vaasa.wave.date.isoformat()
    assert row["programme"] == "ekirjasto" and row["is_demo"] is False
    assert [item["key"] for item in row["checklist"]] == list(
        ChecklistItem.objects.filter(programme=vaasa.programme).values_list("key", flat=True)
    )


@pytest.mark.parametrize(
    "query, field",
    [("programme=ei-ole", "programme"), ("state=valmis", "state")],
)
def test_a_bad_connection_filter_is_answered_with_400(query, field, as_, vaasa):
    response = as_("coordinator").get(f"/api/v1/connections/?{query}")
    assert response.status_code == 400
    assert response.json()[field]


def test_waves_need_an_existing_programme(as_):
    for path in ("/api/v1/waves/", "/api/v1/waves/?programme=ei-ole"):
        response = as_("coordinator").get(path)
        assert response.status_code == 400
        assert response.json()["programme"]


def test_a_connection_goes_from_scheduled_to_live(as_, vaasa, programme):
    api = as_("coordinator")
    manager = as_("manager")
    url = f"/api/v1/connections/{vaasa.pk}"

    response = api.post(f"{url}/start/", format="json")
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "in_progress"

    keys = list(ChecklistItem.objects.filter(programme=programme).values_list("key", flat=True))
    # Connecting before the checklist is done is refused and names what is missing.
    response = api.post(f"{url}/connect/", format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 409
    assert "The checklist is not done" in response.json()["detail"]
    assert "Guidance material sent to the library" in response.json()["detail"]

    # The coordinator and the unit's own manager tick the items.
    for index, key in enumerate(keys):
        client = api if index % 2 else manager
        response = client.post(f"{url}/checklist/{key}/", {"done": True}, format="json")
        assert response.status_code == 200, response.content
    checklist = response.json()["checklist"]
    assert all(item["done"] and item["done_at"] for item in checklist)
    assert [item["label"] for item in checklist][0].startswith("Kirjasto")  # Finnish by default

    response = api.post(f"{url}/connect/", format="json")
    assert response.status_code == 200
    assert response.json()["state"] == "connected"

    # Not before the wave, and not a badly written date.
    before = _state()
    response = api.post(
        f"{url}/go_live/",
        {"on": (vaasa.wave.date - datetime.timedelta(days=1)).isoformat()},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 409
    assert "cannot go live before its wave" in response.json()["detail"]
    response = api.post(f"{url}/go_live/", {"on": "1.1.2030"}, format="json")
    assert response.status_code == 400
    assert response.json()["on"]
    assert _state() == before

    response = api.post(f"{url}/go_live/", {"on": vaasa.wave.date.isoformat()}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "live"
    assert response.json()["go_live_on"] == vaasa.wave.date.isoformat()
    assert Connection.objects.get(pk=vaasa.pk).status == ConnectionStatus.LIVE

    # A live connection's checklist is closed.
    response = manager.post(f"{url}/checklist/{keys[0]}/", {"done": False}, format="json")
    assert response.status_code == 409
    assert response.json()["detail"]


def test_a_transition_in_the_wrong_state_is_refused_in_english(as_, vaasa):
    before = _state()
    response = as_("coordinator").post(
        f"/api/v1/connections/{vaasa.pk}/connect/", format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 409
    assert response.json() == {
        "detail": "The connection of Vaasa is scheduled, so it cannot be marked connected: "
        "that is possible only when it is in progress."
    }
    assert _state() == before


def test_an_unknown_transition_or_connection_is_404(as_, vaasa):
    api = as_("coordinator")
    before = _state()
    response = api.post(f"/api/v1/connections/{vaasa.pk}/launch/", format="json")
    assert response.status_code == 404
    assert "launch" in response.json()["detail"]
    response = api.post("/api/v1/connections/999999/start/", format="json")
    assert response.status_code == 404
    assert response.json()["detail"]
    assert _state() == before


def test_a_unit_whose_agreement_is_not_in_force_cannot_go_live(as_, programme, coordinator, wave):
    """Signed but not countersigned: the unit is complete and can be connected, but it
    does not go live."""
    AgreementFactory(code="905", signed=True)
    [connection] = schedule_confirm(
        programme=programme, assignments={"905": wave.pk}, by=coordinator
    )
    api = as_("coordinator")
    url = f"/api/v1/connections/{connection.pk}"
    assert api.post(f"{url}/start/", format="json").status_code == 200
    for key in ChecklistItem.objects.filter(programme=programme).values_list("key", flat=True):
        api.post(f"{url}/checklist/{key}/", {"done": True}, format="json")
    assert api.post(f"{url}/connect/", format="json").status_code == 200
    before = _state()
    response = api.post(
        f"{url}/go_live/",
        {"on": wave.date.isoformat()},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 409
    assert "the agreements of Vaasa are not in force" in response.json()["detail"]
    assert _state() == before


@pytest.mark.parametrize(
    "who, expected", [("finance", 403), ("other_manager", 404), ("integration", 403)]
)
def test_only_coordinators_and_the_units_managers_tick(who, expected, as_, vaasa):
    before = _state()
    response = as_(who).post(
        f"/api/v1/connections/{vaasa.pk}/checklist/library_setup/", {"done": True}, format="json"
    )
    assert response.status_code == expected
    assert response.json()["detail"]
    assert _state() == before


@pytest.mark.parametrize(
    "key, data, field",
    [
        ("library_setup", {}, "done"),
        ("library_setup", {"done": "ehkä"}, "done"),
        ("library_setup", {"done": None}, "done"),
        ("ei-ole", {"done": True}, "item"),
    ],
)
def test_a_bad_tick_is_refused_with_400(key, data, field, as_, vaasa):
    before = _state()
    response = as_("manager").post(
        f"/api/v1/connections/{vaasa.pk}/checklist/{key}/", data, format="json"
    )
    assert response.status_code == 400
    assert response.json()[field]
    assert _state() == before


def test_a_tick_is_undone(as_, vaasa):
    api = as_("manager")
    url = f"/api/v1/connections/{vaasa.pk}/checklist/integration/"
    assert api.post(url, {"done": True}, format="json").status_code == 200
    assert ChecklistTick.objects.filter(connection=vaasa).count() == 1
    response = api.post(url, {"done": False}, format="json")
    assert response.status_code == 200
    assert not any(item["done"] for item in response.json()["checklist"])
    assert ChecklistTick.objects.filter(connection=vaasa).count() == 0
