"""The results of a questionnaire, question by question: how many answered each choice or each
point of a scale, the share of those who answered the question, and a scale's mean.

`tally` is a pure function of a question and the answers given to it. Who may see which
figures (the small-group rule) is decided by surveys.selectors.survey_results, the one
function that the results page, its export and any API read."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from surveys.answers import is_empty
from surveys.models import Question, QuestionType

CHARTED = (QuestionType.SCALE, QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.YES_NO)
MEAN = Decimal("0.1")


@dataclass(frozen=True)
class Option:
    """One bar: a choice, a point of a scale, yes or no."""

    value: str
    label: str
    count: int
    share: float  # of the question's respondents, 0..1 (multiple choice may sum past 1)


@dataclass
class QuestionResult:
    question: Question
    respondents: int  # who answered this question in the group
    options: list[Option] = field(default_factory=list)
    mean: Decimal | None = None  # a scale's, to one decimal
    texts: list[tuple[str, str]] = field(default_factory=list)  # (respondent, text): free text
    suppressed: bool = False  # too few respondents for this reader: no figures at all

    @property
    def is_charted(self) -> bool:
        return self.question.type in CHARTED

    @property
    def is_text(self) -> bool:
        return self.question.type == QuestionType.TEXT


def _options(question: Question) -> list[tuple[str, str]]:
    """(value as stored, label) of every bar the question has, in the questionnaire's order."""
    if question.type == QuestionType.SCALE:
        return [
            (str(point), f"{point} – {end}" if end else str(point))
            for point, end in question.scale_points()
        ]
    if question.type == QuestionType.YES_NO:
        return [("yes", _("Yes")), ("no", _("No"))]
    return [(c.value, c.label) for c in question.choices.all()]


def tally(question: Question, answers: list) -> QuestionResult:
    """The figures of `question` from the answers given to it (one value per respondent,
    empty ones left out). Values that are not among the options are not counted as a bar
    but the respondent still is."""
    given = [a for a in answers if not is_empty(a)]
    result = QuestionResult(question=question, respondents=len(given))
    if question.type not in CHARTED:
        return result
    counts: dict[str, int] = {}
    for value in given:
        for one in value if isinstance(value, list) else [value]:
            counts[str(one)] = counts.get(str(one), 0) + 1
    total = len(given)
    result.options = [
        Option(value, label, counts.get(value, 0), counts.get(value, 0) / total if total else 0.0)
        for value, label in _options(question)
    ]
    if question.type == QuestionType.SCALE and total:
        points = [int(v) for v in given if isinstance(v, int) or str(v).isdigit()]
        if points:
            result.mean = (Decimal(sum(points)) / len(points)).quantize(
                MEAN, rounding=ROUND_HALF_UP
            )
    return result
