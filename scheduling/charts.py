"""The connection timeline as an SVG chart rendered on the server: no JavaScript, no CDN.

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

from django.db.models import Sum
from django.utils.formats import date_format, number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from onboarding import selectors as registry
from onboarding.models import Municipality
from scheduling import selectors
from scheduling.models import Connection, Wave

# Colours against white: bars and lines >= 3:1 (WCAG 1.4.11), text >= 4.5:1.
INK = "#1b1f23"
MUTED = "#4a5560"
GRID = "#c8cfd6"
BAR = "#1f6fb2"
LINE = "#1e6b34"
LAUNCH = "#a4161a"

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
    """Every wave with what it holds, and the cumulative coverage: a unit counts from its
    go-live date, or while not live yet from its wave's date. The denominator is the
    population of every municipality valid today."""
    day = today or registry.today()
    load = selectors.wave_load(programme)
    bars = [
        WaveBar(w.pk, w.date, *load.get(w.pk, (0, 0)))
        for w in selectors.waves_of(programme).only("pk", "date")
    ]
    total = (
        registry.with_registry_data(Municipality.objects.filter(registry.valid_on_q(day)), on=day)
        .aggregate(total=Sum("population"))
        .get("total")
        or 0
    )
    residents = {row.key: row.residents for row in selectors.unit_rows(programme, on=day)}
    counted: dict[datetime.date, list[int]] = {}
    for connection in Connection.objects.filter(programme=programme).select_related("wave"):
        since = connection.go_live_on or (connection.wave.date if connection.wave else None)
        if since is None:
            continue
        entry = counted.setdefault(since, [0, 0])
        entry[0] += 1
        entry[1] += residents.get(connection.unit_key, 0)
    points, units, people = [], 0, 0
    for since in sorted(counted):
        units += counted[since][0]
        people += counted[since][1]
        points.append(
            CoveragePoint(since, units, people, people / total if total else 0.0, since > day)
        )
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


# --- drawing -----------------------------------------------------------------------------


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


def _text(x, y, content, *, anchor="start", fill=INK, size=12, weight="normal", extra=""):
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}" '
        f'font-size="{size}" font-weight="{weight}"{extra}>{escape(content)}</text>'
    )


def _line(x1, y1, x2, y2, stroke, width=1.0, dash=""):
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{stroke}" '
        f'stroke-width="{width}"{dashed}/>'
    )


def timeline_svg(timeline: Timeline, *, title: str, description: str) -> SafeString:
    days = [b.date for b in timeline.bars] + [p.date for p in timeline.points]
    days += [timeline.launch_date, timeline.today]
    start = _month_start(min(days))
    end = _next_month(max(days))
    months = (end.year - start.year) * 12 + end.month - start.month
    plot_width = min(max(months * PX_PER_MONTH, MIN_WIDTH - LEFT - RIGHT), MAX_WIDTH)
    width = LEFT + plot_width + RIGHT
    span = (end - start).days

    def x_of(day: datetime.date) -> float:
        return LEFT + (day - start).days / span * plot_width

    bars_top, bars_bottom = TOP, TOP + PANEL_HEIGHT
    share_top = bars_bottom + PANEL_GAP
    share_bottom = share_top + PANEL_HEIGHT
    height = share_bottom + AXIS_HEIGHT
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline-chart" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="timeline-title timeline-desc" font-family="system-ui, sans-serif">',
        f'<title id="timeline-title">{escape(title)}</title>',
        f'<desc id="timeline-desc">{escape(description)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]

    # Upper panel: residents per wave, with the number of units on each bar.
    top_residents = max([b.residents for b in timeline.bars] + [1])
    step = _nice_step(top_residents)
    axis_top = -(-top_residents // step) * step

    def y_bar(value: int) -> float:
        return bars_bottom - value / axis_top * PANEL_HEIGHT

    out.append(_text(LEFT, 18, _("Residents per wave"), weight="bold", size=13))
    for tick in range(0, axis_top + 1, step):
        y = y_bar(tick)
        out.append(_line(LEFT, y, LEFT + plot_width, y, GRID))
        out.append(_text(LEFT - 6, y + 4, _number(tick), anchor="end", fill=MUTED, size=11))
    positions = sorted(x_of(b.date) for b in timeline.bars)
    gaps = [b - a for a, b in zip(positions, positions[1:], strict=False) if b > a]
    bar_width = max(4.0, min(18.0, (min(gaps) if gaps else 18.0) * 0.8))
    for bar in timeline.bars:
        x = x_of(bar.date)
        y = y_bar(bar.residents)
        planned = bar.date > timeline.today
        fill = "#ffffff" if planned else BAR
        tip = ngettext(
            "%(date)s: %(units)s unit, %(residents)s residents",
            "%(date)s: %(units)s units, %(residents)s residents",
            bar.units,
        ) % {
            "date": date_format(bar.date, "SHORT_DATE_FORMAT"),
            "units": bar.units,
            "residents": _number(bar.residents),
        }
        out.append(
            f'<g class="wave-bar"><title>{escape(tip)}</title>'
            f'<rect x="{x - bar_width / 2:.1f}" y="{min(y, bars_bottom - 2):.1f}" '
            f'width="{bar_width:.1f}" height="{max(bars_bottom - y, 2):.1f}" fill="{fill}" '
            f'stroke="{BAR}" stroke-width="1.5"/></g>'
        )
        if bar_width >= 10:
            out.append(
                _text(x, min(y, bars_bottom - 2) - 4, str(bar.units), anchor="middle", size=11)
            )
    out.append(_line(LEFT, bars_bottom, LEFT + plot_width, bars_bottom, INK))

    # Lower panel: the cumulative share of residents covered.
    def y_share(share: float) -> float:
        return share_bottom - share * PANEL_HEIGHT

    out.append(
        _text(
            LEFT,
            share_top - 12,
            _("Share of Finland's residents covered (cumulative)"),
            weight="bold",
            size=13,
        )
    )
    for tick in (0, 0.25, 0.5, 0.75, 1):
        y = y_share(tick)
        out.append(_line(LEFT, y, LEFT + plot_width, y, GRID))
        out.append(_text(LEFT + plot_width + 6, y + 4, percent(tick, 0), fill=MUTED, size=11))
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
        planned.append((LEFT + plot_width, planned[-1][1]))

    def polyline(points, dash=""):
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        return (
            f'<polyline class="coverage" points="{coords}" fill="none" stroke="{LINE}" '
            f'stroke-width="2.5"{dashed}/>'
        )

    out.append(polyline(actual))
    if planned:
        out.append(polyline(planned, "6 4"))
    if timeline.points:
        # The share reached, written at the end of the line.
        end_x, end_y = (planned or actual)[-1]
        out.append(
            _text(
                end_x - 4,
                end_y - 6,
                percent(timeline.points[-1].share),
                anchor="end",
                fill=LINE,
                weight="bold",
                extra=' class="coverage-final"',
            )
        )
    out.append(_line(LEFT, share_bottom, LEFT + plot_width, share_bottom, INK))

    # The time axis: a label every month, quarter, half-year or year, whatever fits.
    every = next(n for n in (1, 2, 3, 6, 12) if plot_width / months * n >= 44)
    month = start
    index = 0
    while month <= end:
        x = x_of(month)
        out.append(_line(x, share_bottom, x, share_bottom + 4, INK))
        if index % every == 0 and (every < 12 or month.month == 1 or index == 0):
            label = str(month.year) if every == 12 else f"{month.month}/{month.year}"
            out.append(_text(x, share_bottom + 18, label, anchor="middle", fill=MUTED, size=11))
        month = _next_month(month)
        index += 1
    out.append(_text(LEFT + plot_width / 2, height - 6, _("Date"), anchor="middle", fill=MUTED))

    # Markers across both panels: the launch, and today.
    for day, colour, label, row, dash in (
        (
            timeline.launch_date,
            LAUNCH,
            _("Launch %(date)s") % {"date": date_format(timeline.launch_date, "SHORT_DATE_FORMAT")},
            bars_top - 26,
            "5 3",
        ),
        (timeline.today, MUTED, _("Today"), bars_top - 10, "2 3"),
    ):
        x = x_of(day)
        near_right = x > LEFT + plot_width - 120
        css = "launch-marker" if colour == LAUNCH else "today-marker"
        out.append(
            f'<g class="{css}">'
            + _line(x, row + 4, x, share_bottom, colour, 2 if colour == LAUNCH else 1.5, dash)
            + _text(
                x + (-4 if near_right else 4),
                row,
                label,
                anchor="end" if near_right else "start",
                fill=colour,
                weight="bold",
                size=12,
            )
            + "</g>"
        )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped
