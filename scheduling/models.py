"""Scheduling owns the connection of each unit to a programme's service: connection waves
(a business day and a capacity), a unit's connection with its states and go-live date, and
the programme's connection checklist (SPEC 3.8).

The tables were created by the registry app (onboarding) and keep their names."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from onboarding.permissions import coordinator_only


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

    history = HistoricalRecords(table_name="onboarding_historicalwave")

    class Meta:
        db_table = "onboarding_wave"
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
        db_table = "onboarding_checklistitem"
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
        "scheduling.Connection",
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
        db_table = "onboarding_checklisttick"
        verbose_name = _("checklist tick")
        verbose_name_plural = _("checklist ticks")
        constraints = [
            models.UniqueConstraint(fields=["connection", "item"], name="one_tick_per_item"),
        ]

    def __str__(self):
        return f"{self.item} ({self.connection})"


class ConnectionStatus(models.TextChoices):
    SCHEDULED = "scheduled", pgettext_lazy("connection state", "Scheduled")
    IN_PROGRESS = "in_progress", pgettext_lazy("connection state", "In progress")
    CONNECTED = "connected", pgettext_lazy("connection state", "Connected")
    LIVE = "live", pgettext_lazy("connection state", "Live")


# Where each change is allowed from; reused by transitions, services, selectors and templates.
MOVABLE = (ConnectionStatus.SCHEDULED,)  # to another wave, or with its wave's date
TICKABLE = (ConnectionStatus.SCHEDULED, ConnectionStatus.IN_PROGRESS)  # the checklist
UNDER_WAY = (ConnectionStatus.IN_PROGRESS, ConnectionStatus.CONNECTED, ConnectionStatus.LIVE)


class ConnectionQuerySet(models.QuerySet):
    def live_on(self, day):
        """Connections whose unit went live on or before `day`: the one definition of
        "live" (SPEC 3.9). Joined needs the agreement in force too: scheduling.joined."""
        return self.filter(status=ConnectionStatus.LIVE, go_live_on__lte=day)

    def live(self):
        """Connections whose unit went live (or will, on a planned go-live date)."""
        return self.filter(status=ConnectionStatus.LIVE, go_live_on__isnull=False)


class Connection(models.Model):
    """A connection unit's technical connection to a programme's service, in a wave. Its
    go-live date is the service start that fees are billed from and that eligibility
    counts from."""

    programme = models.ForeignKey(
        "onboarding.Programme",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="connections",
    )
    unit_key = models.CharField(
        _("connection unit"),
        max_length=100,
        help_text=_("Consortium slug, or the municipality code of a single-library unit."),
    )
    wave = models.ForeignKey(
        "scheduling.Wave",
        verbose_name=_("wave"),
        on_delete=models.PROTECT,
        related_name="connections",
        null=True,
        blank=True,
    )
    status = FSMField(
        _("state"),
        default=ConnectionStatus.SCHEDULED,
        choices=ConnectionStatus.choices,
        protected=True,
    )
    go_live_on = models.DateField(_("went live"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    transition_logs = GenericRelation("onboarding.TransitionLog")

    objects = ConnectionQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["status"], table_name="onboarding_historicalconnection"
    )

    class Meta:
        db_table = "onboarding_connection"
        verbose_name = _("connection")
        verbose_name_plural = _("connections")
        ordering = ["programme", "unit_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "unit_key"], name="one_connection_per_unit_and_programme"
            ),
        ]

    def __str__(self):
        return f"{self.unit_key} ({self.programme_id})"

    def is_live_on(self, day) -> bool:
        """`ConnectionQuerySet.live_on` for one loaded connection."""
        return (
            self.status == ConnectionStatus.LIVE
            and self.go_live_on is not None
            and self.go_live_on <= day
        )

    # Coordinators take every step; the unit's managers tick its checklist (a service).
    @transition(
        status,
        source=ConnectionStatus.SCHEDULED,
        target=ConnectionStatus.IN_PROGRESS,
        permission=coordinator_only,
    )
    def start(self):
        pass

    @transition(
        status,
        source=ConnectionStatus.IN_PROGRESS,
        target=ConnectionStatus.CONNECTED,
        permission=coordinator_only,
    )
    def connect(self):
        pass

    @transition(
        status,
        source=ConnectionStatus.CONNECTED,
        target=ConnectionStatus.LIVE,
        permission=coordinator_only,
    )
    def go_live(self, on):
        self.go_live_on = on

    @transition(
        status, source=list(MOVABLE), target=ConnectionStatus.SCHEDULED, permission=coordinator_only
    )
    def reschedule(self, wave):
        self.wave = wave


class Location(models.Model):
    """A library location of a selected participant where the programme's material is used
    locally (the newspaper pilot's customer terminals stand at its locations)."""

    participant = models.ForeignKey(
        "onboarding.Participant",
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="locations",
    )
    name = models.CharField(_("name"), max_length=200)
    street = models.CharField(_("street address"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["participant", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "name"], name="one_location_name_per_participant"
            ),
        ]

    def __str__(self):
        return self.name


class Terminal(models.Model):
    """A customer terminal at a location; the programme limits how many a location has."""

    location = models.ForeignKey(
        Location, verbose_name=_("location"), on_delete=models.CASCADE, related_name="terminals"
    )
    label = models.CharField(
        _("terminal"), max_length=100, help_text=_("How the library tells it apart.")
    )
    registered_at = models.DateTimeField(_("registered"), default=timezone.now)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("customer terminal")
        verbose_name_plural = _("customer terminals")
        ordering = ["location", "label"]
        constraints = [
            models.UniqueConstraint(fields=["location", "label"], name="one_terminal_label"),
        ]

    def __str__(self):
        return self.label


class AccessTick(models.Model):
    """A step of the programme's checklist done before a participant's access is opened."""

    participant = models.ForeignKey(
        "onboarding.Participant",
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="access_ticks",
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
        verbose_name = _("access checklist tick")
        verbose_name_plural = _("access checklist ticks")
        constraints = [
            models.UniqueConstraint(fields=["participant", "item"], name="one_access_tick"),
        ]

    def __str__(self):
        return f"{self.item} ({self.participant_id})"
