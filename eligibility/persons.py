"""The person rules of eligibility, for the login service: given what it read from the
population register about one person (home municipality or none, security prohibition, age,
whether the identification is the person's own or a guardian's on their behalf), may the
person use a programme's service on a day, and why, in Finnish, Swedish and English.

The rules are those of the National Library's letter to the municipalities, held as data on
the programme (`security_prohibition_allowed_from`, `guardian_required_under`,
`guardian_allowed_under`):

- the service is for residents of joined municipalities (joined: `scheduling.joined`, the
  same rule as every other answer);
- a person with no home municipality in Finland has no access;
- a person with a security prohibition has no access at first (handling their home
  municipality needs a special permit), until the programme admits them from a date;
- children under 13 use the service through a guardian's strong identification, and older
  children without an identification of their own may do so too.

Nothing about the person is stored or logged: only a count per programme, day and reason."""

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import translation
from django.utils.translation import gettext as _

from eligibility.models import ALLOWING, DecisionCount, Reason
from scheduling import joined

OWN, GUARDIAN = "own", "guardian"


@dataclass(frozen=True)
class Person:
    home_code: str | None
    security_prohibition: bool
    age: int
    identification: str  # OWN or GUARDIAN


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str
    messages: dict[str, str]  # language -> message


def _message(reason: str, programme) -> str:
    texts = {
        Reason.RESIDENT: _("Welcome: your home municipality has joined %(programme)s."),
        Reason.GUARDIAN: _(
            "Welcome: you use %(programme)s through your guardian's identification."
        ),
        Reason.NO_HOME_MUNICIPALITY: _(
            "%(programme)s is for residents of the municipalities that have joined it: a "
            "person without a home municipality in Finland cannot use it."
        ),
        Reason.SECURITY_PROHIBITION: _(
            "%(programme)s cannot be used yet by a person with a security prohibition: "
            "handling the home municipality needs a special permit. Ask your library."
        ),
        Reason.GUARDIAN_REQUIRED: _(
            "A child under %(age)s uses %(programme)s through a guardian's strong "
            "identification: ask your guardian to log in."
        ),
        Reason.GUARDIAN_NOT_ALLOWED: _(
            "From the age of %(adult)s a person logs in to %(programme)s with their own "
            "strong identification."
        ),
        Reason.NOT_JOINED: _(
            "Your home municipality has not joined %(programme)s. Ask your library when it joins."
        ),
    }
    return texts[reason] % {
        "programme": programme.name,
        "age": programme.guardian_required_under,
        "adult": programme.guardian_allowed_under,
    }


def reason_for(programme, person: Person, day: datetime.date) -> str:
    """The rule that decides, first match wins: the security prohibition before anything
    about the home municipality (which may not even be handled), then residence, then who
    identified, then whether the municipality has joined."""
    if person.security_prohibition and (
        programme.security_prohibition_allowed_from is None
        or day < programme.security_prohibition_allowed_from
    ):
        return Reason.SECURITY_PROHIBITION
    if not person.home_code:
        return Reason.NO_HOME_MUNICIPALITY
    if person.identification == OWN and person.age < programme.guardian_required_under:
        return Reason.GUARDIAN_REQUIRED
    if person.identification == GUARDIAN and person.age >= programme.guardian_allowed_under:
        return Reason.GUARDIAN_NOT_ALLOWED
    if person.home_code not in joined.joined_on(day, programme=programme):
        return Reason.NOT_JOINED
    return Reason.GUARDIAN if person.identification == GUARDIAN else Reason.RESIDENT


def decide(programme, person: Person, day: datetime.date) -> Decision:
    reason = reason_for(programme, person, day)
    messages = {}
    for language in ("fi", "sv", "en"):
        with translation.override(language):
            messages[language] = _message(reason, programme)
    _count(programme, day, reason)
    return Decision(reason in ALLOWING, str(reason), messages)


def _count(programme, day: datetime.date, reason: str) -> None:
    """One more answer for the day and reason (a single UPDATE; the first of the day
    creates the row, and a racing first one is counted by the UPDATE after all)."""
    counts = DecisionCount.objects.filter(programme=programme, day=day, reason=reason)
    if counts.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            DecisionCount.objects.create(programme=programme, day=day, reason=reason, count=1)
    except IntegrityError:
        counts.update(count=F("count") + 1)


def counts_by_day(programme, days: int, *, today: datetime.date) -> list[tuple]:
    """(day, [count of each Reason, in its order]) for the last `days` days, newest first,
    for the dashboard. One query."""
    since = today - datetime.timedelta(days=days - 1)
    found: dict[tuple, int] = {
        (day, reason): count
        for day, reason, count in DecisionCount.objects.filter(
            programme=programme, day__gte=since, day__lte=today
        ).values_list("day", "reason", "count")
    }
    rows = []
    for n in range(days):
        day = today - datetime.timedelta(days=n)
        rows.append((day, [found.get((day, reason), 0) for reason in Reason.values]))
    return rows
