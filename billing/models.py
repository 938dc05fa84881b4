"""Billing owns the money: dated fee-rate decisions, payers, frozen invoices with gapless
numbers and their lines, credit notes, payments and the yearly invoice runs (SPEC 3.6, 3.7).

The tables were created by the agreements app (contracts) and keep their names."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from onboarding import formatting
from onboarding.permissions import finance_only
from onboarding.storage import private_storage


class FeeRate(models.Model):
    """A decision on the fee per resident, valid from a year until the next decision."""

    programme = models.ForeignKey(
        "onboarding.Programme",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="fee_rates",
    )
    rate = models.DecimalField(
        _("fee per resident per year (EUR)"),
        max_digits=8,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0.0001"))],
    )
    from_year = models.PositiveIntegerField(_("from year"))
    basis = models.TextField(_("basis of the decision"))
    cost_analysis_url = models.CharField(_("link to the cost analysis"), max_length=300, blank=True)
    decided_by = models.CharField(_("decided by"), max_length=200)
    decided_on = models.DateField(_("decided on"))
    history = HistoricalRecords(table_name="contracts_historicalfeerate")

    class Meta:
        db_table = "contracts_feerate"
        verbose_name = _("fee rate decision")
        verbose_name_plural = _("fee rate decisions")
        ordering = ["programme", "-from_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "from_year"], name="one_rate_per_programme_and_year"
            ),
            models.CheckConstraint(condition=Q(rate__gt=0), name="rate_positive"),
        ]

    def __str__(self):
        return f"{self.rate} € / {self.from_year}–"


class PayerAssignment(models.Model):
    """Another municipality pays this municipality's fee (e.g. the consortium's lead)."""

    programme = models.ForeignKey(
        "onboarding.Programme", on_delete=models.PROTECT, related_name="payer_assignments"
    )
    municipality = models.ForeignKey(
        "onboarding.Municipality",
        verbose_name=_("paid for"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    payer = models.ForeignKey(
        "onboarding.Municipality",
        verbose_name=_("payer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords(table_name="contracts_historicalpayerassignment")

    class Meta:
        db_table = "contracts_payerassignment"
        verbose_name = _("payer")
        verbose_name_plural = _("payers")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "municipality"], name="one_payer_per_municipality"
            ),
        ]

    def __str__(self):
        return f"{self.payer} pays for {self.municipality}"


class InvoiceCounter(models.Model):
    """The last number used in a series and year. Taken under a row lock in the same
    transaction as the invoice, so numbers have no gaps and no duplicates."""

    series = models.CharField(max_length=10)
    year = models.PositiveIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "contracts_invoicecounter"
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="one_counter_per_series"),
        ]

    def __str__(self):
        return f"{self.series}-{self.year}: {self.last_number}"


# The fields of an issued invoice that may still change (Invoice.save, InvoiceQuerySet.update).
CHANGEABLE_AFTER_ISSUE = frozenset(
    {"status", "paid_on", "sent_on", "pdf", "pdf_sha256", "pdf_error"}
)


class FrozenInvoice(ValueError):
    """An attempt to change what an issued invoice says."""

    def __init__(self, number, fields):
        names = ", ".join(sorted(fields)) if fields else "every field"
        super().__init__(
            f"Invoice {number} is issued and frozen: {names} cannot change (only "
            f"{', '.join(sorted(CHANGEABLE_AFTER_ISSUE))}); a correction is a credit note."
        )


class InvoiceQuerySet(models.QuerySet):
    def update(self, **kwargs):
        if not set(kwargs) <= CHANGEABLE_AFTER_ISSUE:
            raise FrozenInvoice("(many)", kwargs)
        return super().update(**kwargs)

    def mark_paid(self) -> int:
        """The bulk form of `Invoice.mark_paid`, for the payment import: the same source states
        (PAYABLE) and target (PAID), each invoice paid on the date of its newest payment. One
        UPDATE whatever the number of invoices; those not payable are left as they are, and
        the caller compares the count returned with what it meant to pay."""
        newest = Payment.objects.filter(invoice=OuterRef("pk")).order_by("-pk")
        return self.filter(status__in=PAYABLE).update(
            status=InvoiceStatus.PAID, paid_on=Subquery(newest.values("paid_on")[:1])
        )


class InvoiceStatus(models.TextChoices):
    ISSUED = "issued", pgettext_lazy("invoice status", "Issued")
    SENT = "sent", pgettext_lazy("invoice status", "Sent")
    PAID = "paid", pgettext_lazy("invoice status", "Paid")
    CREDITED = "credited", pgettext_lazy("invoice status", "Credited")


# Where each change is allowed from; reused by transitions, services, filters and templates.
SENDABLE = (InvoiceStatus.ISSUED,)
PAYABLE = (InvoiceStatus.ISSUED, InvoiceStatus.SENT)
CREDITABLE = (InvoiceStatus.ISSUED, InvoiceStatus.SENT, InvoiceStatus.PAID)
OPEN = (InvoiceStatus.ISSUED, InvoiceStatus.SENT)  # waiting for payment


class Invoice(models.Model):
    """A frozen snapshot: everything it shows is copied here and never edited. A correction
    is a credit note (kind credit_note) that points at the original."""

    class Kind(models.TextChoices):
        INVOICE = "invoice", pgettext_lazy("invoice kind", "Invoice")
        CREDIT_NOTE = "credit_note", pgettext_lazy("invoice kind", "Credit note")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.INVOICE)
    series = models.CharField(_("series"), max_length=10)
    year = models.PositiveIntegerField(_("numbering year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    number = models.CharField(_("number"), max_length=30, unique=True)
    programme = models.ForeignKey(
        "onboarding.Programme", on_delete=models.PROTECT, related_name="invoices"
    )
    fee_year = models.PositiveIntegerField(_("fee year"))
    payer = models.ForeignKey(
        "onboarding.Municipality",
        verbose_name=_("payer"),
        on_delete=models.PROTECT,
        related_name="invoices",
    )
    credit_of = models.ForeignKey(
        "self",
        verbose_name=_("credits"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credit_notes",
    )
    status = FSMField(
        _("status"), default=InvoiceStatus.ISSUED, choices=InvoiceStatus.choices, protected=True
    )
    language = models.CharField(_("language"), max_length=2)
    issue_date = models.DateField(_("issue date"))
    due_date = models.DateField(_("due date"))
    reference = models.CharField(_("reference"), max_length=20)
    rf_reference = models.CharField(_("RF reference"), max_length=25)
    seller = models.JSONField(_("seller"))
    buyer = models.JSONField(_("buyer"))
    vat_rate = models.DecimalField(_("VAT rate (%)"), max_digits=5, decimal_places=2)
    net_total = models.DecimalField(_("total without VAT"), max_digits=12, decimal_places=2)
    vat_total = models.DecimalField(_("VAT"), max_digits=12, decimal_places=2)
    gross_total = models.DecimalField(_("total"), max_digits=12, decimal_places=2)
    reason = models.TextField(_("reason"), blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    pdf = models.FileField(_("PDF"), storage=private_storage, upload_to="invoices/", blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    pdf_error = models.TextField(_("PDF error"), blank=True)
    run = models.ForeignKey(
        "billing.InvoiceRun",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="invoices",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        db_table = "contracts_invoice"
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["series", "year", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "year", "sequence"], name="gapless_number_unique"
            ),
            # A run or a retry can never bill a payer twice for the same year.
            models.UniqueConstraint(
                fields=["programme", "fee_year", "payer"],
                condition=Q(kind="invoice"),
                name="one_invoice_per_payer_and_year",
            ),
        ]

    def __str__(self):
        return self.number

    def save(self, *args, **kwargs):
        # Frozen (SPEC 3.7): once issued, an invoice is a record of what was sent to the payer.
        # Only its payment state and dates and its PDF (made after the commit) may change, and
        # only by naming them; a correction of its content is a credit note.
        if not self._state.adding:
            changed = kwargs.get("update_fields")
            if changed is None or not set(changed) <= CHANGEABLE_AFTER_ISSUE:
                raise FrozenInvoice(self.number, changed)
        super().save(*args, **kwargs)

    @property
    def is_credit_note(self) -> bool:
        return self.kind == self.Kind.CREDIT_NOTE

    @transition(status, source=list(SENDABLE), target=InvoiceStatus.SENT, permission=finance_only)
    def mark_sent(self, on):
        self.sent_on = on

    @transition(status, source=list(PAYABLE), target=InvoiceStatus.PAID, permission=finance_only)
    def mark_paid(self, on):
        self.paid_on = on

    @transition(
        status, source=list(CREDITABLE), target=InvoiceStatus.CREDITED, permission=finance_only
    )
    def mark_credited(self):
        pass


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="lines")
    position = models.PositiveIntegerField()
    municipality_code = models.CharField(max_length=3)
    municipality_name = models.CharField(max_length=100)
    description = models.CharField(max_length=300)
    population = models.PositiveIntegerField(null=True)
    population_date = models.DateField(null=True)
    rate = models.DecimalField(max_digits=8, decimal_places=4, null=True)
    months = models.PositiveSmallIntegerField(null=True)
    # The first and last day of the months billed (the months the municipality was joined).
    period_start = models.DateField(null=True)
    period_end = models.DateField(null=True)
    net_amount = models.DecimalField(max_digits=12, decimal_places=2)
    vat_amount = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        db_table = "contracts_invoiceline"
        ordering = ["invoice", "position"]

    def __str__(self):
        return f"{self.invoice_id}/{self.position}"

    @property
    def period_text(self) -> str:
        """The months billed as printed: 1.5.–31.12.2025 (empty on a line made before
        periods were kept)."""
        if not (self.period_start and self.period_end):
            return ""
        return formatting.date_range(self.period_start, self.period_end)


class InvoiceRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", pgettext_lazy("run status", "Running")
        DONE = "done", pgettext_lazy("run status", "Done")
        FAILED = "failed", pgettext_lazy("run status", "Failed")

    programme = models.ForeignKey(
        "onboarding.Programme", on_delete=models.PROTECT, related_name="invoice_runs"
    )
    year = models.PositiveIntegerField(_("fee year"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    job = models.OneToOneField(
        "onboarding.Job", null=True, on_delete=models.PROTECT, related_name="invoice_run"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "contracts_invoicerun"
        constraints = [
            # One running run per programme and year, enforced by the database.
            models.UniqueConstraint(
                fields=["programme", "year"], condition=Q(status="running"), name="one_running_run"
            ),
        ]

    def __str__(self):
        return f"{self.programme_id} {self.year} ({self.status})"


class Payment(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments")
    reference = models.CharField(max_length=25)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    paid_on = models.DateField()
    source = models.CharField(max_length=200)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "contracts_payment"
        ordering = ["-paid_on"]

    def __str__(self):
        return f"{self.reference} {self.amount}"
