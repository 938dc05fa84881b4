"""The coordinators' dashboard: one programme's coverage figures, every municipality's
onboarding status for the map, and what needs action now.

Everything is read here, for nationwide roles only (the view checks), in a constant number
of SQL queries whatever the number of municipalities: the registry with populations (1),
the programme's agreements (1), the connection units and their signatures (4, through
`unit_completeness`), connections in waves (1), who is joined (2, through
`scheduling.joined`), answered pre-join surveys (1) and this week's waves (1)."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext, ngettext, pgettext_lazy

from contracts.models import SIGNABLE, SIGNED_OR_LATER, Agreement, AgreementStatus
from contracts.selectors import Completeness, unit_completeness
from onboarding import selectors as registry
from onboarding.models import Municipality
from scheduling import joined
from scheduling.models import Connection, Wave
from surveys.models import ANSWERED, QuestionnaireKind, Response

# An agreement sent this many days ago or more and still not signed needs a reminder; so does
# one still unsigned after the programme's signing deadline passed (if it was sent before).
OVERDUE_AFTER_DAYS = 30


class OnboardingStatus(models.TextChoices):
    """Where a municipality is on its way into the e-library, in one programme. Declined,
    withdrawn and ended agreements count as no agreement."""

    NOT_STARTED = "not_started", pgettext_lazy("onboarding status", "Not started")
    SURVEYED = "surveyed", pgettext_lazy("onboarding status", "Surveyed")
    SENT = "sent", pgettext_lazy("onboarding status", "Agreement sent")
    SIGNED = "signed", pgettext_lazy("onboarding status", "Signed")
    IN_FORCE = "in_force", pgettext_lazy("onboarding status", "In force")
    LIVE = "live", pgettext_lazy("onboarding status", "Live")


# The municipality has signed (the National Library may not have countersigned yet).
SIGNED_STATUSES = (OnboardingStatus.SIGNED, OnboardingStatus.IN_FORCE, OnboardingStatus.LIVE)


def status_of(
    agreement: Agreement | None, *, surveyed: bool, joined: bool, in_force: bool
) -> OnboardingStatus:
    """Live is joined (scheduling.joined, SPEC 3.9) within this programme; in force is the
    agreement in force today (`Agreement.objects.in_force_on`) while the unit is not live."""
    if joined:
        return OnboardingStatus.LIVE
    if in_force:
        return OnboardingStatus.IN_FORCE
    if agreement is not None and agreement.status in SIGNED_OR_LATER:
        return OnboardingStatus.SIGNED  # (countersigned to come into force on a later day)
    if agreement is not None and agreement.status in SIGNABLE:
        return OnboardingStatus.SENT
    return OnboardingStatus.SURVEYED if surveyed else OnboardingStatus.NOT_STARTED


@dataclass
class MunicipalityStatus:
    code: str
    name: str
    population: int
    status: OnboardingStatus
    unit_key: str


@dataclass
class Share:
    """Municipalities and their residents, out of all residents of Finland today."""

    count: int
    residents: int
    total_residents: int

    @property
    def percent(self) -> float:
        return 100 * self.residents / self.total_residents if self.total_residents else 0.0


@dataclass
class Countdown:
    date: datetime.date
    today: datetime.date

    @property
    def days(self) -> int:
        return (self.date - self.today).days

    @property
    def in_words(self) -> str:
        days = self.days
        if days == 0:
            return gettext("today")
        if days > 0:
            return ngettext("in %(count)d day", "in %(count)d days", days) % {"count": days}
        return ngettext("passed %(count)d day ago", "passed %(count)d days ago", -days) % {
            "count": -days
        }


@dataclass
class OverdueSignature:
    agreement_id: int
    code: str
    name: str
    sent_on: datetime.date
    days_waiting: int


@dataclass
class UnitMissingOne:
    """A consortium where every member but one has signed."""

    key: str
    name: str
    missing_code: str
    missing_name: str
    agreement_id: int | None


@dataclass
class WaveThisWeek:
    wave: Wave
    units: list[tuple[str, str]]  # (key, name)


@dataclass
class Dashboard:
    programme: object
    today: datetime.date
    municipalities: list[MunicipalityStatus]
    total_residents: int
    signed: Share
    joined: Share
    cohort: Share  # signed on or before the signing deadline (SPEC 3.4)
    complete_units: int
    unit_count: int
    deadline: Countdown
    launch: Countdown
    week_start: datetime.date
    week_end: datetime.date
    overdue: list[OverdueSignature] = field(default_factory=list)
    units_missing_one: list[UnitMissingOne] = field(default_factory=list)
    waves_this_week: list[WaveThisWeek] = field(default_factory=list)

    @property
    def municipality_count(self) -> int:
        return len(self.municipalities)

    @property
    def status_counts(self) -> list[tuple[OnboardingStatus, int]]:
        counts = Counter(m.status for m in self.municipalities)
        return [(status, counts.get(status, 0)) for status in OnboardingStatus]

    @property
    def needs_action(self) -> bool:
        return bool(self.overdue or self.units_missing_one or self.waves_this_week)


def _surveyed(programme, units: list[Completeness]) -> set[str]:
    """Municipality codes that answered the programme's pre-join survey, themselves or
    through their connection unit."""

    members = {unit.key: [code for code, _name in unit.members] for unit in units}
    codes = set()
    for key in Response.objects.filter(
        questionnaire__programme=programme,
        questionnaire__kind=QuestionnaireKind.PRE_JOIN,
        status__in=ANSWERED,
    ).values_list("respondent_key", flat=True):
        codes.update(members.get(key, [key]))
    return codes


def _is_overdue(agreement: Agreement, programme, day: datetime.date) -> bool:
    waiting = (day - agreement.sent_on).days
    deadline = programme.signing_deadline
    return waiting >= OVERDUE_AFTER_DAYS or agreement.sent_on <= deadline < day


def dashboard(programme, *, on: datetime.date | None = None) -> Dashboard:
    day = on or registry.today()
    registry_rows = list(
        registry.with_registry_data(Municipality.objects.filter(registry.valid_on_q(day)), on=day)
        .order_by("name_fi")
        .values_list("code", "name_fi", "name_sv", "population")
    )
    agreements = {
        a.municipality.code: a
        for a in Agreement.objects.filter(programme=programme)
        .select_related("municipality")
        .only(
            "pk",
            "status",
            "sent_on",
            "signed_on",
            "in_force_on",
            "end_date",
            "municipality__code",
        )
    }
    for agreement in agreements.values():
        agreement.programme = programme  # for Agreement.launch_cohort, without a query each
    units = unit_completeness(programme, on=day)
    unit_of = {code: unit for unit in units for code, _name in unit.members}
    connections = list(
        Connection.objects.filter(programme=programme, wave__isnull=False).values_list(
            "unit_key", "wave_id"
        )
    )
    joined_since = joined.joined_on(
        day, programme=programme, unit_of={code: u.key for code, u in unit_of.items()}
    )
    in_force = {code for code, a in agreements.items() if a.is_in_force_on(day)}
    surveyed = _surveyed(programme, units)

    statuses = []
    for code, name_fi, name_sv, population in registry_rows:
        unit = unit_of.get(code)
        key = unit.key if unit else code
        statuses.append(
            MunicipalityStatus(
                code=code,
                name=Municipality.name_for_language(name_fi, name_sv),
                population=population or 0,
                status=status_of(
                    agreements.get(code),
                    surveyed=code in surveyed,
                    joined=code in joined_since,
                    in_force=code in in_force,
                ),
                unit_key=key,
            )
        )
    total = sum(m.population for m in statuses)

    def share(rows) -> Share:
        rows = list(rows)
        return Share(len(rows), sum(m.population for m in rows), total)

    week_start = day - datetime.timedelta(days=day.weekday())
    week_end = week_start + datetime.timedelta(days=6)
    result = Dashboard(
        programme=programme,
        today=day,
        municipalities=statuses,
        total_residents=total,
        signed=share(m for m in statuses if m.status in SIGNED_STATUSES),
        joined=share(m for m in statuses if m.status == OnboardingStatus.LIVE),
        cohort=share(
            m for m in statuses if m.code in agreements and agreements[m.code].launch_cohort
        ),
        complete_units=sum(1 for unit in units if unit.complete),
        unit_count=len(units),
        deadline=Countdown(programme.signing_deadline, day),
        launch=Countdown(programme.launch_date, day),
        week_start=week_start,
        week_end=week_end,
    )

    names = {m.code: m.name for m in statuses}
    for code in names:
        agreement = agreements.get(code)
        if (
            agreement is not None
            and agreement.status == AgreementStatus.SENT
            and agreement.sent_on
            and _is_overdue(agreement, programme, day)
        ):
            result.overdue.append(
                OverdueSignature(
                    agreement.pk,
                    code,
                    names[code],
                    agreement.sent_on,
                    (day - agreement.sent_on).days,
                )
            )
    result.overdue.sort(key=lambda o: (-o.days_waiting, o.name))

    for unit in units:
        if unit.is_consortium and unit.member_count > 1 and len(unit.blocking) == 1:
            missing = unit.blocking[0]
            agreement = agreements.get(missing)
            result.units_missing_one.append(
                UnitMissingOne(
                    unit.key,
                    unit.name,
                    missing,
                    names.get(missing, unit.blocking_names[0]),
                    agreement.pk if agreement else None,
                )
            )

    unit_names = {unit.key: unit.name for unit in units}
    in_wave: dict[int, list[tuple[str, str]]] = {}
    for key, wave_id in connections:
        in_wave.setdefault(wave_id, []).append((key, unit_names.get(key, key)))
    for wave in Wave.objects.filter(programme=programme, date__range=(week_start, week_end)):
        result.waves_this_week.append(
            WaveThisWeek(wave, sorted(in_wave.get(wave.pk, []), key=lambda u: u[1]))
        )
    return result
