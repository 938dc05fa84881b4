"""A server-rendered SVG map of Finland's municipalities from the shipped GeoJSON.

No JavaScript and no tiles: each municipality is a link with a <title> (the tooltip), so the
map works with a keyboard and a screen reader, and the page also lists the same data as a
table. Projection: longitude scaled by cos(latitude) around 26 E; at this scale it looks like
the familiar ETRS-TM35FIN outline.
"""

import json
import math
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings

WIDTH = 420
CENTRAL_MERIDIAN = 26.0

# Distinguishable colours with dark borders; each passes 3:1 against white (WCAG 1.4.11).
PALETTE = [
    "#1f77b4",
    "#d95f02",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#c2188b",
    "#5f6b6d",
    "#7a8a00",
    "#007d8c",
    "#3949ab",
    "#b35900",
    "#00796b",
    "#ad1457",
    "#6d4c41",
    "#5e35b1",
    "#2e7d32",
    "#c62828",
    "#0277bd",
    "#827717",
    "#4e342e",
    "#6a1b9a",
    "#00838f",
    "#bf360c",
    "#283593",
    "#558b2f",
    "#880e4f",
    "#37474f",
    "#1565c0",
    "#9e6a00",
]
EMPTY = "#e3e6e8"

# The onboarding status of the coordinators' dashboard (portal.dashboard.OnboardingStatus),
# in order from nothing yet to live. Picked so that every pair stays apart (CIE76 distance
# over 18) also as people with protanopia, deuteranopia or tritanopia see them; each passes
# 3:1 against white. The legend and the table alternative name the status in words too.
ONBOARDING_STATUS_COLOURS = {
    "not_started": "#8a949c",
    "surveyed": "#b8860b",
    "sent": "#ad1457",
    "signed": "#5e35b1",
    "in_force": "#0072b2",
    "live": "#1b5e20",
}


@dataclass(frozen=True)
class Shape:
    code: str
    name_fi: str
    path: str


def _project(lon: float, lat: float) -> tuple[float, float]:
    return (lon - CENTRAL_MERIDIAN) * math.cos(math.radians(lat)), -lat


@lru_cache(maxsize=1)
def shapes() -> tuple[tuple[Shape, ...], str]:
    """Every municipality's SVG path and the viewBox, computed once per process."""
    path = settings.REFERENCE_DATA_DIR / "municipalities.geojson"
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    projected = []
    xs, ys = [], []
    for feature in features:
        geometry = feature["geometry"]
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        rings = []
        for polygon in polygons:
            for ring in polygon:
                points = [_project(lon, lat) for lon, lat in ring]
                xs.extend(p[0] for p in points)
                ys.extend(p[1] for p in points)
                rings.append(points)
        projected.append((feature["properties"], rings))
    min_x, max_x, min_y, max_y = min(xs), max(xs), min(ys), max(ys)
    scale = WIDTH / (max_x - min_x)
    height = (max_y - min_y) * scale
    result = []
    for properties, rings in projected:
        d = []
        for ring in rings:
            coords = " ".join(
                f"{(x - min_x) * scale:.1f},{(y - min_y) * scale:.1f}" for x, y in ring
            )
            d.append(f"M{coords}Z")
        result.append(Shape(properties["code"], properties["name_fi"], "".join(d)))
    return tuple(result), f"0 0 {WIDTH} {height:.0f}"


@dataclass
class MapArea:
    code: str
    path: str
    fill: str
    title: str = ""
    href: str = ""
    value: str = ""


@dataclass
class LegendItem:
    label: str
    colour: str
    count: int


def colour_map(values: dict[str, str], order: list[str] | None = None) -> dict[str, str]:
    """A colour for each distinct value, stable for a given ordering of the values."""
    distinct = order or sorted(set(values.values()))
    return {value: PALETTE[i % len(PALETTE)] for i, value in enumerate(distinct)}


def build(
    values: dict[str, str],
    names: dict[str, str],
    colours: dict[str, str],
    href,
    *,
    full_legend: bool = False,
):
    """Areas and legend for a map where municipality `code` has the value `values[code]`;
    municipalities without a value (not the viewer's) are grey outlines without data. The
    legend lists the values in the order of `colours`: those on the map, or with
    `full_legend` every one (a count of 0 says that none is in that state)."""
    from collections import Counter

    all_shapes, viewbox = shapes()
    areas = []
    for shape in all_shapes:
        value = values.get(shape.code)
        if value is None:
            areas.append(MapArea(shape.code, shape.path, EMPTY))
            continue
        areas.append(
            MapArea(
                shape.code,
                shape.path,
                colours[value],
                title=f"{names[shape.code]} ({shape.code}): {value}",
                href=href(shape.code),
                value=value,
            )
        )
    counts = Counter(values.values())
    legend = [
        LegendItem(v, colours[v], counts.get(v, 0)) for v in colours if full_legend or counts.get(v)
    ]
    return areas, viewbox, legend


def onboarding_status_map(statuses: dict[str, str], labels: dict[str, str], names, href):
    """The coordinators' dashboard map: `statuses` maps a municipality code to a key of
    ONBOARDING_STATUS_COLOURS, `labels` each key to its words; every status is in the
    legend, in order, even when no municipality has it."""
    colours = {labels[key]: colour for key, colour in ONBOARDING_STATUS_COLOURS.items()}
    values = {code: labels[key] for code, key in statuses.items()}
    return build(values, names, colours, href, full_legend=True)
