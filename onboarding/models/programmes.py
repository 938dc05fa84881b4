"""Programmes: onboarding campaigns, each with its own dates and money rules."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


class PopulationReferenceRule(models.TextChoices):
    PREVIOUS_YEAR_END = (
        "previous_year_end",
        pgettext_lazy("population rule", "31 December of the year before the fee year"),
    )
    FIXED_DATE = "fixed_date", pgettext_lazy("population rule", "A fixed date")


class ParticipantKind(models.TextChoices):
    MUNICIPALITY = "municipality", pgettext_lazy("participant kind", "Municipality")
    UNIT = "unit", pgettext_lazy("participant kind", "Connection unit (consortium)")
    LIBRARY = "library", pgettext_lazy("participant kind", "Library organisation")


class Stage(models.TextChoices):
    """The steps a programme may take, in this order; each programme chooses its own."""

    SURVEY = "survey", pgettext_lazy("programme stage", "Survey")
    SELECTION = "selection", pgettext_lazy("programme stage", "Selection")
    AGREEMENT = "agreement", pgettext_lazy("programme stage", "Agreement")
    LOCATIONS = "locations", pgettext_lazy("programme stage", "Locations and terminals")
    CONNECTION = "connection", pgettext_lazy("programme stage", "Connection")
    FOLLOW_UP = "follow_up", pgettext_lazy("programme stage", "Follow-up survey")


STAGE_ORDER = list(Stage.values)


class FeeModel(models.TextChoices):
    PER_RESIDENT = "per_resident", pgettext_lazy("fee model", "Per resident per year")
    PER_PARTICIPANT = "per_participant", pgettext_lazy("fee model", "Flat fee per participant")
    PER_TERMINAL = "per_terminal", pgettext_lazy("fee model", "Flat fee per terminal")
    NONE = "none", pgettext_lazy("fee model", "No fee")


# Participants that have residents of their own: a fee per resident and access by residence
# need them.
RESIDENT_KINDS = (ParticipantKind.MUNICIPALITY, ParticipantKind.UNIT)


def default_stages() -> list[str]:
    return [Stage.SURVEY, Stage.AGREEMENT, Stage.CONNECTION]


class ProgrammeQuerySet(models.QuerySet):
    def with_residence_access(self):
        """Programmes whose service admits the residents of joined municipalities: the only
        ones the login service's eligibility answers are about."""
        return self.filter(residence_access=True)


class Programme(models.Model):
    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    launch_date = models.DateField(_("launch date"))
    signing_deadline = models.DateField(
        _("signing deadline"),
        help_text=_("Municipalities that sign by this date belong to the launch cohort."),
    )
    fee_per_resident = models.DecimalField(
        _("fee per resident per year (EUR)"),
        max_digits=8,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0"))],
    )
    population_reference_rule = models.CharField(
        _("population reference rule"),
        max_length=30,
        choices=PopulationReferenceRule.choices,
        default=PopulationReferenceRule.PREVIOUS_YEAR_END,
    )
    population_reference_date = models.DateField(
        _("population reference date"),
        null=True,
        blank=True,
        help_text=_("Only for the fixed-date rule."),
    )
    vat_rate = models.DecimalField(
        _("VAT rate (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    description = models.TextField(_("description"), blank=True)
    # The programme's rules, as data (issue 15): who takes part, which stages it has, how it
    # charges and whether access follows residence.
    participant_kind = models.CharField(
        _("participants"),
        max_length=20,
        choices=ParticipantKind.choices,
        default=ParticipantKind.MUNICIPALITY,
    )
    stages = models.JSONField(
        _("stages"),
        default=default_stages,
        help_text=_("The programme's stages, in order."),
    )
    fee_model = models.CharField(
        _("fee model"), max_length=20, choices=FeeModel.choices, default=FeeModel.PER_RESIDENT
    )
    flat_fee = models.DecimalField(
        _("flat fee (EUR per year)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Only for a flat fee per participant or per terminal."),
    )
    terminal_limit = models.PositiveSmallIntegerField(
        _("customer terminals per location at most"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Only for programmes with locations and terminals."),
    )
    residence_access = models.BooleanField(
        _("access by residence"),
        default=True,
        help_text=_(
            "The e-library's login service admits residents of the municipalities that have "
            "joined this programme."
        ),
    )
    # The person rules the login service applies (the National Library's letter to the
    # municipalities): eligibility/persons.py decides by them.
    security_prohibition_allowed_from = models.DateField(
        _("persons with a security prohibition admitted from"),
        null=True,
        blank=True,
        help_text=_(
            "Empty: not admitted (handling their home municipality needs a special permit)."
        ),
    )
    guardian_required_under = models.PositiveSmallIntegerField(
        _("a guardian identifies children under"),
        default=13,
        help_text=_("Younger children use the service through a guardian's identification."),
    )
    guardian_allowed_under = models.PositiveSmallIntegerField(
        _("a guardian may identify for persons under"),
        default=18,
        help_text=_("Older children without an identification of their own may use a guardian's."),
    )
    public_intro_fi = models.TextField(_("public page text in Finnish"), blank=True)
    public_intro_sv = models.TextField(_("public page text in Swedish"), blank=True)
    public_intro_en = models.TextField(_("public page text in English"), blank=True)

    objects = ProgrammeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["launch_date", "slug"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        language = translation.get_language() or "fi"
        return getattr(self, f"name_{language[:2]}", None) or self.name_fi

    @property
    def public_intro(self) -> str:
        language = (translation.get_language() or "fi")[:2]
        return getattr(self, f"public_intro_{language}", "") or self.public_intro_fi

    def has_stage(self, stage: str) -> bool:
        return stage in (self.stages or [])

    @property
    def stage_labels(self) -> list[str]:
        return [Stage(stage).label for stage in self.stages or [] if stage in STAGE_ORDER]

    @property
    def charges_per_resident(self) -> bool:
        return self.fee_model == FeeModel.PER_RESIDENT

    def rule_errors(self) -> dict[str, str]:
        """Why the programme's rules do not fit together, field by field (empty: they do)."""
        errors = {}
        stages = self.stages
        if not isinstance(stages, list) or not stages:
            return {"stages": _("Choose at least one stage.")}
        unknown = [s for s in stages if s not in STAGE_ORDER]
        if unknown:
            return {"stages": _("Unknown stage: %(stage)s.") % {"stage": unknown[0]}}
        if len(set(stages)) != len(stages) or stages != sorted(stages, key=STAGE_ORDER.index):
            errors["stages"] = _("Each stage once, in the order of the list.")
        elif Stage.SELECTION in stages and Stage.SURVEY not in stages:
            errors["stages"] = _("A selection needs a survey whose respondents volunteer.")
        resident_kind = self.participant_kind in RESIDENT_KINDS
        if self.fee_model == FeeModel.PER_RESIDENT and not resident_kind:
            errors["fee_model"] = _(
                "A fee per resident needs participants with residents: municipalities or "
                "connection units, not library organisations."
            )
        elif self.fee_model == FeeModel.PER_TERMINAL and Stage.LOCATIONS not in stages:
            errors["fee_model"] = _(
                "A fee per terminal needs the stage of locations and terminals."
            )
        elif self.fee_model in (FeeModel.PER_PARTICIPANT, FeeModel.PER_TERMINAL) and (
            self.flat_fee is None
        ):
            errors["flat_fee"] = _("A flat fee model needs the fee.")
        if self.residence_access and not resident_kind:
            errors["residence_access"] = _(
                "Access by residence needs participants with residents: municipalities or "
                "connection units."
            )
        if (self.guardian_required_under or 0) > (self.guardian_allowed_under or 0):
            errors["guardian_required_under"] = _(
                "A guardian cannot be required at an age at which a guardian may no longer act."
            )
        if Stage.LOCATIONS in stages and not self.terminal_limit:
            errors["terminal_limit"] = _(
                "A programme with locations and terminals needs the limit of terminals per "
                "location."
            )
        return errors

    def clean(self):
        if errors := self.rule_errors():
            raise ValidationError(errors)
        if self.launch_date and self.signing_deadline and self.signing_deadline > self.launch_date:
            raise ValidationError(
                {"signing_deadline": _("The signing deadline must be on or before the launch.")}
            )
        if (
            self.population_reference_rule == PopulationReferenceRule.FIXED_DATE
            and not self.population_reference_date
        ):
            raise ValidationError(
                {"population_reference_date": _("The fixed-date rule needs a date.")}
            )

    def population_reference_date_for(self, year: int) -> datetime.date:
        """The date whose population figure (or the newest before it) a fee year uses."""
        if self.population_reference_rule == PopulationReferenceRule.FIXED_DATE:
            return self.population_reference_date
        return datetime.date(year - 1, 12, 31)
