"""Questionnaires (versioned, immutable once published), their questions and the responses."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import FSMField, transition

from onboarding.permissions import coordinator_only


def _localized(obj, field: str) -> str:
    language = (translation.get_language() or "fi")[:2]
    return getattr(obj, f"{field}_{language}", "") or getattr(obj, f"{field}_fi", "")


class QuestionnaireKind(models.TextChoices):
    PRE_JOIN = "pre_join", pgettext_lazy("questionnaire kind", "Pre-join survey")
    COST = "cost", pgettext_lazy("questionnaire kind", "Cost survey")
    OTHER = "other", pgettext_lazy("questionnaire kind", "Other")


# The kinds whose results are charted on the results page: the pre-join and cost surveys have
# their own overview and cost analysis, and their free texts are contact details.
WITH_RESULTS = (QuestionnaireKind.OTHER,)


class QuestionnaireStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("questionnaire status", "Draft")
    PUBLISHED = "published", pgettext_lazy("questionnaire status", "Published")
    CLOSED = "closed", pgettext_lazy("questionnaire status", "Closed")


class Respondent(models.TextChoices):
    MUNICIPALITY = "municipality", pgettext_lazy("respondent", "Each municipality")
    UNIT = "unit", pgettext_lazy("respondent", "Each connection unit for its members")
    PARTICIPANT = (
        "participant",
        pgettext_lazy("respondent", "Each selected participant of the programme"),
    )


class Questionnaire(models.Model):
    """One version of a questionnaire. Versions of the same questionnaire share programme and
    slug; a published version never changes, editing makes a new draft version."""

    programme = models.ForeignKey(
        "onboarding.Programme",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="questionnaires",
    )
    slug = models.SlugField(_("slug"), max_length=50)
    version = models.PositiveIntegerField(_("version"), default=1)
    kind = models.CharField(_("kind"), max_length=20, choices=QuestionnaireKind.choices)
    respondent = models.CharField(
        _("answered by"),
        max_length=20,
        choices=Respondent.choices,
        default=Respondent.MUNICIPALITY,
    )
    status = FSMField(
        _("status"),
        default=QuestionnaireStatus.DRAFT,
        choices=QuestionnaireStatus.choices,
        protected=True,
    )
    title_fi = models.CharField(_("title in Finnish"), max_length=200)
    title_sv = models.CharField(_("title in Swedish"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200)
    intro_fi = models.TextField(_("introduction in Finnish"), blank=True)
    intro_sv = models.TextField(_("introduction in Swedish"), blank=True)
    intro_en = models.TextField(_("introduction in English"), blank=True)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["programme", "slug", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "slug", "version"], name="unique_questionnaire_version"
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="closes_after_opening"
            ),
        ]

    def __str__(self):
        return f"{self.title} v{self.version}"

    @property
    def is_draft(self) -> bool:
        return self.status == QuestionnaireStatus.DRAFT

    @property
    def is_published(self) -> bool:
        return self.status == QuestionnaireStatus.PUBLISHED

    @property
    def has_results(self) -> bool:
        return self.kind in WITH_RESULTS

    @property
    def title(self) -> str:
        return _localized(self, "title")

    @property
    def intro(self) -> str:
        return _localized(self, "intro")

    @property
    def series(self) -> str:
        """What all versions share; a respondent has one response per series."""
        return f"{self.programme_id}:{self.slug}"

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.status == QuestionnaireStatus.PUBLISHED and self.opens_at <= now < self.closes_at
        )

    @transition(status, source=QuestionnaireStatus.DRAFT, target=QuestionnaireStatus.PUBLISHED)
    def publish(self):
        self.published_at = timezone.now()

    @transition(status, source=QuestionnaireStatus.PUBLISHED, target=QuestionnaireStatus.CLOSED)
    def close(self):
        pass


class QuestionType(models.TextChoices):
    TEXT = "text", pgettext_lazy("question type", "Text")
    NUMBER = "number", pgettext_lazy("question type", "Number")
    MONEY = "money", pgettext_lazy("question type", "Money (EUR)")
    DATE = "date", pgettext_lazy("question type", "Date")
    YES_NO = "yes_no", pgettext_lazy("question type", "Yes or no")
    SINGLE = "single", pgettext_lazy("question type", "Single choice")
    MULTIPLE = "multiple", pgettext_lazy("question type", "Multiple choice")
    SCALE = "scale", pgettext_lazy("question type", "Scale 1–5")


# A scale question is answered with a whole number from SCALE_MIN to SCALE_MAX (stored as an
# int); only its two ends have labels.
SCALE_MIN, SCALE_MAX = 1, 5


class Validation(models.TextChoices):
    NONE = "", pgettext_lazy("validation", "None")
    EMAIL = "email", pgettext_lazy("validation", "E-mail address")
    PHONE = "phone", pgettext_lazy("validation", "Phone number")
    BUSINESS_ID = "business_id", pgettext_lazy("validation", "Business ID")
    EINVOICE = "einvoice_address", pgettext_lazy("validation", "E-invoice address")


class Question(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("questionnaire"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    key = models.SlugField(_("key"), max_length=60)
    position = models.PositiveIntegerField(_("position"), default=0)
    type = models.CharField(_("type"), max_length=20, choices=QuestionType.choices)
    label_fi = models.CharField(_("label in Finnish"), max_length=300)
    label_sv = models.CharField(_("label in Swedish"), max_length=300)
    label_en = models.CharField(_("label in English"), max_length=300)
    help_fi = models.TextField(_("help in Finnish"), blank=True)
    help_sv = models.TextField(_("help in Swedish"), blank=True)
    help_en = models.TextField(_("help in English"), blank=True)
    section = models.CharField(_("section key"), max_length=60, blank=True)
    required = models.BooleanField(_("required"), default=False)
    min_value = models.DecimalField(
        _("minimum"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("maximum"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    max_length = models.PositiveIntegerField(_("maximum length"), default=2000)
    validation = models.CharField(
        _("validation"), max_length=30, choices=Validation.choices, blank=True, default=""
    )
    show_if_key = models.SlugField(
        _("shown only when the answer to"),
        max_length=60,
        blank=True,
    )
    show_if_value = models.CharField(_("is"), max_length=100, blank=True)
    # The labels of a scale's ends ("not at all" at 1, "very well" at 5); other types leave
    # them empty.
    scale_low_fi = models.CharField(_("scale's low end in Finnish"), max_length=100, blank=True)
    scale_low_sv = models.CharField(_("scale's low end in Swedish"), max_length=100, blank=True)
    scale_low_en = models.CharField(_("scale's low end in English"), max_length=100, blank=True)
    scale_high_fi = models.CharField(_("scale's high end in Finnish"), max_length=100, blank=True)
    scale_high_sv = models.CharField(_("scale's high end in Swedish"), max_length=100, blank=True)
    scale_high_en = models.CharField(_("scale's high end in English"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["questionnaire", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "key"], name="unique_question_key_per_version"
            ),
        ]

    def __str__(self):
        return self.key

    @property
    def label(self) -> str:
        return _localized(self, "label")

    @property
    def help(self) -> str:
        return _localized(self, "help")

    def label_in(self, language: str) -> str:
        return getattr(self, f"label_{language}", "") or self.label_fi

    @property
    def is_scale(self) -> bool:
        return self.type == QuestionType.SCALE

    def scale_points(self, language: str | None = None) -> list[tuple[int, str]]:
        """Each point of a scale with its label: the ends' labels, the middle unlabelled."""
        if language:
            low = getattr(self, f"scale_low_{language}", "") or self.scale_low_fi
            high = getattr(self, f"scale_high_{language}", "") or self.scale_high_fi
        else:
            low, high = _localized(self, "scale_low"), _localized(self, "scale_high")
        ends = {SCALE_MIN: low, SCALE_MAX: high}
        return [(n, ends.get(n, "")) for n in range(SCALE_MIN, SCALE_MAX + 1)]


class Choice(models.Model):
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="choices"
    )
    value = models.SlugField(_("value"), max_length=60)
    position = models.PositiveIntegerField(_("position"), default=0)
    label_fi = models.CharField(_("label in Finnish"), max_length=200)
    label_sv = models.CharField(_("label in Swedish"), max_length=200)
    label_en = models.CharField(_("label in English"), max_length=200)

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["question", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "value"], name="unique_choice_value"),
        ]

    def __str__(self):
        return self.value

    @property
    def label(self) -> str:
        return _localized(self, "label")

    def label_in(self, language: str) -> str:
        return getattr(self, f"label_{language}", "") or self.label_fi


class ResponseStatus(models.TextChoices):
    NOT_STARTED = "not_started", pgettext_lazy("response status", "Not started")
    DRAFT = "draft", pgettext_lazy("response status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("response status", "Submitted")
    RETURNED = "returned", pgettext_lazy("response status", "Returned for changes")
    ACCEPTED = "accepted", pgettext_lazy("response status", "Accepted")


# Where each change is allowed from (reused by transitions, filters and templates).
EDITABLE = (ResponseStatus.NOT_STARTED, ResponseStatus.DRAFT, ResponseStatus.RETURNED)
REVIEWABLE = (ResponseStatus.SUBMITTED,)
ANSWERED = (ResponseStatus.SUBMITTED, ResponseStatus.ACCEPTED)
REOPENABLE = (
    ResponseStatus.SUBMITTED,
    ResponseStatus.ACCEPTED,
    ResponseStatus.DRAFT,
    ResponseStatus.NOT_STARTED,
)


class Response(models.Model):
    """The answers of one respondent (a municipality, or a connection unit for its members)
    to one questionnaire series, pinned to the version it answered."""

    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("questionnaire version"),
        on_delete=models.PROTECT,
        related_name="responses",
    )
    series = models.CharField(max_length=80, editable=False)
    respondent_key = models.CharField(
        _("respondent"),
        max_length=100,
        help_text=_("Municipality code, or the connection unit's key."),
    )
    respondent_name = models.CharField(_("respondent name"), max_length=200)
    municipality = models.ForeignKey(
        "onboarding.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="survey_responses",
    )
    consortium = models.ForeignKey(
        "onboarding.Consortium",
        verbose_name=_("consortium"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="survey_responses",
    )
    status = FSMField(
        _("status"),
        default=ResponseStatus.NOT_STARTED,
        choices=ResponseStatus.choices,
        protected=True,
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    # A draft keeps what was typed even where it does not pass its question's checks yet
    # (a malformed e-mail, a number with letters): as typed, by question key, shown at its
    # question with the reason. Only `answers` counts; submitting needs this empty.
    unchecked_answers = models.JSONField(_("answers still to correct"), default=dict, blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    reopened = models.BooleanField(
        _("reopened by a coordinator"),
        default=False,
        help_text=_("May be edited and submitted after the questionnaire closed."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    lock_version = models.PositiveIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["respondent_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "respondent_key"], name="one_response_per_respondent"
            ),
        ]

    def __str__(self):
        return f"{self.respondent_name}: {self.questionnaire}"

    @property
    def display_name(self) -> str:
        """In the current language: Närpes in Swedish, Närpiö in Finnish."""
        return self.municipality.name if self.municipality_id else self.respondent_name

    # What pages ask of the state (no state codes in templates).
    @property
    def is_returned(self) -> bool:
        return self.status == ResponseStatus.RETURNED

    @property
    def is_waiting_for_review(self) -> bool:
        return self.status in REVIEWABLE

    @property
    def is_accepted(self) -> bool:
        return self.status == ResponseStatus.ACCEPTED

    @property
    def is_answered(self) -> bool:
        return self.status in ANSWERED

    @transition(status, source=[ResponseStatus.NOT_STARTED], target=ResponseStatus.DRAFT)
    def start(self):
        pass

    @transition(
        status,
        source=[ResponseStatus.DRAFT, ResponseStatus.RETURNED, ResponseStatus.NOT_STARTED],
        target=ResponseStatus.SUBMITTED,
    )
    def submit(self):
        self.return_reason = ""

    @transition(status, source=list(REVIEWABLE), target=ResponseStatus.RETURNED)
    def return_for_changes(self, reason: str):
        self.return_reason = reason

    @transition(status, source=list(REVIEWABLE), target=ResponseStatus.ACCEPTED)
    def accept(self):
        pass

    @transition(status, source=list(REOPENABLE), target=ResponseStatus.RETURNED)
    def reopen(self, reason: str):
        self.return_reason = reason
        self.reopened = True


class Submission(models.Model):
    """Every submission is kept as it was sent."""

    response = models.ForeignKey(
        Response,
        verbose_name=_("response"),
        on_delete=models.CASCADE,
        related_name="submissions",
    )
    number = models.PositiveIntegerField(_("number"))
    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("questionnaire version"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    answers = models.JSONField(_("answers"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["response", "number"]
        constraints = [
            models.UniqueConstraint(fields=["response", "number"], name="unique_submission"),
        ]

    def __str__(self):
        return f"{self.response} #{self.number}"


# --- what an accepted pre-join response proposes to the registry ---------------------------


class RegistryChangeStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("registry change status", "Open")
    APPLIED = "applied", pgettext_lazy("registry change status", "Applied")
    PARTLY_APPLIED = "partly_applied", pgettext_lazy("registry change status", "Partly applied")
    DISMISSED = "dismissed", pgettext_lazy("registry change status", "Dismissed")
    SUPERSEDED = "superseded", pgettext_lazy("registry change status", "Superseded")


class RegistryChange(models.Model):
    """The registry details an accepted pre-join response proposes for its municipality:
    each item the registry's value when the response was accepted (old) and the answer
    (new), only where they differ. A coordinator applies all or some of them, or dismisses
    the proposal; accepting the response again after a reopening supersedes an open one."""

    response = models.ForeignKey(
        Response,
        verbose_name=_("response"),
        on_delete=models.PROTECT,
        related_name="registry_changes",
    )
    submission = models.ForeignKey(
        Submission,
        verbose_name=_("submission"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("questionnaire version"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    municipality = models.ForeignKey(
        "onboarding.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="proposed_registry_changes",
    )
    status = FSMField(
        _("status"),
        default=RegistryChangeStatus.OPEN,
        choices=RegistryChangeStatus.choices,
        protected=True,
    )
    accepted_at = models.DateTimeField(_("response accepted"), default=timezone.now)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("superseded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("proposed registry change")
        verbose_name_plural = _("proposed registry changes")
        ordering = ["-accepted_at", "-pk"]
        indexes = [models.Index(fields=["status", "accepted_at"])]

    def __str__(self):
        return f"{self.municipality}: {self.questionnaire} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status == RegistryChangeStatus.OPEN

    @transition(
        status,
        source=RegistryChangeStatus.OPEN,
        target=RegistryChangeStatus.APPLIED,
        permission=coordinator_only,
    )
    def apply_all(self):
        pass

    @transition(
        status,
        source=RegistryChangeStatus.OPEN,
        target=RegistryChangeStatus.PARTLY_APPLIED,
        permission=coordinator_only,
    )
    def apply_some(self):
        pass

    @transition(
        status,
        source=RegistryChangeStatus.OPEN,
        target=RegistryChangeStatus.DISMISSED,
        permission=coordinator_only,
    )
    def dismiss(self):
        pass

    @transition(status, source=RegistryChangeStatus.OPEN, target=RegistryChangeStatus.SUPERSEDED)
    def supersede(self):
        pass


class RegistryChangeItem(models.Model):
    """One field of a proposal: a registry detail (`business_id`...) with text values, or a
    contact of one kind (`agreement_contact`...) with {name, email, phone} values."""

    change = models.ForeignKey(
        RegistryChange,
        verbose_name=_("proposed registry change"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    field = models.CharField(_("field"), max_length=40)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    old = models.JSONField(_("in the registry when accepted"), null=True, blank=True)
    new = models.JSONField(_("answered"))
    applied = models.BooleanField(_("applied"), default=False)
    overwritten = models.JSONField(
        _("in the registry when applied"),
        null=True,
        blank=True,
        help_text=_(
            "What applying replaced; differs from the old value when the registry changed "
            "after the response was accepted."
        ),
    )

    class Meta:
        verbose_name = _("proposed registry change item")
        verbose_name_plural = _("proposed registry change items")
        ordering = ["change", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["change", "field"], name="one_item_per_field"),
        ]

    def __str__(self):
        return self.field
