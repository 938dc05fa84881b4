"""iCalendar (RFC 5545) files of connection waves, written out by hand: a calendar of
all-day events needs a dozen properties, not a dependency.

The rules that matter to calendar programs: CRLF line endings, content lines folded at 75
octets (a fold never splits a UTF-8 character), TEXT values escaped, an all-day event as
DTSTART;VALUE=DATE with DTEND the next day, DTSTAMP in UTC and a UID that stays the same
every time the file is fetched, so a subscribed calendar updates its events instead of
duplicating them."""

import datetime
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

MAX_OCTETS = 75
CRLF = "\r\n"
PRODID = "-//National Library of Finland//E-library onboarding//EN"


def uid_host() -> str:
    """The domain part of every UID: the site's host, fixed per installation."""
    return urlsplit(settings.SITE_URL).hostname or "elibrary-onboarding.invalid"


@dataclass(frozen=True)
class Event:
    uid: str
    day: datetime.date
    summary: str
    description: str = ""
    url: str = ""


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newline escaped."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets, each continuation starting
    with one space (which counts towards its 75), never inside a multi-byte character."""
    pieces = []
    current, size, limit = [], 0, MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, MAX_OCTETS - 1
        current.append(char)
        size += width
    pieces.append("".join(current))
    return (CRLF + " ").join(pieces)


def _date(day: datetime.date) -> str:
    return day.strftime("%Y%m%d")


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(*, name: str, events: list[Event], stamp: datetime.datetime, prodid: str) -> bytes:
    """The VCALENDAR as UTF-8 bytes."""
    lines = [
        "BEGIN:VCALENDAR",
        f"PRODID:{prodid}",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{_utc(stamp)}",
            f"DTSTART;VALUE=DATE:{_date(event.day)}",
            f"DTEND;VALUE=DATE:{_date(event.day + datetime.timedelta(days=1))}",
            f"SUMMARY:{escape_text(event.summary)}",
        ]
        if event.description:
            lines.append(f"DESCRIPTION:{escape_text(event.description)}")
        if event.url:
            lines.append(f"URL:{event.url}")
        lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines).encode("utf-8")
