"""Agreements: versioned templates, one agreement per municipality and programme with its
states (and who may change them), its generated documents and the immutable signing
evidence."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.utils import formats, timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import FSMField, transition

from onboarding.permissions import coordinator_only, own_municipality_or_coordinator
from onboarding.storage import private_storage


class AgreementTemplate(models.Model):
    """One version of a programme's agreement. Its files (the DOCX templates in Finnish and
    Swedish and the appendices) are fixed once created; a change is a new version."""

    programme = models.ForeignKey(
        "onboarding.Programme",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="agreement_templates",
    )
    version = models.PositiveIntegerField(_("version"))
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("agreement template")
        verbose_name_plural = _("agreement templates")
        ordering = ["programme", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "version"], name="unique_template_version"
            ),
        ]

    def __str__(self):
        return f"{self.programme.slug} v{self.version}"


class TemplateFile(models.Model):
    class Kind(models.TextChoices):
        AGREEMENT = "agreement", pgettext_lazy("template file", "Agreement (DOCX template)")
        DATA_PROCESSING = (
            "data_processing",
            pgettext_lazy("template file", "Appendix 1: data-processing agreement"),
        )
        SERVICE = (
            "service_description",
            pgettext_lazy("template file", "Appendix 2: service description"),
        )

    template = models.ForeignKey(AgreementTemplate, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    language = models.CharField(_("language"), max_length=2)
    file = models.FileField(_("file"), storage=private_storage, upload_to="templates/")
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("template file")
        verbose_name_plural = _("template files")
        ordering = ["template", "kind", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "kind", "language"], name="unique_template_file"
            ),
        ]

    def __str__(self):
        return f"{self.template} {self.kind} {self.language}"

    @cached_property
    def label(self) -> str:
        """The document's name as its agreement refers to it: the appendices numbered in the
        order of the kinds its template version has (a version without a data-processing
        appendix has the service description as appendix 1)."""
        if self.kind == self.Kind.AGREEMENT:
            return str(self.get_kind_display())
        present = set(self.template.files.values_list("kind", flat=True))
        appendices = [k for k in self.Kind.values if k != self.Kind.AGREEMENT and k in present]
        number = appendices.index(self.kind) + 1 if self.kind in appendices else 1
        return _("Appendix %(number)s: %(name)s") % {
            "number": number,
            "name": APPENDIX_NAMES[self.kind],
        }


APPENDIX_NAMES = {
    TemplateFile.Kind.DATA_PROCESSING: pgettext_lazy("appendix", "Data-processing agreement"),
    TemplateFile.Kind.SERVICE: pgettext_lazy("appendix", "Service description"),
}


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("agreement status", "Draft")
    SENT = "sent", pgettext_lazy("agreement status", "Sent")
    SIGNED = "signed", pgettext_lazy("agreement status", "Signed")
    IN_FORCE = "in_force", pgettext_lazy("agreement status", "In force")
    DECLINED = "declined", pgettext_lazy("agreement status", "Declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("agreement status", "Withdrawn")
    TERMINATED = "terminated", pgettext_lazy("agreement status", "Terminated")


# Where each change is allowed from; reused by transitions, guards, filters and templates.
SENDABLE = (AgreementStatus.DRAFT,)
SIGNABLE = (AgreementStatus.SENT,)
DECLINABLE = (AgreementStatus.SENT,)  # a draft has not reached the municipality
WITHDRAWABLE = (AgreementStatus.DRAFT, AgreementStatus.SENT)
COUNTERSIGNABLE = (AgreementStatus.SIGNED,)
TERMINABLE = (AgreementStatus.IN_FORCE,)
SIGNED_OR_LATER = (AgreementStatus.SIGNED, AgreementStatus.IN_FORCE)
OPEN = (AgreementStatus.DRAFT, AgreementStatus.SENT)
# Countersigned: in force from `in_force_on`, and a terminated one until its `end_date`.
COUNTERSIGNED = (AgreementStatus.IN_FORCE, AgreementStatus.TERMINATED)
# Declined, withdrawn and ended agreements count as none on the onboarding map.
CLOSED = (AgreementStatus.DECLINED, AgreementStatus.WITHDRAWN, AgreementStatus.TERMINATED)


class AgreementQuerySet(models.QuerySet):
    def in_force_on(self, day):
        """Agreements in force on `day`: countersigned to be in force from that day or
        earlier, and not ended before it. The one definition of "in force" (SPEC 3.9); the
        same rule for one loaded agreement is `Agreement.is_in_force_on`."""
        return self.filter(status__in=COUNTERSIGNED, in_force_on__lte=day).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=day)
        )

    def countersigned(self):
        """Agreements that came into force, whether or not they have ended since."""
        return self.filter(status__in=COUNTERSIGNED, in_force_on__isnull=False)


class Agreement(models.Model):
    programme = models.ForeignKey(
        "onboarding.Programme",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    municipality = models.ForeignKey(
        "onboarding.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    status = FSMField(
        _("status"),
        default=AgreementStatus.DRAFT,
        choices=AgreementStatus.choices,
        protected=True,
    )
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=[("fi", _("Finnish")), ("sv", _("Swedish"))],
        help_text=_("Bilingual municipalities choose; others get their own language."),
    )
    template = models.ForeignKey(
        AgreementTemplate,
        verbose_name=_("template version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    sent_on = models.DateField(_("sent"), null=True, blank=True)
    signed_on = models.DateField(_("signed by the municipality"), null=True, blank=True)
    in_force_on = models.DateField(_("in force from"), null=True, blank=True)
    end_date = models.DateField(_("ends"), null=True, blank=True)
    reason = models.TextField(_("reason (declined, withdrawn or terminated)"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    transition_logs = GenericRelation("onboarding.TransitionLog")

    objects = AgreementQuerySet.as_manager()  # who may take a transition: its `permission`

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["programme", "municipality__name_fi"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "municipality"],
                name="one_agreement_per_municipality_and_programme",
            ),
        ]
        indexes = [models.Index(fields=["programme", "status"])]

    def __str__(self):
        return f"{self.municipality} – {self.programme}"

    @property
    def launch_cohort(self) -> bool:
        """Signed on or before the programme's signing deadline."""
        return bool(self.signed_on and self.signed_on <= self.programme.signing_deadline)

    def is_in_force_on(self, day) -> bool:
        """`AgreementQuerySet.in_force_on` for one loaded agreement (a test keeps them equal)."""
        return (
            self.status in COUNTERSIGNED
            and self.in_force_on is not None
            and self.in_force_on <= day
            and (self.end_date is None or day <= self.end_date)
        )

    @transition(
        status,
        source=list(SENDABLE),
        target=AgreementStatus.SENT,
        permission=coordinator_only,
    )
    def send(self, on):
        self.sent_on = on

    @transition(
        status,
        source=list(SIGNABLE),
        target=AgreementStatus.SIGNED,
        permission=own_municipality_or_coordinator,
    )
    def sign(self, on):
        self.signed_on = on

    @transition(
        status,
        source=list(DECLINABLE),
        target=AgreementStatus.DECLINED,
        permission=own_municipality_or_coordinator,
    )
    def decline(self, reason):
        self.reason = reason

    @transition(
        status,
        source=list(WITHDRAWABLE),
        target=AgreementStatus.WITHDRAWN,
        permission=coordinator_only,
    )
    def withdraw(self, reason):
        self.reason = reason

    @transition(
        status,
        source=list(COUNTERSIGNABLE),
        target=AgreementStatus.IN_FORCE,
        permission=coordinator_only,
    )
    def countersign(self, on):
        self.in_force_on = on

    @transition(
        status,
        source=list(TERMINABLE),
        target=AgreementStatus.TERMINATED,
        permission=coordinator_only,
    )
    def terminate(self, end_date, reason):
        self.end_date = end_date
        self.reason = reason

    def title(self) -> str:
        with translation.override(self.language):
            return str(_("Cooperation agreement: %(name)s") % {"name": self.municipality.name})


class AgreementDocument(models.Model):
    """A generated document, frozen when the agreement was sent."""

    class Kind(models.TextChoices):
        DOCX = "docx", "DOCX"
        PDF = "pdf", "PDF/A"

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    template = models.ForeignKey(AgreementTemplate, on_delete=models.PROTECT, related_name="+")
    language = models.CharField(_("language"), max_length=2)
    file = models.FileField(_("file"), storage=private_storage, upload_to="agreements/")
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("agreement document")
        verbose_name_plural = _("agreement documents")
        ordering = ["agreement", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "kind", "template", "language"],
                name="one_document_per_kind_and_version",
            ),
        ]

    def __str__(self):
        return f"{self.agreement} {self.kind}"


class SignatureEvidence(models.Model):
    """What proves the municipality signed. Recorded once and never changed: a correction
    is a new event, not an edit."""

    agreement = models.OneToOneField(Agreement, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(_("signed PDF"), storage=private_storage, upload_to="signed/")
    original_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size"))
    signer_name = models.CharField(_("signer's name"), max_length=200)
    signer_title = models.CharField(_("signer's title"), max_length=200)
    signed_on = models.DateField(_("signing date"))
    authority = models.CharField(
        _("basis of authority"),
        max_length=300,
        help_text=_("Decision body, date and section, e.g. Kunnanhallitus 12.2.2024 § 34."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_on_behalf = models.BooleanField(
        _("recorded by a coordinator on the municipality's behalf"), default=False
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    # The digital signatures found in the file when it was recorded, each as verified by
    # contracts.signatures (VerifiedSignature.as_json); empty: a scanned signature.
    digital_signatures = models.JSONField(_("digital signatures"), default=list, blank=True)

    class Meta:
        verbose_name = _("signing evidence")
        verbose_name_plural = _("signing evidence")

    def __str__(self):
        return f"{self.agreement}: {self.signer_name} {self.signed_on}"

    def save(self, *args, **kwargs):
        # Immutable once recorded (legal evidence): refuse any update of an existing row.
        if self.pk is not None and not kwargs.pop("allow_update", False):
            raise ValueError("Signing evidence is immutable once recorded.")
        super().save(*args, **kwargs)

    @classmethod
    def max_length(cls, name: str) -> int:
        return cls._meta.get_field(name).max_length

    def signature_lines(self) -> list[str]:
        """What the evidence says of the file's signatures, in the active language: one line
        per digital signature, or that a scanned signature was checked by hand."""
        if not self.digital_signatures:
            return [str(_("Scanned signature, checked by hand"))]
        return [describe_signature(s) for s in self.digital_signatures]


def describe_signature(signature: dict) -> str:
    """ "Digitally signed by …, valid, covers the whole document", from a recorded result."""
    parts = [str(_("Digitally signed by %(signer)s") % {"signer": signature["signer"]})]
    if signature.get("signed_at"):
        moment = timezone.localtime(datetime.datetime.fromisoformat(signature["signed_at"]))
        when = formats.date_format(moment, "j.n.Y H:i")
        if signature.get("time_source") == "timestamp":
            parts.append(str(_("%(time)s (timestamp)") % {"time": when}))
        else:
            parts.append(str(_("%(time)s (signer's clock)") % {"time": when}))
    parts.append(str(_("valid")))
    if signature.get("covers_whole_document"):
        parts.append(str(_("covers the whole document")))
    elif signature.get("later_additions") == "validation_data":
        parts.append(str(_("covers the document as signed; validation data added later")))
    else:
        parts.append(str(_("covers the document as signed; later signatures added")))
    if signature.get("trust") == "trusted":
        parts.append(
            str(_("certificate trusted (%(issuer)s)") % {"issuer": signature.get("issuer", "")})
        )
    else:
        parts.append(str(_("trust not checked: no root certificates configured")))
    return ", ".join(parts)


class SealedDocument(models.Model):
    """A document of a countersigned agreement with the National Library's electronic seal
    (PAdES), made once by a task after the countersignature and never changed: the
    municipality's signed PDF with the seal appended, and the signing certificate as it was
    when the agreement was countersigned."""

    class Kind(models.TextChoices):
        SIGNED = "signed", pgettext_lazy("sealed document", "Signed PDF with the seal")
        CERTIFICATE = (
            "certificate",
            pgettext_lazy("sealed document", "Signing certificate with the seal"),
        )

    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="sealed_documents"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("file"), storage=private_storage, upload_to="sealed/")
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size"))
    sealed_by = models.CharField(_("seal certificate"), max_length=300)
    created_at = models.DateTimeField(_("sealed"), default=timezone.now)

    class Meta:
        verbose_name = _("sealed document")
        verbose_name_plural = _("sealed documents")
        ordering = ["agreement", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "kind"], name="one_sealed_per_kind"),
        ]

    def __str__(self):
        return f"{self.agreement} {self.kind}"
