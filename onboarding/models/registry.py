"""The registry: municipalities, their dated populations, consortia and memberships."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from onboarding.regions import region_name
from onboarding.validators import (
    validate_business_id,
    validate_einvoice_address,
    validate_municipality_code,
    validate_postal_code,
)


class LanguageStatus(models.TextChoices):
    """Language status under the Government decree 2023-2032."""

    FI = "fi", pgettext_lazy("language status", "Finnish")
    FI_SV = "fi/sv", pgettext_lazy("language status", "Bilingual, Finnish majority")
    SV_FI = "sv/fi", pgettext_lazy("language status", "Bilingual, Swedish majority")
    SV = "sv", pgettext_lazy("language status", "Swedish")


class Municipality(models.Model):
    code = models.CharField(
        _("code"),
        max_length=3,
        unique=True,
        validators=[validate_municipality_code],
        help_text=_("Statistics Finland municipality code, three digits."),
    )
    name_fi = models.CharField(_("name in Finnish"), max_length=100)
    name_sv = models.CharField(_("name in Swedish"), max_length=100)
    region = models.CharField(_("region"), max_length=100)
    region_code = models.CharField(_("region code"), max_length=2)
    language_status = models.CharField(
        _("language status"), max_length=5, choices=LanguageStatus.choices
    )
    business_id = models.CharField(
        _("business ID"),
        max_length=9,
        blank=True,
        validators=[validate_business_id],
        help_text=_("Y-tunnus, e.g. 0201256-6."),
    )
    einvoice_address = models.CharField(
        _("e-invoice address"),
        max_length=35,
        blank=True,
        validators=[validate_einvoice_address],
    )
    einvoice_operator = models.CharField(_("e-invoice operator"), max_length=100, blank=True)
    # The postal address invoices name (the buyer party of a Finvoice message).
    street_address = models.CharField(_("street address"), max_length=100, blank=True)
    postal_code = models.CharField(
        _("postal code"), max_length=5, blank=True, validators=[validate_postal_code]
    )
    post_office = models.CharField(_("post office"), max_length=50, blank=True)
    # Who signs agreements for the municipality and on whose decision (the pre-join survey).
    signatory_name = models.CharField(_("signatory's name"), max_length=200, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=200, blank=True)
    decision_body = models.CharField(
        _("decision body"),
        max_length=200,
        blank=True,
        help_text=_("The body that decides on the agreement, e.g. Kunnanhallitus."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name_fi"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        """The name in the current UI language (Swedish in Swedish, Finnish otherwise)."""
        return self.name_for_language(self.name_fi, self.name_sv)

    @staticmethod
    def name_for_language(name_fi: str, name_sv: str, language: str | None = None) -> str:
        """The rule of `name` for names read without a model instance (lists of thousands),
        in `language` (a document's) or the current one."""
        return name_sv if (language or translation.get_language()) == "sv" else name_fi

    def name_in(self, language: str) -> str:
        """The name as a document in `language` writes it (an invoice, an agreement)."""
        return self.name_for_language(self.name_fi, self.name_sv, language)

    @property
    def region_name(self) -> str:
        """The region in the current UI language (Nyland in Swedish, Uusimaa otherwise)."""
        return region_name(self.region_code, self.region)

    @property
    def is_bilingual(self) -> bool:
        return self.language_status in (LanguageStatus.FI_SV, LanguageStatus.SV_FI)

    @property
    def merged_on(self):
        """The first day of the municipality it merged into (mergers take effect on 1 January)."""
        if self.merged_into_id is None or self.valid_to is None:
            return None
        return self.valid_to + datetime.timedelta(days=1)

    def is_valid_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class PopulationFigure(models.Model):
    """A population at a date, counted in the municipal division of a year (Statistics
    Finland publishes e.g. 31.12.2024 both in the division of 2024 and in that of 2025, where
    Mäntyharju includes the merged Pertunmaa). Several years coexist; invoices copy the one
    they used. Which figure a day or a fee year uses: onboarding.selectors.population_of."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="population_figures",
    )
    date = models.DateField(_("date"))
    population = models.PositiveIntegerField(_("population"))
    division = models.PositiveSmallIntegerField(
        _("municipal division (year)"),
        help_text=_("The year whose municipal division the figure is counted in."),
    )
    source = models.CharField(_("source"), max_length=300)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("population figure")
        verbose_name_plural = _("population figures")
        ordering = ["municipality", "-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "date", "division"],
                name="unique_population_per_date_and_division",
            ),
        ]

    def __str__(self):
        return f"{self.municipality.code} {self.date} ({self.division}): {self.population}"

    def save(self, *args, **kwargs):
        if self.division is None and self.date is not None:
            day = self.date
            if isinstance(day, str):
                day = datetime.date.fromisoformat(day)
            self.division = day.year  # counted in the division of its own day
        super().save(*args, **kwargs)


class Consortium(models.Model):
    """A library consortium (kimppa) sharing one library system."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("The consortium's slug in the library directory (kirjastot.fi) where known."),
    )
    directory_slug_known = models.BooleanField(_("slug from the library directory"), default=True)

    class Confidence(models.TextChoices):
        """How sure the reference data is of the member list (data/reference/README.md)."""

        HIGH = "high", pgettext_lazy("confidence", "high")
        MEDIUM = "medium", pgettext_lazy("confidence", "medium")
        LOW = "low", pgettext_lazy("confidence", "low")

    source_confidence = models.CharField(
        _("confidence of the member list"), max_length=20, blank=True, choices=Confidence.choices
    )

    class Meta:
        verbose_name = _("consortium")
        verbose_name_plural = _("consortia")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ConsortiumMembership(models.Model):
    """Effective-dated membership; an open end (null) means 'still a member'."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    consortium = models.ForeignKey(
        Consortium,
        verbose_name=_("consortium"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    valid_from = models.DateField(_("member from"), null=True, blank=True)
    valid_to = models.DateField(_("member until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consortium membership")
        verbose_name_plural = _("consortium memberships")
        ordering = ["consortium", "municipality"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="membership_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return f"{self.municipality} – {self.consortium}"


class Contact(models.Model):
    class Kind(models.TextChoices):
        AGREEMENT = "agreement", pgettext_lazy("contact kind", "Agreement")
        TECHNICAL = "technical", pgettext_lazy("contact kind", "Technical")
        INVOICING = "invoicing", pgettext_lazy("contact kind", "Invoicing")
        LIBRARY = "library", pgettext_lazy("contact kind", "Library director")

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["kind", "name"]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()})"


__all__ = [
    "Consortium",
    "ConsortiumMembership",
    "Contact",
    "LanguageStatus",
    "Municipality",
    "PopulationFigure",
]
