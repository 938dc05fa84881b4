"""The connection timeline as an SVG chart rendered on the server: no JavaScript, no CDN.
This module does the arithmetic (`timeline_chart` lays it out, numbers rounded and texts in
the active language); the template scheduling/timeline_chart.svg.html draws it.

Two panels share one time axis: above, a bar per wave (its residents; the number of units
written on it); below, the cumulative share of Finland's residents whose unit is live or
scheduled, a solid line up to today and a dashed one for what is planned. The programme's
launch is a labelled vertical line across both. The page also shows the same figures as
tables, the alternative for screen readers and for anyone who wants the numbers.

The width grows with the months shown (the page scrolls sideways), and the bars narrow when
waves are close, so that years of waves stay readable."""

import calendar as month_calendar
import datetime
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.formats import date_format, number_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from onboarding import selectors as registry
from scheduling import joined, selectors
from scheduling.models import Connection, Wave

LEFT, RIGHT, TOP = 78, 64, 72
PANEL_HEIGHT, PANEL_GAP, AXIS_HEIGHT = 150, 44, 40
PX_PER_MONTH = 30
MIN_WIDTH, MAX_WIDTH = 760, 4800


@dataclass(frozen=True)
class WaveBar:
    id: int
    date: datetime.date
    units: int
    residents: int


@dataclass(frozen=True)
class CoveragePoint:
    date: datetime.date
    units: int  # units counted by this date
    residents: int  # their residents
    share: float  # of Finland's residents, 0..1
    planned: bool  # after today: scheduled, not yet live


@dataclass
class Timeline:
    bars: list[WaveBar]
    points: list[CoveragePoint]
    total_residents: int
    launch_date: datetime.date
    today: datetime.date


def timeline_of(programme, *, today: datetime.date | None = None) -> Timeline:
    """Every wave with what it holds, and the coverage over time: up to today who was joined
    on each day a unit went live (scheduling.joined, as the login service answers), and
    ahead of today what the scheduled waves add to today's. The denominator is the residents
    of the municipalities that exist on each day (the same total in every division)."""
    day = today or registry.today()
    load = selectors.wave_load(programme)
    bars = [
        WaveBar(w.pk, w.date, *load.get(w.pk, (0, 0)))
        for w in selectors.waves_of(programme).only("pk", "date")
    ]
    residents = {row.key: row.residents for row in selectors.unit_rows(programme, on=day)}
    counted: dict[datetime.date, list[int]] = {}
    for connection in Connection.objects.filter(programme=programme).select_related("wave"):
        since = connection.go_live_on or (connection.wave.date if connection.wave else None)
        if since is None:
            continue
        entry = counted.setdefault(since, [0, 0])
        entry[0] += 1
        entry[1] += residents.get(connection.unit_key, 0)
    now = joined.coverage_on(day, programme=programme)
    total = now.total_residents
    points, units, planned_people = [], 0, now.residents
    for since in sorted(counted):
        units += counted[since][0]
        if since <= day:
            past = joined.coverage_on(since, programme=programme)
            people, share = past.residents, past.percent / 100
        else:
            planned_people += counted[since][1]
            people, share = planned_people, planned_people / total if total else 0.0
        points.append(CoveragePoint(since, units, people, share, since > day))
    return Timeline(bars, points, total, programme.launch_date, day)


# --- the calendar of waves ---------------------------------------------------------------


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    wave: Wave | None
    is_today: bool


@dataclass
class Month:
    first: datetime.date
    weeks: list[tuple[int, list[Day]]] = field(default_factory=list)  # (ISO week, days)


def month_grids(waves: list[Wave], today: datetime.date) -> list[Month]:
    """A month table for every month that has a wave, weeks from Monday as in Finland."""
    by_day = {wave.date: wave for wave in waves}
    grid = month_calendar.Calendar(firstweekday=0)
    months = []
    for year, month in sorted({(w.date.year, w.date.month) for w in waves}):
        item = Month(datetime.date(year, month, 1))
        for week in grid.monthdatescalendar(year, month):
            days = [Day(d, d.month == month, by_day.get(d), d == today) for d in week]
            item.weeks.append((week[0].isocalendar()[1], days))
        months.append(item)
    return months


# --- the chart's layout: templates/scheduling/timeline_chart.svg.html draws it -------------


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def _nice_step(top: int, steps: int = 4) -> int:
    raw = max(top / steps, 1)
    magnitude = 10 ** (len(str(int(raw))) - 1)
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return int(factor * magnitude)
    return int(10 * magnitude)


def _number(value: int) -> str:
    return number_format(value, force_grouping=True)


def percent(share: float, decimals: int = 1) -> str:
    return number_format(round(share * 100, decimals), decimals) + "\u00a0%"


def _px(value: float) -> float:
    """A coordinate as the SVG writes it, with one decimal."""
    return round(float(value), 1)


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    anchor: str = "start"  # SVG text-anchor: start, middle or end


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float


def _label(x: float, y: float, text: str, anchor: str = "start") -> Label:
    return Label(_px(x), _px(y), text, anchor)


def _line(x1: float, y1: float, x2: float, y2: float) -> Line:
    return Line(_px(x1), _px(y1), _px(x2), _px(y2))


@dataclass(frozen=True)
class Mark:
    """A line with its label: a grid line, a notch on the time axis, the launch or today."""

    line: Line
    label: Label | None


@dataclass(frozen=True)
class Panel:
    heading: Label
    ticks: list[Mark]
    baseline: Line


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    planned: bool  # a wave ahead: drawn hollow
    tip: str
    units: Label | None  # the number of units, above a bar wide enough for it


@dataclass(frozen=True)
class Chart:
    title: str
    description: str
    width: int
    height: int
    residents: Panel
    bars: list[Bar]
    share: Panel
    actual: list[tuple[float, float]]  # the coverage line up to today
    planned: list[tuple[float, float]]  # and on from today, dashed; empty if nothing ahead
    final: Label | None  # the share reached, at the end of the line
    months: list[Mark]
    axis_label: Label
    launch: Mark
    today: Mark


def timeline_chart(timeline: Timeline, *, title: str, description: str) -> Chart:
    """Where everything goes, and every text in the active language."""
    days = [b.date for b in timeline.bars] + [p.date for p in timeline.points]
    days += [timeline.launch_date, timeline.today]
    start = _month_start(min(days))
    end = _next_month(max(days))
    months = (end.year - start.year) * 12 + end.month - start.month
    plot_width = min(max(months * PX_PER_MONTH, MIN_WIDTH - LEFT - RIGHT), MAX_WIDTH)
    right = LEFT + plot_width
    span = (end - start).days

    def x_of(day: datetime.date) -> float:
        return LEFT + (day - start).days / span * plot_width

    bars_top, bars_bottom = TOP, TOP + PANEL_HEIGHT
    share_top = bars_bottom + PANEL_GAP
    share_bottom = share_top + PANEL_HEIGHT
    height = share_bottom + AXIS_HEIGHT

    # Upper panel: residents per wave, with the number of units on each bar.
    top_residents = max([b.residents for b in timeline.bars] + [1])
    step = _nice_step(top_residents)
    axis_top = -(-top_residents // step) * step

    def y_bar(value: int) -> float:
        return bars_bottom - value / axis_top * PANEL_HEIGHT

    residents = Panel(
        _label(LEFT, 18, _("Residents per wave")),
        [
            Mark(_line(LEFT, y, right, y), _label(LEFT - 6, y + 4, _number(tick), "end"))
            for tick in range(0, axis_top + 1, step)
            for y in [y_bar(tick)]
        ],
        _line(LEFT, bars_bottom, right, bars_bottom),
    )
    positions = sorted(x_of(b.date) for b in timeline.bars)
    gaps = [b - a for a, b in zip(positions, positions[1:], strict=False) if b > a]
    bar_width = max(4.0, min(18.0, (min(gaps) if gaps else 18.0) * 0.8))
    bars = []
    for bar in timeline.bars:
        x = x_of(bar.date)
        y = min(y_bar(bar.residents), bars_bottom - 2)
        tip = ngettext(
            "%(date)s: %(units)s unit, %(residents)s residents",
            "%(date)s: %(units)s units, %(residents)s residents",
            bar.units,
        ) % {
            "date": date_format(bar.date, "SHORT_DATE_FORMAT"),
            "units": bar.units,
            "residents": _number(bar.residents),
        }
        units = _label(x, y - 4, str(bar.units), "middle") if bar_width >= 10 else None
        bars.append(
            Bar(
                _px(x - bar_width / 2),
                _px(y),
                _px(bar_width),
                _px(bars_bottom - y),
                bar.date > timeline.today,
                tip,
                units,
            )
        )

    # Lower panel: the cumulative share of residents covered.
    def y_share(share: float) -> float:
        return share_bottom - share * PANEL_HEIGHT

    share = Panel(
        _label(LEFT, share_top - 12, _("Share of Finland's residents covered (cumulative)")),
        [
            Mark(_line(LEFT, y, right, y), _label(right + 6, y + 4, percent(tick, 0)))
            for tick in (0, 0.25, 0.5, 0.75, 1)
            for y in [y_share(tick)]
        ],
        _line(LEFT, share_bottom, right, share_bottom),
    )
    today_x = x_of(timeline.today)
    actual = [(LEFT, y_share(0))]
    planned = []
    share_now = 0.0
    for point in timeline.points:
        x = x_of(point.date)
        target = planned if point.planned else actual
        if point.planned and not planned:
            planned.append((today_x, y_share(share_now)))
        previous_y = target[-1][1]
        target += [(x, previous_y), (x, y_share(point.share))]
        if not point.planned:
            share_now = point.share
    actual.append((today_x, y_share(share_now)))
    if planned:
        planned.append((right, planned[-1][1]))
    final = None
    if timeline.points:
        end_x, end_y = (planned or actual)[-1]
        final = _label(end_x - 4, end_y - 6, percent(timeline.points[-1].share), "end")

    # The time axis: a label every month, quarter, half-year or year, whatever fits.
    every = next(n for n in (1, 2, 3, 6, 12) if plot_width / months * n >= 44)
    ticks = []
    month, index = start, 0
    while month <= end:
        x = x_of(month)
        label = None
        if index % every == 0 and (every < 12 or month.month == 1 or index == 0):
            text = str(month.year) if every == 12 else f"{month.month}/{month.year}"
            label = _label(x, share_bottom + 18, text, "middle")
        ticks.append(Mark(_line(x, share_bottom, x, share_bottom + 4), label))
        month, index = _next_month(month), index + 1

    # Markers across both panels: the launch, and today, labelled inwards near the right end.
    def marker(day: datetime.date, text: str, row: int) -> Mark:
        x = x_of(day)
        near_right = x > right - 120
        label = _label(x - 4, row, text, "end") if near_right else _label(x + 4, row, text)
        return Mark(_line(x, row + 4, x, share_bottom), label)

    launch = _("Launch %(date)s") % {"date": date_format(timeline.launch_date, "SHORT_DATE_FORMAT")}
    return Chart(
        title=title,
        description=description,
        width=right + RIGHT,
        height=height,
        residents=residents,
        bars=bars,
        share=share,
        actual=[(_px(x), _px(y)) for x, y in actual],
        planned=[(_px(x), _px(y)) for x, y in planned],
        final=final,
        months=ticks,
        axis_label=_label(LEFT + plot_width / 2, height - 6, _("Date"), "middle"),
        launch=marker(timeline.launch_date, launch, bars_top - 26),
        today=marker(timeline.today, _("Today"), bars_top - 10),
    )


CHART_TEMPLATE = "scheduling/timeline_chart.svg.html"


def timeline_svg(timeline: Timeline, *, title: str, description: str) -> SafeString:
    """The chart alone, drawn by the template that the timeline page includes."""
    chart = timeline_chart(timeline, title=title, description=description)
    return render_to_string(CHART_TEMPLATE, {"chart": chart})
