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

    def clean(self):
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
