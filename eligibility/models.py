"""What the login service's person decisions leave behind: counts per programme, day and
reason, never a person."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Reason(models.TextChoices):
    RESIDENT = "resident", pgettext_lazy("eligibility reason", "Resident of a joined municipality")
    GUARDIAN = "guardian", pgettext_lazy("eligibility reason", "Through a guardian")
    NO_HOME_MUNICIPALITY = (
        "no_home_municipality",
        pgettext_lazy("eligibility reason", "No home municipality in Finland"),
    )
    SECURITY_PROHIBITION = (
        "security_prohibition",
        pgettext_lazy("eligibility reason", "Security prohibition"),
    )
    GUARDIAN_REQUIRED = (
        "guardian_required",
        pgettext_lazy("eligibility reason", "Child without a guardian's identification"),
    )
    GUARDIAN_NOT_ALLOWED = (
        "guardian_not_allowed",
        pgettext_lazy("eligibility reason", "Adult identified by another person"),
    )
    NOT_JOINED = (
        "not_joined",
        pgettext_lazy("eligibility reason", "Home municipality not joined"),
    )


ALLOWING = (Reason.RESIDENT, Reason.GUARDIAN)


class DecisionCount(models.Model):
    programme = models.ForeignKey(
        "onboarding.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    day = models.DateField(_("day"))
    reason = models.CharField(_("reason"), max_length=30, choices=Reason.choices)
    count = models.PositiveIntegerField(_("answers"), default=0)

    class Meta:
        verbose_name = _("eligibility answer count")
        verbose_name_plural = _("eligibility answer counts")
        ordering = ["-day", "reason"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "day", "reason"], name="one_count_per_day_and_reason"
            ),
        ]

    def __str__(self):
        return f"{self.day} {self.reason}: {self.count}"
