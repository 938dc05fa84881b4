"""Who takes part in a programme that chooses its participants (a programme with a selection
stage): the volunteers that were chosen, and the decision that chose them."""

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _


class SelectionDecision(models.Model):
    """A coordinator's record of the decision that chose a programme's participants among
    its volunteers: when, by which body and why. It is never edited; a new decision adds
    participants."""

    programme = models.ForeignKey(
        "onboarding.Programme",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="selection_decisions",
    )
    decided_on = models.DateField(_("date of the decision"))
    body = models.CharField(_("decided by (body)"), max_length=200)
    reason = models.TextField(_("grounds"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("selection decision")
        verbose_name_plural = _("selection decisions")
        ordering = ["programme", "-decided_on", "-pk"]

    def __str__(self):
        return f"{self.body} {self.decided_on.isoformat()}"


class ParticipantQuerySet(models.QuerySet):
    def selected(self):
        return self.filter(selected=True)


class Participant(models.Model):
    """A volunteer's place in a selection: chosen or not, by which decision. The library
    organisation is its municipality's (it signs through the municipality), named as the
    library names itself."""

    programme = models.ForeignKey(
        "onboarding.Programme",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="participants",
    )
    municipality = models.ForeignKey(
        "onboarding.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="participations",
    )
    library_name_fi = models.CharField(_("library in Finnish"), max_length=200, blank=True)
    library_name_sv = models.CharField(_("library in Swedish"), max_length=200, blank=True)
    selected = models.BooleanField(_("selected"), default=False)
    decision = models.ForeignKey(
        SelectionDecision,
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        related_name="participants",
    )
    access_opened_on = models.DateField(_("access opened"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["programme", "municipality__name_fi"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "municipality"], name="one_participant_per_municipality"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        """The library's name in the page language, else the municipality's name."""
        language = (translation.get_language() or "fi")[:2]
        own = self.library_name_sv if language == "sv" else self.library_name_fi
        return own or self.municipality.name
