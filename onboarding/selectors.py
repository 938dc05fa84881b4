"""Reads, scoped by user in this one place.

Every list, page, export and API endpoint asks these functions for its rows, so the access
rule (coordinators and finance see everything, a manager only their municipalities) and the
number of SQL queries are decided here and nowhere else.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from onboarding.models import (
    ApiToken,
    Consortium,
    ConsortiumMembership,
    Job,
    Municipality,
    Participant,
    ParticipantKind,
    PopulationFigure,
    Programme,
    Role,
    Stage,
)
from onboarding.regions import region_name


def today() -> datetime.date:
    """Today in Europe/Helsinki."""
    return timezone.localdate()


def valid_on_q(day: datetime.date, prefix: str = "") -> Q:
    """Rows whose [valid_from, valid_to] (both nullable = open) contains `day`."""
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": day})) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )


# --- municipalities ---------------------------------------------------------------------


def municipalities_for_user(user) -> QuerySet[Municipality]:
    """The municipalities `user` may see at all. The single access rule of the registry."""
    qs = Municipality.objects.all()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    if user.sees_all_municipalities:
        return qs
    if user.is_manager:
        return qs.filter(pk__in=user.municipalities.values("pk"))
    return qs.none()


def _current_membership(day: datetime.date):
    return ConsortiumMembership.objects.filter(
        valid_on_q(day), municipality=OuterRef("pk")
    ).order_by("-valid_from")


def with_population(
    qs: QuerySet,
    day: datetime.date,
    *,
    reference: datetime.date | None = None,
    ref: str = "pk",
    name: str = "population",
) -> QuerySet:
    """Annotate `name` and `name`_date: the population of each municipality (the row itself,
    or the one `ref` points at) *as the municipality exists on `day`*, from the newest
    figure dated on or before `reference` (default `day`). The one population rule (SPEC 3.1,
    3.6) of every list, total, fee and agreement:

    - a figure counted in the municipal division of `day`'s year is taken as it is;
    - otherwise the municipality's own newest figure, plus the figures at the same date of
      the municipalities merged into it before `day` that the figure's division did not yet
      include: Mäntyharju in 2025 = 5,532 + Pertunmaa's 1,525 = 7,057, Statistics Finland's
      31.12.2024 figure in the 2025 division;
    - a municipality that no longer exists on `day` has none (None): its residents are
      counted in the one it merged into, never twice.

    Subqueries only, so a list of any size costs the same queries."""
    reference = reference or day
    own = (
        PopulationFigure.objects.filter(
            municipality=OuterRef(ref), date__lte=reference, division__lte=day.year
        )
        .filter(Q(municipality__valid_to__isnull=True) | Q(municipality__valid_to__gte=day))
        .order_by("-date", "-division")
    )
    qs = qs.annotate(
        **{
            f"_{name}_own": Subquery(own.values("population")[:1], output_field=IntegerField()),
            f"{name}_date": Subquery(own.values("date")[:1]),
            f"_{name}_division": Subquery(own.values("division")[:1]),
        }
    )
    merged = (
        PopulationFigure.objects.filter(
            municipality__merged_into=OuterRef(ref),
            municipality__valid_to__lt=day,
            municipality__valid_to__year__gte=OuterRef(f"_{name}_division"),
            date=OuterRef(f"{name}_date"),
        )
        .values("municipality__merged_into")
        .annotate(total=Sum("population"))
        .values("total")[:1]
    )
    return qs.annotate(
        **{
            name: F(f"_{name}_own")
            + Coalesce(Subquery(merged, output_field=IntegerField()), Value(0))
        }
    )


def population_of(
    day: datetime.date, *, reference: datetime.date | None = None, codes=None
) -> dict[str, tuple[int | None, datetime.date | None]]:
    """code -> (population, its date) of every municipality valid on `day` (or of `codes`),
    by `with_population`'s rule. One query."""
    qs = (
        Municipality.objects.all()
        if codes is not None
        else Municipality.objects.filter(valid_on_q(day))
    )
    if codes is not None:
        qs = qs.filter(code__in=list(codes))
    rows = with_population(qs, day, reference=reference).values_list(
        "code", "population", "population_date"
    )
    return {code: (population, date) for code, population, date in rows}


def with_registry_data(qs: QuerySet[Municipality], on: datetime.date | None = None):
    """Annotate population (`with_population` on `on`), its date and the consortium of the
    day, with subqueries so a list costs the same queries at any size."""
    day = on or today()
    membership = _current_membership(day)
    return with_population(qs, day).annotate(
        consortium_name=Subquery(membership.values("consortium__name")[:1]),
        consortium_slug=Subquery(membership.values("consortium__slug")[:1]),
    )


def municipality_list(user, *, on: datetime.date | None = None) -> QuerySet[Municipality]:
    return with_registry_data(municipalities_for_user(user), on).order_by("name_fi")


def municipality_get(user, code: str) -> Municipality:
    """One municipality, or 404 whether it does not exist or is not the user's to see: the
    two look the same so that nobody learns what exists beyond their own."""
    municipality = municipality_list(user).filter(code=code).first()
    if municipality is None:
        raise Http404(_("No municipality with code %(code)s.") % {"code": code})
    return municipality


def population_history(municipality: Municipality) -> QuerySet[PopulationFigure]:
    return municipality.population_figures.order_by("-date")


def memberships_of(municipality: Municipality) -> QuerySet[ConsortiumMembership]:
    return municipality.memberships.select_related("consortium").order_by("-valid_from")


def regions() -> list[tuple[str, str]]:
    """(code, name in the current language) of every region that has a municipality."""
    rows = Municipality.objects.order_by("region_code").values_list("region_code", "region")
    return [(code, region_name(code, name)) for code, name in dict.fromkeys(rows)]


# --- consortia ---------------------------------------------------------------------------


def consortia_for_user(user, *, on: datetime.date | None = None) -> QuerySet[Consortium]:
    """All consortia for nationwide roles; a manager sees the consortia their
    municipalities belong to (the consortium's shared view)."""
    qs = Consortium.objects.all()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    if user.sees_all_municipalities:
        return qs
    if user.is_manager:
        day = on or today()
        member_of = ConsortiumMembership.objects.filter(
            valid_on_q(day), municipality__in=user.municipalities.values("pk")
        ).values("consortium")
        return qs.filter(pk__in=member_of)
    return qs.none()


@dataclass
class Member:
    code: str
    name_fi: str
    name_sv: str
    population: int | None
    population_date: datetime.date | None
    visible: bool  # whether the viewer may open this municipality's own page

    @property
    def name(self) -> str:
        return Municipality.name_for_language(self.name_fi, self.name_sv)


@dataclass
class ConsortiumSummary:
    consortium: Consortium
    members: list[Member] = field(default_factory=list)

    @property
    def population(self) -> int:
        return sum(m.population or 0 for m in self.members)

    @property
    def member_codes(self) -> list[str]:
        return [m.code for m in self.members]


def consortium_summaries(
    user, *, on: datetime.date | None = None, consortia: QuerySet[Consortium] | None = None
) -> list[ConsortiumSummary]:
    """Consortia with their members on `on` and the members' populations; two queries."""
    day = on or today()
    consortia = consortia if consortia is not None else consortia_for_user(user, on=day)
    summaries = {c.pk: ConsortiumSummary(c) for c in consortia.order_by("name")}
    visible = set(municipalities_for_user(user).values_list("pk", flat=True))
    rows = (
        with_population(
            ConsortiumMembership.objects.filter(valid_on_q(day), consortium__in=summaries.keys()),
            day,
            ref="municipality_id",
        )
        .values_list(
            "consortium_id",
            "municipality_id",
            "municipality__code",
            "municipality__name_fi",
            "municipality__name_sv",
            "population",
            "population_date",
        )
        .order_by("municipality__name_fi")
    )
    for consortium_id, pk, code, name_fi, name_sv, pop, pop_date in rows:
        summaries[consortium_id].members.append(
            Member(code, name_fi, name_sv, pop, pop_date, pk in visible)
        )
    return list(summaries.values())


def consortium_get(user, slug: str, *, on: datetime.date | None = None) -> ConsortiumSummary:
    qs = consortia_for_user(user, on=on).filter(slug=slug)
    found = consortium_summaries(user, on=on, consortia=qs)
    if not found:
        raise Http404(_("No consortium %(slug)s.") % {"slug": slug})
    return found[0]


# --- connection units --------------------------------------------------------------------


@dataclass(frozen=True)
class ConnectionUnit:
    """What is connected to the e-library in one go: a consortium, or a municipality with
    a library system of its own."""

    key: str  # consortium slug, or the municipality code
    name: str
    is_consortium: bool
    member_codes: tuple[str, ...]


def connection_units(*, on: datetime.date | None = None, programme=None) -> list[ConnectionUnit]:
    """Every consortium with members on `on`, and every municipality valid on `on` that is
    in none. Two queries. In a programme whose participants are library organisations each
    municipality is a unit of its own: no consortium waits for its members there."""
    day = on or today()
    if programme is not None and programme.participant_kind == ParticipantKind.LIBRARY:
        return [
            ConnectionUnit(code, Municipality.name_for_language(name_fi, name_sv), False, (code,))
            for code, name_fi, name_sv in Municipality.objects.filter(valid_on_q(day))
            .order_by("name_fi")
            .values_list("code", "name_fi", "name_sv")
        ]
    members = defaultdict(list)
    names = {}
    rows = (
        ConsortiumMembership.objects.filter(valid_on_q(day), valid_on_q(day, "municipality__"))
        .values_list("consortium__slug", "consortium__name", "municipality__code")
        .order_by("consortium__name", "municipality__code")
    )
    for slug, name, code in rows:
        members[slug].append(code)
        names[slug] = name
    in_consortium = {code for codes in members.values() for code in codes}
    units = [
        ConnectionUnit(slug, names[slug], True, tuple(codes)) for slug, codes in members.items()
    ]
    for code, name_fi, name_sv in (
        Municipality.objects.filter(valid_on_q(day))
        .order_by("name_fi")
        .values_list("code", "name_fi", "name_sv")
    ):
        if code not in in_consortium:
            name = Municipality.name_for_language(name_fi, name_sv)
            units.append(ConnectionUnit(code, name, False, (code,)))
    return units


# --- programmes --------------------------------------------------------------------------


def chosen_programme(programmes: list[Programme], wanted: str | None) -> Programme | None:
    """The programme whose slug is `wanted` (a page's ?programme=), by default the first."""
    return next((p for p in programmes if p.slug == wanted), programmes[0] if programmes else None)


def programme_from_request(
    request, *, stage: str | None = None
) -> tuple[list[Programme], Programme]:
    """The user's programmes by launch date (those with `stage`, for a page of that stage)
    and the one a page's ?programme= (or a form's field) chose, by default the first; 404
    while there is none."""
    programmes = [
        p for p in programmes_for_user(request.user) if stage is None or p.has_stage(stage)
    ]
    wanted = request.GET.get("programme") or request.POST.get("programme")
    programme = chosen_programme(programmes, wanted)
    if programme is None:
        raise Http404(_("No programmes yet."))
    return programmes, programme


def programmes_for_user(user) -> QuerySet[Programme]:
    """The programmes a signed-in person works in: all of them for the National Library's
    staff; for a manager those open to every municipality and those that selected one of
    theirs. (Every programme's public facts are on its public page.)"""
    if not getattr(user, "is_authenticated", False):
        return Programme.objects.none()
    programmes = Programme.objects.order_by("launch_date", "slug")
    if user.sees_all_municipalities:
        return programmes
    # A handful of programmes: their stages are read in Python (SQLite has no JSON contains).
    selecting = [p.pk for p in Programme.objects.only("stages") if p.has_stage(Stage.SELECTION)]
    taken = Participant.objects.selected().filter(municipality__in=user.municipalities.all())
    return programmes.filter(~Q(pk__in=selecting) | Q(pk__in=taken.values("programme")))


def programmes_of_municipality(municipality: Municipality) -> list[Programme]:
    """The programmes a municipality takes part in: those open to every municipality, and
    those that selected it."""
    chosen = set(
        Participant.objects.selected()
        .filter(municipality=municipality)
        .values_list("programme_id", flat=True)
    )
    return [
        p
        for p in Programme.objects.order_by("launch_date", "slug")
        if not p.has_stage(Stage.SELECTION) or p.pk in chosen
    ]


def programmes_with_consortia() -> list[Programme]:
    """The programmes whose municipalities connect in connection units (a consortium waits for
    its members): not those whose participants are library organisations on their own."""
    return [
        p
        for p in Programme.objects.order_by("launch_date", "slug")
        if p.participant_kind != ParticipantKind.LIBRARY
    ]


def taking_part(programme: Programme, municipalities: QuerySet[Municipality]):
    """The municipalities of `municipalities` that take part in `programme`: all of them, or
    for a programme that selects its participants, the selected ones."""
    if not programme.has_stage(Stage.SELECTION):
        return municipalities
    return municipalities.filter(
        pk__in=Participant.objects.selected().filter(programme=programme).values("municipality")
    )


# --- background jobs ---------------------------------------------------------------------


def jobs_for_user(user) -> QuerySet[Job]:
    """Coordinators see every job; anyone else the jobs they started."""
    if not getattr(user, "is_authenticated", False):
        return Job.objects.none()
    if user.is_coordinator:
        return Job.objects.all()
    return Job.objects.filter(created_by=user)


# --- API tokens --------------------------------------------------------------------------


def api_tokens_of(user) -> QuerySet[ApiToken]:
    """A person's own live tokens (expired ones too, marked as such): nobody else's."""
    if not getattr(user, "is_authenticated", False):
        return ApiToken.objects.none()
    return ApiToken.objects.live().filter(user=user).order_by("name", "-created_at")


def integration_tokens_for_user(user) -> QuerySet[ApiToken]:
    """The integrations' (machine users', e.g. the login service's) live tokens: for
    coordinators only; anyone else sees none."""
    if not getattr(user, "is_authenticated", False) or not user.is_coordinator:
        return ApiToken.objects.none()
    return (
        ApiToken.objects.live()
        .filter(user__role=Role.INTEGRATION)
        .select_related("user")
        .order_by("user__username", "name", "-created_at")
    )
