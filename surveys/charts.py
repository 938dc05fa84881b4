"""A survey question's distribution as an SVG bar chart rendered on the server: no JavaScript,
no CDN (the pattern of scheduling.charts). This module lays the chart out, numbers rounded
and texts in the active language; templates/surveys/distribution_chart.svg.html draws it.

One horizontal bar per choice or point of a scale, its label above it (labels are sentences,
too long to stand beside a bar on a phone), its length the share of the question's
respondents who gave that answer, so that the bars of every question and region compare on
the same 0-100 % axis; the count and share are written at the end of the bar. The page shows
the same figures in a table, the alternative for screen readers."""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.safestring import SafeString

from surveys.results import QuestionResult

WIDTH = 640
LEFT, RIGHT = 16, 104  # the right margin holds the count and share after a full bar
TOP, ROW, BAR, AXIS = 8, 44, 16, 28
PLOT = WIDTH - LEFT - RIGHT


def percent(share: float) -> str:
    return number_format(round(share * 100)) + "\u00a0%"


def _px(value: float) -> float:
    return round(float(value), 1)


@dataclass(frozen=True)
class ChartBar:
    label: str
    label_x: float  # clear of the axis line the label stands over
    label_y: float
    x: float
    y: float
    length: float  # along the axis: the bar's width in SVG units
    height: float
    count: int
    figure: str  # "12 (24 %)" at the end of the bar
    figure_x: float
    figure_y: float


@dataclass(frozen=True)
class Tick:
    x: float
    text: str


@dataclass(frozen=True)
class DistributionChart:
    id: str
    title: str
    description: str
    width: int
    height: int
    bars: list[ChartBar]
    ticks: list[Tick]
    axis_top: float
    axis_bottom: float


def distribution_chart(
    result: QuestionResult, *, title: str, description: str
) -> DistributionChart:
    """Where every bar goes. `result` has figures (a suppressed result has no chart)."""
    bars = []
    for index, option in enumerate(result.options):
        top = TOP + index * ROW
        length = option.share * PLOT
        bar_y = top + 20
        bars.append(
            ChartBar(
                label=option.label,
                label_x=LEFT + 4,
                label_y=_px(top + 13),
                x=LEFT,
                y=_px(bar_y),
                length=_px(length),
                height=BAR,
                count=option.count,
                figure=f"{number_format(option.count)} ({percent(option.share)})",
                figure_x=_px(LEFT + length + 6),
                figure_y=_px(bar_y + BAR - 4),
            )
        )
    bottom = TOP + len(bars) * ROW + 4
    ticks = [Tick(_px(LEFT + PLOT * share), percent(share)) for share in (0, 0.25, 0.5, 0.75, 1)]
    return DistributionChart(
        id=f"chart-{result.question.key}",
        title=title,
        description=description,
        width=WIDTH,
        height=bottom + AXIS,
        bars=bars,
        ticks=ticks,
        axis_top=TOP,
        axis_bottom=bottom,
    )


CHART_TEMPLATE = "surveys/distribution_chart.svg.html"


def distribution_svg(result: QuestionResult, *, title: str, description: str) -> SafeString:
    chart = distribution_chart(result, title=title, description=description)
    return render_to_string(CHART_TEMPLATE, {"chart": chart})
