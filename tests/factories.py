"""Factories for test data (factory_boy), on the real registry every test database holds: the
309 municipalities, 28 consortia and the `ekirjasto` programme with agreement template v1 and
its connection checklist (`django_db_setup` in tests/conftest.py).

A row is made one of two ways, and each factory and trait says which:

* **Directly**, as contracts/demo.py and scheduling/demo.py write the demo history: the row in
  its state, each step of its way there in the transition log with its day, the signing
  evidence and checklist ticks where the state has them, and `joining_changed` where the
  services send it. No service is called: no permission or guard is checked, no document is
  rendered, no e-mail or notification is made, no row is locked. Fast; for data a test only
  needs to exist ("Helsinki's agreement, in force since 1.3.2024").
* **Through the services** (`take_live` here, the `*_for` fixtures of
  tests/contracts/conftest.py): for tests of the flow itself, its guards, e-mails, documents.

Every factory here creates (`.create()`, the default); `.build()` is not supported.
"""

import datetime
import hashlib

import factory
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone
from factory.django import DjangoModelFactory
from stdnum.fi import ytunnus

from contracts.models import Agreement, AgreementStatus, SignatureEvidence
from contracts.services.documents import current_template
from onboarding import selectors as registry
from onboarding.business_days import business_day_on_or_after, is_business_day
from onboarding.models import (
    Consortium,
    Contact,
    Municipality,
    Programme,
    Role,
    TransitionLog,
    User,
)
from onboarding.services.audit import log_transition
from onboarding.services.notifications import municipality_language
from onboarding.signals import joining_changed
from scheduling.models import ChecklistItem, ChecklistTick, Connection, ConnectionStatus, Wave

PASSWORD = "demo"
# The smallest file the signing check takes for a PDF (a header and a trailer).
SIGNED_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def ekirjasto() -> Programme:
    return Programme.objects.get(slug="ekirjasto")


def ahead(days: int) -> datetime.date:
    """A business day at least `days` from today: waves are planned ahead, so tests that
    make waves do not break as the calendar moves on."""
    return business_day_on_or_after(registry.today() + datetime.timedelta(days=days))


def business_day_on_or_before(day: datetime.date) -> datetime.date:
    while not is_business_day(day):
        day -= datetime.timedelta(days=1)
    return day


def _noon(day: datetime.date) -> datetime.datetime:
    """When a step dated `day` is logged: noon UTC of that day, as the demo logs it."""
    return datetime.datetime.combine(day, datetime.time(12, 0), tzinfo=datetime.UTC)


def _log(record, transition: str, before: str, day: datetime.date, by=None) -> None:
    log_transition(
        record=record,
        transition=transition,
        from_state=before,
        by=by,
        at=min(_noon(day), timezone.now()),
    )


# --- people ----------------------------------------------------------------------------------


class UserFactory(DjangoModelFactory):
    """A user who logs in with the password `demo` (PASSWORD), e-mail `<username>@example.invalid`.

    A municipal manager unless a trait says otherwise: `coordinator=True`, `finance=True`,
    `manager=True`, or `integration=True` (a machine user of the API, named
    `integration:...`, without a password; its token comes from `api_token_create`).
    `codes=("091",)` gives the municipalities a manager manages; each must exist. Written
    directly (no invitation)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"t-user-{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.invalid")
    password = PASSWORD  # hashed by _create, also when given
    role = Role.MANAGER

    class Params:
        coordinator = factory.Trait(role=Role.COORDINATOR)
        finance = factory.Trait(role=Role.FINANCE)
        manager = factory.Trait(role=Role.MANAGER)
        integration = factory.Trait(
            role=Role.INTEGRATION,
            username=factory.Sequence(lambda n: f"integration:t-{n}"),
            email="",
            password=None,  # unusable: it never logs in
        )

    @classmethod
    def _create(cls, model_class, *args, password=PASSWORD, **kwargs):
        user = model_class(*args, **kwargs)
        user.set_password(password)
        user.save()
        return user

    @factory.post_generation
    def codes(user, create, extracted, **kwargs):
        if not extracted:
            return
        municipalities = list(Municipality.objects.filter(code__in=extracted))
        missing = set(extracted) - {m.code for m in municipalities}
        if missing:
            raise ValueError(f"no municipality with the code {', '.join(sorted(missing))}")
        user.municipalities.set(municipalities)


# --- agreements ------------------------------------------------------------------------------

STEPS = ("draft", "sent", "signed", "in_force", "terminated")
SENT_ON = datetime.date(2024, 1, 15)
SIGNED_ON = datetime.date(2024, 3, 1)  # before the signing deadline 15.3.2024: launch cohort
END_DATE = datetime.date(2025, 12, 31)


def _reached(step: str, agreement) -> bool:
    return STEPS.index(agreement.step) >= STEPS.index(step)


class AgreementFactory(DjangoModelFactory):
    """`AgreementFactory(code="091")`: the municipality's E-kirjasto agreement, a draft of the
    current template version in the municipality's language.

    Traits, each written directly (see the module docstring), with the dates as parameters:

    * `sent=True`: sent on `sent_on` (default 15.1.2024, or the signing day if earlier).
    * `signed=True`: sent, and signed on `signed_on` (default 1.3.2024, in the launch cohort),
      with signing evidence (a small PDF; recorded by `by`, or on the municipality's behalf).
    * `in_force=True`: signed and countersigned, in force from `in_force_on` (default: the
      signing day).
    * `terminated=True`: in force, and ended on `end_date` (default 31.12.2025).

    `by` (default None) is the user named in the transition log. A date for a step the
    agreement does not reach, or dates out of order, are refused. For the real transitions
    (documents, e-mails, guards) use the services, as tests/contracts/conftest.py does."""

    class Meta:
        model = Agreement

    class Params:
        code = "091"
        sent = factory.Trait(step="sent")
        signed = factory.Trait(step="signed")
        in_force = factory.Trait(step="in_force")
        terminated = factory.Trait(step="terminated")

    # Not fields: taken by _create.
    step = "draft"
    by = None

    programme = factory.LazyFunction(ekirjasto)
    municipality = factory.LazyAttribute(lambda a: Municipality.objects.get(code=a.code))
    language = factory.LazyAttribute(lambda a: municipality_language(a.municipality))
    template = factory.LazyAttribute(lambda a: current_template(a.programme))
    sent_on = factory.LazyAttribute(
        lambda a: min(SENT_ON, a.signed_on or SENT_ON) if _reached("sent", a) else None
    )
    signed_on = factory.LazyAttribute(lambda a: SIGNED_ON if _reached("signed", a) else None)
    in_force_on = factory.LazyAttribute(lambda a: a.signed_on if _reached("in_force", a) else None)
    end_date = factory.LazyAttribute(
        lambda a: max(END_DATE, a.in_force_on) if _reached("terminated", a) else None
    )

    @classmethod
    def _create(cls, model_class, *args, step="draft", by=None, **kwargs):
        days = {field: kwargs.pop(field) for field in ("sent_on", "signed_on", "in_force_on")}
        end_date = kwargs.pop("end_date")
        for field, needs in (
            ("sent_on", "sent"),
            ("signed_on", "signed"),
            ("in_force_on", "in_force"),
            ("end_date", "terminated"),
        ):
            given = end_date if field == "end_date" else days[field]
            if given is not None and STEPS.index(step) < STEPS.index(needs):
                raise ValueError(f"{field} is given, but the agreement is only {step}")
        dated = [day for day in (*days.values(), end_date) if day is not None]
        if dated != sorted(dated):
            raise ValueError("sent_on, signed_on, in_force_on and end_date must be in that order")
        agreement = super()._create(model_class, *args, **kwargs)
        reached = STEPS.index(step)
        if reached >= STEPS.index("sent"):
            agreement.send(days["sent_on"])
            agreement.save()
            _log(agreement, "send", AgreementStatus.DRAFT, days["sent_on"], by)
        if reached >= STEPS.index("signed"):
            cls._sign(agreement, days["signed_on"], by)
        if reached >= STEPS.index("in_force"):
            agreement.countersign(days["in_force_on"])
            agreement.save()
            _log(agreement, "countersign", AgreementStatus.SIGNED, days["in_force_on"], by)
            joining_changed.send(sender=__name__)
        if reached >= STEPS.index("terminated"):
            agreement.terminate(end_date, "")
            agreement.save()
            _log(agreement, "terminate", AgreementStatus.IN_FORCE, end_date, by)
        return agreement

    @staticmethod
    def _sign(agreement: Agreement, day: datetime.date, by) -> None:
        managed = bool(by and by.municipalities.filter(pk=agreement.municipality_id).exists())
        evidence = SignatureEvidence(
            agreement=agreement,
            original_name="allekirjoitettu.pdf",
            sha256=hashlib.sha256(SIGNED_PDF).hexdigest(),
            size=len(SIGNED_PDF),
            signer_name="Anna Allekirjoittaja",
            signer_title="Kaupunginjohtaja",
            signed_on=day,
            authority="Kaupunginhallitus 12.2.2024 § 34",
            recorded_by=by,
            recorded_on_behalf=not (managed and by.is_manager),
        )
        evidence.file.save(
            f"ekirjasto-{agreement.municipality.code}-signed.pdf",
            ContentFile(SIGNED_PDF),
            save=False,
        )
        evidence.save()
        agreement.sign(day)
        agreement.save()
        _log(agreement, "sign", AgreementStatus.SENT, day, by)


# --- connections -----------------------------------------------------------------------------


class WaveFactory(DjangoModelFactory):
    """A connection wave of E-kirjasto, written directly (so any day, past ones too): by
    default on the business day at least `days` (14) ahead of today, as a coordinator plans
    one (`ahead`), for 5 units. The same programme and day give the same wave, as the
    database allows one wave per programme and day."""

    class Meta:
        model = Wave
        django_get_or_create = ("programme", "date")

    class Params:
        days = 14

    programme = factory.LazyFunction(ekirjasto)
    date = factory.LazyAttribute(lambda wave: ahead(wave.days))
    capacity_units = 5
    capacity_residents = None


CONNECTION_STEPS = (
    ConnectionStatus.SCHEDULED,
    ConnectionStatus.IN_PROGRESS,
    ConnectionStatus.CONNECTED,
    ConnectionStatus.LIVE,
)


class ConnectionFactory(DjangoModelFactory):
    """`ConnectionFactory(unit="helmet")`: the connection unit's E-kirjasto connection,
    scheduled in a wave (default: a WaveFactory wave ahead). Written directly, as
    scheduling/demo.py writes the demo connections; the unit's completeness and its members'
    agreements are not checked.

    * `in_progress=True`, `connected=True` (every checklist item ticked);
    * `live_on=day`: live since `day` (its go-live date), connected in a wave on the business
      day on or before it unless a `wave` is given.

    For a unit taken live through the services (guards, e-mails), use `take_live`."""

    class Meta:
        model = Connection

    class Params:
        unit = "helmet"
        live_on = None
        in_progress = factory.Trait(status=ConnectionStatus.IN_PROGRESS)
        connected = factory.Trait(status=ConnectionStatus.CONNECTED)

    programme = factory.LazyFunction(ekirjasto)
    unit_key = factory.SelfAttribute("unit")
    status = factory.Maybe("live_on", ConnectionStatus.LIVE, ConnectionStatus.SCHEDULED)
    go_live_on = factory.SelfAttribute("live_on")
    wave = factory.Maybe(
        "live_on",
        factory.SubFactory(
            WaveFactory,
            programme=factory.SelfAttribute("..programme"),
            date=factory.LazyAttribute(
                lambda wave: business_day_on_or_before(wave.factory_parent.live_on)
            ),
        ),
        factory.SubFactory(WaveFactory, programme=factory.SelfAttribute("..programme")),
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        key, status = kwargs["unit_key"], kwargs["status"]
        if not (
            Consortium.objects.filter(slug=key).exists()
            or Municipality.objects.filter(code=key).exists()
        ):
            raise ValueError(f"no connection unit {key}")
        if (status == ConnectionStatus.LIVE) != (kwargs["go_live_on"] is not None):
            raise ValueError("a live connection needs live_on, and only a live one has it")
        connection = super()._create(model_class, *args, **kwargs)
        wave_day = connection.wave.date if connection.wave else registry.today()
        reached = CONNECTION_STEPS.index(status)
        steps = [
            ("schedule", "", wave_day - datetime.timedelta(days=28)),
            ("start", ConnectionStatus.SCHEDULED, wave_day),
            ("connect", ConnectionStatus.IN_PROGRESS, wave_day),
            ("go_live", ConnectionStatus.CONNECTED, connection.go_live_on),
        ]
        content_type = ContentType.objects.get_for_model(Connection)
        TransitionLog.objects.bulk_create(
            TransitionLog(
                content_type=content_type,
                object_id=connection.pk,
                transition=transition,
                from_state=before,
                to_state=CONNECTION_STEPS[index],
                at=min(_noon(day), timezone.now()),
            )
            for index, (transition, before, day) in enumerate(steps[: reached + 1])
        )
        if reached >= CONNECTION_STEPS.index(ConnectionStatus.CONNECTED):
            done_at = min(_noon(wave_day), timezone.now())
            ChecklistTick.objects.bulk_create(
                ChecklistTick(connection=connection, item=item, done_at=done_at)
                for item in ChecklistItem.objects.filter(programme=connection.programme)
            )
        if status == ConnectionStatus.LIVE:
            joining_changed.send(sender=__name__)
        return connection


def take_live(unit: str, *, by, days: int = 14, on: datetime.date | None = None) -> Connection:
    """A unit taken live through the real services, for tests of that flow: confirmed into
    the wave `days` ahead (made with wave_create unless there is one that day), started, every
    checklist item ticked, connected, and live on `on` (default: the wave's day). Whatever the
    services refuse raises (an incomplete unit: Conflict)."""
    from scheduling.services.connections import connection_tick, connection_transition
    from scheduling.services.schedule import schedule_confirm
    from scheduling.services.waves import wave_create

    programme = ekirjasto()
    day = ahead(days)
    wave = Wave.objects.filter(programme=programme, date=day).first() or wave_create(
        programme=programme, day=day, capacity_units=50, capacity_residents=None, by=by
    )
    [connection] = schedule_confirm(programme=programme, assignments={unit: wave.pk}, by=by)
    connection_transition(connection=connection, transition="start", by=by)
    for item in ChecklistItem.objects.filter(programme=programme):
        connection_tick(connection=connection, item_key=item.key, done=True, by=by)
    connection_transition(connection=connection, transition="connect", by=by)
    connection_transition(connection=connection, transition="go_live", by=by, on=on or day)
    return Connection.objects.get(pk=connection.pk)


def ready_to_send(code: str) -> Municipality:
    """The details an agreement names (contracts.selectors.REQUIRED), as a
    coordinator would have applied them from the municipality's pre-join survey: the
    business ID (the real one where data/reference has it; else one made up for the test
    database, with a valid check digit), the agreement contact, the signatory and the
    decision body. Only what is missing is filled."""
    municipality = Municipality.objects.get(code=code)
    changes = {}
    if not municipality.business_id:
        digits = f"{9000000 + int(code):07d}"
        check = next(d for d in "0123456789" if ytunnus.is_valid(f"{digits}-{d}"))
        changes["business_id"] = f"{digits}-{check}"
    if not municipality.signatory_name:
        changes["signatory_name"] = "Kaisa Kunnanjohtaja"
    if not municipality.signatory_title:
        changes["signatory_title"] = "kunnanjohtaja"
    if not municipality.decision_body:
        changes["decision_body"] = "Kunnanhallitus"
    if changes:
        Municipality.objects.filter(pk=municipality.pk).update(**changes)
    if not municipality.contacts.filter(kind=Contact.Kind.AGREEMENT).exists():
        Contact.objects.create(
            municipality=municipality,
            kind=Contact.Kind.AGREEMENT,
            name="Sanna Sopimus",
            email=f"sopimus-{code}@example.invalid",
        )
    return Municipality.objects.get(pk=municipality.pk)


LAUNCH = datetime.date(2024, 4, 29)  # E-kirjasto went live (shared/data README)


def joined(code: str, *, signed_on: datetime.date = SIGNED_ON, live_on: datetime.date = LAUNCH):
    """The municipality `code` joined as scheduling.joined reads it: every member of its
    connection unit (on `live_on`) with an agreement in force since `signed_on` (those that
    have none get one), and the unit's connection live since `live_on` (made unless there is
    one). Written directly, like the factories above. Returns the unit's key."""
    [unit] = [u for u in registry.connection_units(on=live_on) if code in u.member_codes]
    programme = ekirjasto()
    have = set(
        Agreement.objects.filter(
            programme=programme, municipality__code__in=unit.member_codes
        ).values_list("municipality__code", flat=True)
    )
    for member in sorted(set(unit.member_codes) - have):
        AgreementFactory(code=member, in_force=True, signed_on=signed_on)
    if not Connection.objects.filter(programme=programme, unit_key=unit.key).exists():
        ConnectionFactory(unit=unit.key, live_on=live_on)
    return unit.key


def join_smallest_units(members: int) -> None:
    """Join the smallest connection units until at least `members` municipalities have joined,
    each paying for itself: a run of some `members` invoices, for the tests of a run's work."""
    joined_members = 0
    for unit in sorted(registry.connection_units(on=LAUNCH), key=lambda u: len(u.member_codes)):
        if joined_members >= members:
            return
        joined(unit.member_codes[0])
        joined_members += len(unit.member_codes)
