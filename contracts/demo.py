"""Demo agreements for `make run` (DEBUG only), playing out the real onboarding history.

Marked is_demo and shown as demo data. What is real: the launch cohort signed by the deadline
15.3.2024 (a bit over 200 municipalities, about 85 % of residents); the 59 municipalities of
the earlier northern e-library (regions Pohjois-Pohjanmaa, Kainuu and Lappi) joined at the
turn of 2025; about 280 municipalities by mid-2025 (data/reference/README.md section 3). Which
other municipalities joined when, and every date and signer below, is made up; so are the
three small units that sign in autumn 2026 and are not connected yet. The connections of
this history are scheduling's (scheduling/demo.py)."""

import datetime
import hashlib
from decimal import Decimal

from contracts.models import Agreement, SignatureEvidence
from contracts.services.documents import agreement_template_create
from onboarding import selectors as registry
from onboarding.models import Municipality
from onboarding.services.audit import log_transition
from onboarding.services.notifications import municipality_language
from onboarding.storage import atomic_with_files, save_file

NORTHERN_REGIONS = {"17", "18", "19"}  # Pohjois-Pohjanmaa, Kainuu, Lappi: 59 municipalities
NOT_SENT = {"905", "768", "420"}  # Vaasa, Sulkava, Leppavirta
FREDRIKA = "fredrika"
FREDRIKA_SIGNED = {"545", "287", "280"}  # Narpio, Kristiinankaupunki, Korsnas
ALAND_REGION = "21"
MERGED = {"588": datetime.date(2024, 12, 31)}  # Pertunmaa, merged into Mantyharju
# Small units that join later, so that the cohort keeps most residents at the opening (data
# README 3.7: a bit over 200 municipalities and about 85 % at the opening, about 280 by
# mid-2025): Blanka (Kimito, Pargas) and Siilinjärvi sign in spring 2025, live 1.6.2025;
# Kangasniemi and Somero sign only in autumn 2026 and wait to be scheduled.
LATER = {"blanka", "749"}
AWAITING = {"213", "761"}


def _day(start: datetime.date, span_days: int, key: str) -> datetime.date:
    spread = int(hashlib.sha256(key.encode()).hexdigest()[:6], 16) % max(span_days, 1)
    return start + datetime.timedelta(days=spread)


def demo_pdf() -> bytes:
    from contracts.rendering import html_to_pdf

    return html_to_pdf(
        "<h1>Demo</h1><p>Demoaineisto: allekirjoitettu sopimus ei ole "
        "saatavilla. / Demodata. / Demo data: no signed copy.</p>",
        title="Demo",
        language="fi",
    )


def demo_plan():
    """municipality code -> (group, unit key)."""
    day = datetime.date(2024, 6, 1)  # the 2024 division
    municipalities = {m.code: m for m in Municipality.objects.filter(registry.valid_on_q(day))}
    units = registry.connection_units(on=day)
    plan = {}
    candidates = []
    for unit in units:
        regions = {municipalities[c].region_code for c in unit.member_codes}
        if regions & NORTHERN_REGIONS:
            group = "northern"
        elif unit.key == FREDRIKA:
            group = "fredrika"
        elif regions == {ALAND_REGION}:
            group = "aland"
        elif set(unit.member_codes) <= NOT_SENT:
            group = "not_sent"
        else:
            group = "cohort"
            candidates.append(unit)
        for code in unit.member_codes:
            plan[code] = group
    for unit in candidates:
        if unit.key in LATER or unit.key in AWAITING:
            for code in unit.member_codes:
                plan[code] = "later" if unit.key in LATER else "awaiting"
    return municipalities, plan


@atomic_with_files()  # a failed seed leaves none of its signed PDFs behind
def agreement_demo_seed(*, programme) -> list[str]:
    template = agreement_template_create(programme=programme, version=1)
    if Agreement.objects.filter(programme=programme).exists():
        return ["demo agreements exist"]
    municipalities, plan = demo_plan()
    pdf = demo_pdf()
    digest = hashlib.sha256(pdf).hexdigest()
    counts = {}
    for code, municipality in sorted(municipalities.items()):
        group = plan.get(code, "cohort")
        agreement = Agreement.objects.create(
            programme=programme,
            municipality=municipality,
            template=template,
            language=municipality_language(municipality),
            is_demo=True,
        )
        if group == "not_sent":
            counts["draft"] = counts.get("draft", 0) + 1
            continue
        signs = group in ("cohort", "northern", "later", "awaiting") or (
            group == "fredrika" and code in FREDRIKA_SIGNED
        )
        if group in ("cohort", "fredrika"):
            sent, signed = datetime.date(2024, 1, 15), _day(datetime.date(2024, 2, 1), 44, code)
        elif group == "northern":
            sent, signed = datetime.date(2024, 8, 15), _day(datetime.date(2024, 10, 1), 60, code)
        elif group == "awaiting":
            sent, signed = datetime.date(2026, 8, 17), _day(datetime.date(2026, 9, 1), 50, code)
        else:
            sent, signed = datetime.date(2024, 8, 15), _day(datetime.date(2025, 2, 3), 80, code)
        _step(agreement, "send", sent, agreement.send, sent)
        if signs:
            evidence = SignatureEvidence(
                agreement=agreement,
                original_name="demo.pdf",
                sha256=digest,
                size=len(pdf),
                # Whom the registry names (the demo's accepted pre-join answers), if anyone.
                signer_name=municipality.signatory_name or "Demo Allekirjoittaja",
                signer_title=municipality.signatory_title or "Kunnanjohtaja",
                signed_on=signed,
                authority=f"{municipality.decision_body or 'Kunnanhallitus'} (demo)",
                recorded_by=None,
                recorded_on_behalf=True,
            )
            save_file(evidence.file, f"demo-{code}.pdf", pdf)
            evidence.save()
            _step(agreement, "sign", signed, agreement.sign, signed)
            countersigned = (
                min(signed + datetime.timedelta(days=7), max(signed, datetime.date(2024, 4, 19)))
                if group == "cohort"
                else signed + datetime.timedelta(days=7)
            )
            _step(agreement, "countersign", countersigned, agreement.countersign, countersigned)
            if code in MERGED:
                _step(
                    agreement,
                    "terminate",
                    MERGED[code],
                    agreement.terminate,
                    MERGED[code],
                    "Kuntaliitos Mäntyharjuun 1.1.2025 / merged into Mäntyharju",
                )
        counts[str(agreement.status)] = counts.get(str(agreement.status), 0) + 1
    cohort = [
        a
        for a in Agreement.objects.filter(programme=programme).select_related("programme")
        if a.launch_cohort
    ]
    figures = dict(
        registry.with_registry_data(Municipality.objects.all()).values_list("code", "population")
    )
    total = sum(v or 0 for v in figures.values())
    covered = sum(figures.get(a.municipality.code) or 0 for a in cohort)
    share = Decimal(100 * covered / total).quantize(Decimal("0.1")) if total else 0
    return [
        f"demo agreements: {counts}",
        f"launch cohort: {len(cohort)} municipalities, {share} % of residents",
    ]


def _step(agreement, name, day, method, *args):
    before = agreement.status
    method(*args)
    agreement.save()
    log_transition(
        record=agreement,
        transition=name,
        from_state=before,
        by=None,
        at=datetime.datetime.combine(day, datetime.time(12, 0), tzinfo=datetime.UTC),
        reason="demo",
    )
