"""The cost analysis: cost per resident of each connection unit, the population-weighted
national average, median and quartiles. `analyse` is a pure function of its inputs."""

import datetime
import statistics
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import OuterRef, Subquery

from onboarding import selectors as registry
from onboarding.models import Consortium, Municipality, PopulationFigure
from surveys.models import ANSWERED, QuestionnaireKind, Response

SPEND_KEYS = ("ebooks_audiobooks", "emagazines", "music_film", "platform_fees")
CENT = Decimal("0.01")
PER_RESIDENT = Decimal("0.0001")


@dataclass(frozen=True)
class UnitPopulation:
    key: str
    name: str
    is_consortium: bool
    population: int
    member_codes: tuple[str, ...]
    missing_population: tuple[str, ...]
    municipality: Municipality | None = None
    consortium: Consortium | None = None


def unit_populations(*, on: datetime.date) -> list[UnitPopulation]:
    """Each connection unit on `on` with the summed population of its members (the newest
    figure dated on or before `on`). Three queries."""
    units = registry.connection_units(on=on)
    newest = PopulationFigure.objects.filter(municipality=OuterRef("pk"), date__lte=on).order_by(
        "-date"
    )
    populations = dict(
        Municipality.objects.annotate(p=Subquery(newest.values("population")[:1])).values_list(
            "code", "p"
        )
    )
    municipalities = {
        m.code: m
        for m in Municipality.objects.filter(code__in=[u.key for u in units if not u.is_consortium])
    }
    consortia = {c.slug: c for c in Consortium.objects.all()}
    result = []
    for unit in units:
        missing = tuple(c for c in unit.member_codes if populations.get(c) is None)
        result.append(
            UnitPopulation(
                key=unit.key,
                name=unit.name,
                is_consortium=unit.is_consortium,
                population=sum(populations.get(c) or 0 for c in unit.member_codes),
                member_codes=unit.member_codes,
                missing_population=missing,
                municipality=municipalities.get(unit.key),
                consortium=consortia.get(unit.key),
            )
        )
    return result


@dataclass(frozen=True)
class UnitCost:
    key: str
    name: str
    population: int
    cost: Decimal
    staff_cost: Decimal | None = None
    person_years: Decimal | None = None
    is_demo: bool = False

    @property
    def per_resident(self) -> Decimal:
        return (self.cost / self.population).quantize(PER_RESIDENT, rounding=ROUND_HALF_UP)


@dataclass
class Analysis:
    units: list[UnitCost]
    total_cost: Decimal = Decimal("0")
    total_population: int = 0
    weighted_average: Decimal | None = None
    median: Decimal | None = None
    quartiles: tuple[Decimal, Decimal, Decimal] | None = None
    histogram: list[tuple[Decimal, Decimal, int]] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    has_demo: bool = False


def analyse(units: list[UnitCost], *, bin_width: Decimal = Decimal("0.10")) -> Analysis:
    """Pure: per-resident costs, the weighted average (total cost / total population),
    the median and quartiles of the units' per-resident costs, and a histogram."""
    counted = [u for u in units if u.population > 0]
    analysis = Analysis(units=sorted(counted, key=lambda u: u.per_resident))
    analysis.excluded = [u.name for u in units if u.population <= 0]
    analysis.has_demo = any(u.is_demo for u in counted)
    if not counted:
        return analysis
    analysis.total_cost = sum((u.cost for u in counted), Decimal("0"))
    analysis.total_population = sum(u.population for u in counted)
    analysis.weighted_average = (analysis.total_cost / analysis.total_population).quantize(
        CENT, rounding=ROUND_HALF_UP
    )
    values = [u.per_resident for u in analysis.units]
    analysis.median = statistics.median(values).quantize(CENT, rounding=ROUND_HALF_UP)
    if len(values) >= 2:
        q1, q2, q3 = statistics.quantiles(values, n=4, method="inclusive")
        analysis.quartiles = tuple(q.quantize(CENT, rounding=ROUND_HALF_UP) for q in (q1, q2, q3))
    top = max(values)
    bins = int(top // bin_width) + 1
    counts = [0] * bins
    for value in values:
        counts[int(value // bin_width)] += 1
    analysis.histogram = [(bin_width * i, bin_width * (i + 1), n) for i, n in enumerate(counts)]
    return analysis


def _money(value) -> Decimal:
    return Decimal(str(value)) if value not in (None, "") else Decimal("0")


def cost_analysis(*, programme, on: datetime.date | None = None) -> Analysis:
    """The analysis of the programme's submitted and accepted cost answers, with the
    populations of the units' members on `on`."""
    day = on or registry.today()
    populations = {u.key: u for u in unit_populations(on=day)}
    responses = (
        Response.objects.filter(
            questionnaire__programme=programme,
            questionnaire__kind=QuestionnaireKind.COST,
            status__in=ANSWERED,
        )
        .select_related("municipality")
        .only(
            "respondent_key",
            "respondent_name",
            "answers",
            "is_demo",
            "municipality__name_fi",
            "municipality__name_sv",
        )
    )
    units = []
    for response in responses:
        unit = populations.get(response.respondent_key)
        answers = response.answers
        units.append(
            UnitCost(
                key=response.respondent_key,
                name=response.display_name,
                population=unit.population if unit else 0,
                cost=sum((_money(answers.get(k)) for k in SPEND_KEYS), Decimal("0")),
                staff_cost=_money(answers.get("staff_cost")) if answers.get("staff_cost") else None,
                person_years=_money(answers.get("staff_person_years"))
                if answers.get("staff_person_years")
                else None,
                is_demo=response.is_demo,
            )
        )
    return analyse(units)
