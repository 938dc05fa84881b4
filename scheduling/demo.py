"""Demo connections for `make run` (DEBUG only), labelled as demo data.

The launch cohort's complete units were connected in two waves in April 2024 and went live at
the launch 23.4.2024 (Helmet among them); the northern units in December 2024, live 1.1.2025;
the small late joiners live 1.6.2025. The real dates of 23.4.2024 and the turn of 2025 are in
data/reference/README.md section 3.7; the wave dates, capacities and the 1.6.2025 date are made
up. Units that signed in autumn 2026 are complete but not scheduled yet, and three waves ahead
of today are open for them: the scheduler's proposal places them. Fredrika, Åland and the
units not yet sent are incomplete and never scheduled."""

import datetime

from django.contrib.contenttypes.models import ContentType

from contracts.demo import agreement_demo_seed, demo_plan
from onboarding import selectors as registry
from onboarding.business_days import business_day_on_or_after
from onboarding.models import Municipality, TransitionLog
from onboarding.signals import joining_changed
from scheduling.models import ChecklistItem, ChecklistTick, Connection, ConnectionStatus, Wave

# group -> (wave dates, go-live date)
HISTORY = {
    # The service opened on 29.4.2024, a week after the planned 23.4.2024 (data README 3.1).
    "cohort": ((datetime.date(2024, 4, 8), datetime.date(2024, 4, 15)), datetime.date(2024, 4, 29)),
    "northern": ((datetime.date(2024, 12, 9),), datetime.date(2025, 1, 1)),
    "later": ((datetime.date(2025, 5, 19),), datetime.date(2025, 6, 1)),
}
FUTURE_WAVES = (14, 28, 42)  # days from today, moved to a business day
FUTURE_CAPACITY_UNITS = 2
FUTURE_CAPACITY_RESIDENTS = 100_000


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12, 0), tzinfo=datetime.UTC)


def connection_demo_seed(*, programme) -> None:
    if Connection.objects.filter(programme=programme).exists():
        return
    _municipalities, plan = demo_plan()
    populations = dict(
        registry.with_registry_data(Municipality.objects.all()).values_list("code", "population")
    )
    grouped: dict[str, list] = {group: [] for group in HISTORY}
    for unit in registry.connection_units(on=datetime.date(2024, 6, 1)):
        groups = {plan.get(code) for code in unit.member_codes}
        if len(groups) == 1 and (group := groups.pop()) in HISTORY:
            residents = sum(populations.get(c) or 0 for c in unit.member_codes)
            grouped[group].append((residents, unit.key))
    items = list(ChecklistItem.objects.filter(programme=programme))
    content_type = ContentType.objects.get_for_model(Connection)
    logs, ticks = [], []
    for group, (dates, go_live) in HISTORY.items():
        # Larger units in the first wave of the group, as the scheduler would.
        units = sorted(grouped[group], reverse=True)
        share = -(-len(units) // len(dates))
        for index, day in enumerate(dates):
            chunk = units[index * share : (index + 1) * share]
            if not chunk:
                continue
            wave = Wave.objects.create(
                programme=programme,
                date=day,
                capacity_units=len(chunk),
                capacity_residents=None,
                notes="Demo",
                is_demo=True,
            )
            for _residents, key in chunk:
                connection = Connection.objects.create(
                    programme=programme,
                    unit_key=key,
                    wave=wave,
                    status=ConnectionStatus.LIVE,
                    go_live_on=go_live,
                    is_demo=True,
                )
                steps = [
                    ("schedule", "", ConnectionStatus.SCHEDULED, day - datetime.timedelta(days=28)),
                    ("start", ConnectionStatus.SCHEDULED, ConnectionStatus.IN_PROGRESS, day),
                    (
                        "connect",
                        ConnectionStatus.IN_PROGRESS,
                        ConnectionStatus.CONNECTED,
                        day + datetime.timedelta(days=2),
                    ),
                    ("go_live", ConnectionStatus.CONNECTED, ConnectionStatus.LIVE, go_live),
                ]
                for transition, before, after, when in steps:
                    logs.append(
                        TransitionLog(
                            content_type=content_type,
                            object_id=connection.pk,
                            transition=transition,
                            from_state=before,
                            to_state=after,
                            at=_at(when),
                            reason="demo",
                        )
                    )
                ticks += [
                    ChecklistTick(
                        connection=connection,
                        item=item,
                        done_at=_at(day + datetime.timedelta(days=1)),
                    )
                    for item in items
                ]
    TransitionLog.objects.bulk_create(logs)
    ChecklistTick.objects.bulk_create(ticks)
    today = registry.today()
    for days in FUTURE_WAVES:
        Wave.objects.get_or_create(
            programme=programme,
            date=business_day_on_or_after(today + datetime.timedelta(days=days)),
            defaults={
                "capacity_units": FUTURE_CAPACITY_UNITS,
                "capacity_residents": FUTURE_CAPACITY_RESIDENTS,
                "notes": "Demo",
                "is_demo": True,
            },
        )
    joining_changed.send(sender=__name__)


# The connection checklist of E-kirjasto, written here from how the real service connects a
# unit (data/reference/README.md section 3.8: each consortium is one library holding its
# member municipality codes; a patron's home municipality comes from strong authentication).
EKIRJASTO_CHECKLIST = [
    (
        "library_setup",
        "Kirjasto ja jäsenkuntien koodit määritetty E-kirjastoon",
        "Biblioteket och medlemskommunernas koder inlagda i E-biblioteket",
        "Library and its member municipality codes set up in E-kirjasto",
    ),
    (
        "integration",
        "Kirjastojärjestelmän integraatio määritetty",
        "Biblioteksystemets integration konfigurerad",
        "Library system integration configured",
    ),
    (
        "test_logins",
        "Testikirjautumiset (vahva tunnistautuminen, kotikunta) onnistuneet",
        "Testinloggningar (stark autentisering, hemkommun) lyckades",
        "Test logins passed (strong authentication, home municipality)",
    ),
    (
        "guidance",
        "Ohjemateriaali lähetetty kirjastolle",
        "Handledningsmaterial skickat till biblioteket",
        "Guidance material sent to the library",
    ),
]


def checklist_seed(programme) -> None:
    """The programme's connection checklist (idempotent)."""
    for position, (key, fi, sv, en) in enumerate(EKIRJASTO_CHECKLIST):
        ChecklistItem.objects.update_or_create(
            programme=programme,
            key=key,
            defaults={"position": position, "label_fi": fi, "label_sv": sv, "label_en": en},
        )


def history_seed(*, programme) -> list[str]:
    """The demo's onboarding history: the agreements, then the connections of the units whose
    members signed (both idempotent)."""
    done = agreement_demo_seed(programme=programme)
    connection_demo_seed(programme=programme)
    return done
