"""Connection waves and the per-programme connection checklist (SPEC 3.8)."""

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Wave(models.Model):
    """A day on which a group of connection units is connected, with its capacity."""

    programme = models.ForeignKey(
        "onboarding.Programme",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="waves",
    )
    date = models.DateField(_("date"))
    capacity_units = models.PositiveIntegerField(
        _("capacity (units)"),
        null=True,
        blank=True,
        help_text=_("How many connection units at most; empty for no limit."),
    )
    capacity_residents = models.PositiveIntegerField(
        _("capacity (residents)"),
        null=True,
        blank=True,
        help_text=_("How many residents the units may have together; empty for no limit."),
    )
    notes = models.TextField(_("notes"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("connection wave")
        verbose_name_plural = _("connection waves")
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "date"], name="one_wave_per_day"),
            models.CheckConstraint(
                condition=models.Q(capacity_units__isnull=False)
                | models.Q(capacity_residents__isnull=False),
                name="wave_has_a_capacity",
            ),
        ]

    def __str__(self):
        return f"{self.date.isoformat()} ({self.programme_id})"


class ChecklistItem(models.Model):
    """One step of a programme's connection checklist; all are done before a unit is
    marked connected."""

    programme = models.ForeignKey(
        "onboarding.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="checklist_items",
    )
    key = models.SlugField(_("key"), max_length=60)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    label_fi = models.CharField(_("label in Finnish"), max_length=200)
    label_sv = models.CharField(_("label in Swedish"), max_length=200)
    label_en = models.CharField(_("label in English"), max_length=200)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["programme", "position", "key"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "key"], name="one_checklist_key"),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        language = (translation.get_language() or "fi")[:2]
        return getattr(self, f"label_{language}", None) or self.label_fi


class ChecklistTick(models.Model):
    """A checklist item done for one connection: who and when."""

    connection = models.ForeignKey(
        "onboarding.Connection",
        verbose_name=_("connection"),
        on_delete=models.CASCADE,
        related_name="ticks",
    )
    item = models.ForeignKey(
        ChecklistItem, verbose_name=_("checklist item"), on_delete=models.PROTECT
    )
    done_at = models.DateTimeField(_("done"), default=timezone.now)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("checklist tick")
        verbose_name_plural = _("checklist ticks")
        constraints = [
            models.UniqueConstraint(fields=["connection", "item"], name="one_tick_per_item"),
        ]

    def __str__(self):
        return f"{self.item} ({self.connection})"
