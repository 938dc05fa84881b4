"""Reads for connection scheduling, scoped by user in one place: units with their residents,
signing state, desired month and connection; waves with what they hold; the proposal."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from contracts.selectors import unit_completeness
from onboarding import selectors as registry
from onboarding.models import Municipality, Participant
from onboarding.permissions import available_transitions, is_coordinator
from scheduling import scheduler
from scheduling.models import TICKABLE, AccessTick, ChecklistItem, Connection, Terminal, Wave
from surveys.models import ANSWERED, QuestionnaireKind, Response


def desired_months(programme) -> dict[str, datetime.date]:
    """Connection unit key -> the first day of the latest month that the unit or any of its
    members asked for in an answered pre-join survey ("later", with a month). A unit that
    answered "at the launch" (or did not answer) is absent. Two queries."""

    unit_of = {code: unit.key for unit in registry.connection_units() for code in unit.member_codes}
    wanted: dict[str, datetime.date] = {}
    for key, answers in Response.objects.filter(
        questionnaire__programme=programme,
        questionnaire__kind=QuestionnaireKind.PRE_JOIN,
        status__in=ANSWERED,
    ).values_list("respondent_key", "answers"):
        if (answers or {}).get("schedule") != "later" or not answers.get("start_month"):
            continue
        try:
            month = datetime.date.fromisoformat(str(answers["start_month"])).replace(day=1)
        except ValueError:
            continue
        unit = unit_of.get(key, key)
        wanted[unit] = max(month, wanted.get(unit, month))
    return wanted


@dataclass
class UnitRow:
    """A connection unit as the scheduling pages show it."""

    key: str
    name: str
    is_consortium: bool
    members: list[tuple[str, str]]
    residents: int
    complete: bool
    launch_cohort: bool
    blocking_names: list[str]
    desired_month: datetime.date | None
    connection: Connection | None = None
    proposed_wave: Wave | None = None
    reason: str = ""

    @property
    def member_codes(self) -> list[str]:
        return [code for code, _name in self.members]


def unit_rows(programme, *, on: datetime.date | None = None) -> list[UnitRow]:
    """Every connection unit with what the scheduler needs. A constant number of queries."""
    day = on or registry.today()
    residents = dict(
        registry.with_registry_data(
            Municipality.objects.filter(registry.valid_on_q(day)), on=day
        ).values_list("code", "population")
    )
    connections = {
        c.unit_key: c for c in Connection.objects.filter(programme=programme).select_related("wave")
    }
    wanted = desired_months(programme)
    rows = []
    for unit in unit_completeness(programme, on=day):
        rows.append(
            UnitRow(
                key=unit.key,
                name=unit.name,
                is_consortium=unit.is_consortium,
                members=unit.members,
                residents=sum(residents.get(code) or 0 for code, _n in unit.members),
                complete=unit.complete,
                launch_cohort=unit.launch_cohort,
                blocking_names=unit.blocking_names,
                desired_month=wanted.get(unit.key),
                connection=connections.get(unit.key),
            )
        )
    return rows


def waves_of(programme) -> QuerySet[Wave]:
    return (
        Wave.objects.filter(programme=programme)
        .annotate(unit_count=Count("connections"))
        .order_by("date", "pk")
    )


def wave_load(programme, rows: list[UnitRow] | None = None) -> dict[int, tuple[int, int]]:
    """Wave id -> (units, residents) it holds now: every connection counts, also one of a
    unit merged away since (with no residents today)."""
    rows = {r.key: r for r in (rows if rows is not None else unit_rows(programme))}
    load: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for connection in Connection.objects.filter(programme=programme, wave__isnull=False):
        load[connection.wave_id][0] += 1
        row = rows.get(connection.unit_key)
        load[connection.wave_id][1] += row.residents if row else 0
    return {k: (v[0], v[1]) for k, v in load.items()}


@dataclass
class ProposalView:
    programme: object
    rows: list[UnitRow]
    waves: list[Wave]
    proposal: scheduler.Proposal
    placed: list[UnitRow] = field(default_factory=list)
    unplaced: list[UnitRow] = field(default_factory=list)
    kept: list[UnitRow] = field(default_factory=list)


def schedule_proposal(programme, *, today: datetime.date | None = None) -> ProposalView:
    """The scheduler's proposal over every unit and every wave from today on."""
    day = today or registry.today()
    rows = unit_rows(programme, on=day)
    by_key = {r.key: r for r in rows}
    waves = list(Wave.objects.filter(programme=programme, date__gte=day).order_by("date", "pk"))
    load = defaultdict(lambda: (0, 0), wave_load(programme, rows))
    proposal = scheduler.propose(
        [
            scheduler.UnitInput(
                key=r.key,
                name=r.name,
                residents=r.residents,
                complete=r.complete,
                launch_cohort=r.launch_cohort,
                blocking=tuple(r.blocking_names),
                desired_month=r.desired_month,
                connection_state=r.connection.status if r.connection else None,
            )
            for r in rows
        ],
        [
            scheduler.WaveInput(
                w.pk,
                w.date,
                w.capacity_units,
                w.capacity_residents,
                load[w.pk][0],
                load[w.pk][1],
            )
            for w in waves
        ],
        launch_date=programme.launch_date,
        today=day,
    )
    view = ProposalView(programme, rows, waves, proposal)
    wave_by_id = {w.pk: w for w in waves}
    for placement in proposal.placements:
        row = by_key[placement.unit_key]
        row.proposed_wave = wave_by_id[placement.wave_id]
        view.placed.append(row)
    for item in proposal.unplaced:
        row = by_key[item.unit_key]
        row.reason = item.reason
        (view.kept if item.reason == scheduler.Reason.HAS_CONNECTION else view.unplaced).append(row)
    return view


def reason_text(row: UnitRow, programme) -> str:
    """Why the scheduler left a unit out, in words (the proposal page and the API)."""
    if row.reason == scheduler.Reason.INCOMPLETE and not row.is_consortium:
        return _("%(name)s has not signed the agreement yet.") % {"name": row.name}
    if row.reason == scheduler.Reason.INCOMPLETE:
        return _("Not every member has signed: waiting for %(names)s.") % {
            "names": ", ".join(row.blocking_names)
        }
    if row.reason == scheduler.Reason.ASKED_LATER:
        return _("Asked to be connected from %(month)s on, and no wave is planned from then.") % {
            "month": date_format(row.desired_month, "F Y")
        }
    if row.reason == scheduler.Reason.NO_WAVE_BEFORE_LAUNCH:
        return _(
            "In the launch cohort, but no wave before the launch on %(date)s has room for it."
        ) % {"date": date_format(programme.launch_date, "SHORT_DATE_FORMAT")}
    if row.reason == scheduler.Reason.NO_CAPACITY:
        return _("No wave ahead has room for it: add a wave or raise a capacity.")
    return ""


# --- scoped reads ------------------------------------------------------------------------


def connections_for_user(user) -> QuerySet[Connection]:
    """Coordinators and finance see every connection; a manager those of the units that
    hold one of their municipalities (today's division)."""
    qs = Connection.objects.select_related("programme", "wave").prefetch_related(Prefetch("ticks"))
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.sees_all_municipalities:
        return qs
    if user.is_manager:
        return qs.filter(unit_key__in=unit_keys_for_user(user))
    return qs.none()


def unit_keys_for_user(user) -> set[str]:
    if user.sees_all_municipalities:
        return {u.key for u in registry.connection_units()}
    codes = set(registry.municipalities_for_user(user).values_list("code", flat=True))
    return {u.key for u in registry.connection_units() if codes & set(u.member_codes)}


def unit_get(user, key: str) -> registry.ConnectionUnit:
    """A connection unit the user may see, or 404."""
    if key in unit_keys_for_user(user):
        for unit in registry.connection_units():
            if unit.key == key:
                return unit
    raise Http404(_("No connection unit %(key)s.") % {"key": key})


def waves_for_user(user, programme) -> QuerySet[Wave]:
    """Wave dates and capacities are the service's public plan; the units in them are
    scoped by `connections_for_user`."""
    if not getattr(user, "is_authenticated", False):
        return Wave.objects.none()
    return waves_of(programme)


def may_tick(user, connection: Connection) -> bool:
    """Coordinators, and the managers of the unit's municipalities, tick its checklist."""
    return is_coordinator(user) or (
        getattr(user, "is_manager", False) and connection.unit_key in unit_keys_for_user(user)
    )


def connection_actions(user, connection: Connection | None) -> frozenset[str]:
    """What `user` may do with a unit's connection now: its next state (django-fsm: allowed
    from its state and by the user's role) and "tick" (the checklist, while it may change).
    The unit's page, its template and the API offer exactly these."""
    if connection is None:
        return frozenset()
    actions = set(available_transitions(connection, user)) - {"reschedule"}
    if connection.status in TICKABLE and may_tick(user, connection):
        actions.add("tick")
    return frozenset(actions)


# --- a selecting programme's participants ----------------------------------------------------


def participants_for_user(user, programme):
    """The programme's participants that `user` may see: all for the National Library's
    staff, a manager's own municipalities' otherwise."""
    municipalities = registry.municipalities_for_user(user)
    return (
        Participant.objects.filter(programme=programme, municipality__in=municipalities)
        .select_related("municipality", "decision")
        .order_by("-selected", "municipality__name_fi")
    )


def terminal_counts(programme) -> dict[int, int]:
    """Participant id -> its customer terminals, for every participant of `programme`. One
    query."""
    return dict(
        Terminal.objects.filter(location__participant__programme=programme)
        .values("location__participant")
        .annotate(count=Count("pk"))
        .values_list("location__participant", "count")
    )


def access_checklist(participant: Participant) -> list[tuple[ChecklistItem, AccessTick | None]]:
    """The programme's checklist for opening a participant's access, each step with its tick
    (None: not done), in the checklist's order. Two queries."""
    ticks = {t.item_id: t for t in AccessTick.objects.filter(participant=participant)}
    return [
        (item, ticks.get(item.pk))
        for item in ChecklistItem.objects.filter(programme=participant.programme_id)
    ]
