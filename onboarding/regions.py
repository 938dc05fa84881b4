"""The regions (maakunnat) by code, with their Finnish and Swedish names
(data/reference/regions.csv, from Statistics Finland's classification): a region is shown in
the language of the page, as a municipality's name is."""

import csv
import functools

from django.conf import settings
from django.utils import translation


@functools.cache
def _names() -> dict[str, tuple[str, str]]:
    path = settings.REFERENCE_DATA_DIR / "regions.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: (row["name_fi"], row["name_sv"]) for row in csv.DictReader(handle)}


def region_name(code: str, fallback: str = "") -> str:
    """The region's name in the current language (Swedish in Swedish, Finnish otherwise);
    `fallback` (the registry's Finnish name) for a code the classification does not have."""
    names = _names().get(code)
    if names is None:
        return fallback
    return names[1] if translation.get_language() == "sv" else names[0]


def region_code_of(text: str) -> str | None:
    """The code of the region named `text` in Finnish or Swedish (any case), or None."""
    wanted = text.strip().casefold()
    for code, names in _names().items():
        if wanted in (names[0].casefold(), names[1].casefold()):
            return code
    return None
