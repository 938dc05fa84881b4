"""The home pages: the coordinators' dashboard, a manager's start page, and the pages that
show a municipality or a consortium across every stage (registry, agreements), and the map."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tables2 import RequestConfig

from contracts.models import AgreementStatus
from contracts.selectors import (
    agreements_for_user,
    agreements_of_municipality,
    completeness_of_unit,
    members_with_agreements,
    unit_completeness,
)
from eligibility import persons
from eligibility.models import Reason
from onboarding import maps, selectors
from onboarding.models import LanguageStatus, Municipality
from onboarding.permissions import can_edit_municipality, is_coordinator, sees_all
from portal import dashboard as figures
from portal.cache import figures_cached
from portal.home import finance_home, manager_home
from portal.tables import ColouringTable, StatusTable


@login_required
def home(request):
    """Coordinators land on the dashboard; finance on its invoices and runs; a manager on
    what their municipalities have to do next."""
    user = request.user
    if user.is_finance and not user.is_coordinator:
        return render(request, "portal/finance_home.html", {"home": finance_home(user)})
    if user.sees_all_municipalities:
        return _dashboard(request)
    municipalities = selectors.municipality_list(user)
    context = {
        "programmes": selectors.programmes_for_user(user),
        "municipality_count": municipalities.count(),
    }
    if user.is_manager:
        context["my_municipalities"] = list(municipalities)
        context["my_consortia"] = selectors.consortium_summaries(user)
        context["next"] = manager_home(user)
    else:
        units = selectors.connection_units()
        context["unit_count"] = len(units)
        context["consortium_unit_count"] = sum(1 for u in units if u.is_consortium)
    return render(request, "portal/home.html", context)


@login_required
def dashboard(request):
    """The coordinators' dashboard at its own address, for every nationwide role (finance
    lands on its own home and comes here by a link); a manager goes home."""
    if not request.user.sees_all_municipalities:
        return redirect("home")
    return _dashboard(request)


def _dashboard(request):
    """The programme chosen with ?programme= (default: the first), its figures, its map of
    onboarding statuses and what needs action now. Nationwide roles only (see `home`)."""
    programmes = list(selectors.programmes_for_user(request.user))
    programme = selectors.chosen_programme(programmes, request.GET.get("programme"))
    context = {"programmes": programmes, "programme": programme}
    if programme is not None:
        labels = {status.value: str(status.label) for status in figures.OnboardingStatus}
        day = selectors.today()

        def compute():
            board = figures.dashboard(programme, on=day)
            drawn = maps.onboarding_status_map(
                {m.code: m.status for m in board.municipalities},
                labels,
                {m.code: m.name for m in board.municipalities},
                lambda code: reverse("municipality_detail", args=[code]),
            )
            return board, drawn

        board, (areas, viewbox, legend) = figures_cached("dashboard", (programme.pk, day), compute)
        ranks = {status: rank for rank, status in enumerate(figures.OnboardingStatus)}
        table = StatusTable(
            [
                {
                    "name": m.name,
                    "code": m.code,
                    "population": m.population,
                    "status": labels[m.status],
                    "rank": ranks[m.status],
                }
                for m in board.municipalities
            ]
        )
        RequestConfig(request).configure(table)
        context.update(
            board=board,
            areas=areas,
            viewbox=viewbox,
            legend=legend,
            table=table,
            table_open="page" in request.GET or "sort" in request.GET,
            uncoloured_areas=any(not area.href for area in areas),
            status_labels=labels,
            overdue_after_days=figures.OVERDUE_AFTER_DAYS,
        )
        if programme.residence_access:  # what the login service was answered, counted
            context.update(
                login_answers=persons.counts_by_day(programme, 7, today=day),
                login_reasons=Reason.choices,
            )
    return render(request, "portal/dashboard.html", context)


def _history(municipality):
    """Field-level changes, newest first: who, when, what from and to, and why."""
    rows = []
    records = list(
        municipality.history.select_related("history_user").order_by("-history_date", "-pk")
    )
    for newer, older in zip(records, records[1:] + [None], strict=False):
        if older is None:
            rows.append({"record": newer, "changes": [], "created": True})
            continue
        delta = newer.diff_against(older)
        if delta.changes:
            changes = [
                {
                    "field": Municipality._meta.get_field(c.field).verbose_name,
                    "old": c.old,
                    "new": c.new,
                }
                for c in delta.changes
            ]
            rows.append({"record": newer, "changes": changes, "created": False})
    figures = (
        municipality.population_figures.model.history.filter(municipality_id=municipality.pk)
        .select_related("history_user")
        .order_by("-history_date")
    )
    memberships = (
        municipality.memberships.model.history.filter(municipality_id=municipality.pk)
        .select_related("history_user", "consortium")
        .order_by("-history_date")
    )
    return rows, list(figures), list(memberships)


@login_required
def municipality_detail(request, code):
    municipality = selectors.municipality_get(request.user, code)
    context = {
        "municipality": municipality,
        "population_history": selectors.population_history(municipality),
        "memberships": selectors.memberships_of(municipality),
        "contacts": municipality.contacts.all(),
        "merged_from": municipality.merged_from.order_by("valid_to", "name_fi"),
        "can_edit": can_edit_municipality(request.user, municipality),
        "can_merge": is_coordinator(request.user) and municipality.merged_into_id is None,
        "agreements": agreements_of_municipality(request.user, municipality),
    }
    if is_coordinator(request.user):
        context["history"], context["population_changes"], context["membership_changes"] = _history(
            municipality
        )
    return render(request, "portal/municipality_detail.html", context)


@login_required
def consortium_detail(request, slug):
    summary = selectors.consortium_get(request.user, slug)
    programmes = []
    for programme in selectors.programmes_with_consortia():
        unit = completeness_of_unit(programme, slug)
        agreements = members_with_agreements(request.user, programme, summary.member_codes)
        programmes.append({"programme": programme, "unit": unit, "agreements": agreements})
    for member in summary.members:
        member.agreements = [p["agreements"].get(member.code) for p in programmes]
    return render(
        request, "portal/consortium_detail.html", {"summary": summary, "programmes": programmes}
    )


MAP_ATTRIBUTES = {
    "agreement": gettext_lazy("Agreement status"),
    "completeness": gettext_lazy("Consortium completeness"),
    "consortium": gettext_lazy("Consortium"),
    "language_status": gettext_lazy("Language status"),
    "region": gettext_lazy("Region"),
}


AGREEMENT_COLOURS = {
    "none": "#8a949c",
    AgreementStatus.DRAFT: "#b08d00",
    AgreementStatus.SENT: "#1f6fb2",
    AgreementStatus.SIGNED: "#6a4fb0",
    AgreementStatus.IN_FORCE: "#1e7b34",
    AgreementStatus.DECLINED: "#c0392b",
    AgreementStatus.WITHDRAWN: "#c0392b",
    AgreementStatus.TERMINATED: "#6d4c41",
}


def _registry_colours(attribute, rows):
    none_label = _("Own library system")
    values = {}
    for code, m in rows.items():
        if attribute == "consortium":
            values[code] = m.consortium_name or none_label
        elif attribute == "language_status":
            values[code] = m.get_language_status_display()
        else:
            values[code] = m.region_name
    if attribute == "language_status":
        order = [str(label) for _value, label in LanguageStatus.choices]
        return values, maps.colour_map(values, order)
    colours = maps.colour_map(values, sorted(set(values.values()) - {none_label}))
    colours[none_label] = "#4d4d4d"
    return values, colours


def _onboarding_colours(request, programme, attribute, rows):
    """Agreement status, or whether the municipality's connection unit has all signatures,
    in `programme`."""
    if attribute == "agreement":
        labels = {"none": str(_("No agreement")), **{k: str(v) for k, v in AgreementStatus.choices}}
        status = dict(
            agreements_for_user(request.user)
            .filter(programme=programme, municipality__code__in=rows)
            .values_list("municipality__code", "status")
        )
        values = {code: labels[status.get(code, "none")] for code in rows}
        colours = {labels[k]: c for k, c in AGREEMENT_COLOURS.items()}
        return values, colours
    complete, incomplete = str(_("All members signed")), str(_("Waiting for members"))
    # A municipality that no longer exists (merged) is in no connection unit today.
    no_unit = str(_("Not in any connection unit"))
    values = dict.fromkeys(rows, no_unit)
    for unit in unit_completeness(programme):
        for code, _name in unit.members:
            if code in rows:
                values[code] = complete if unit.complete else incomplete
    return values, {complete: "#1e7b34", incomplete: "#c0392b", no_unit: "#8a949c"}


@login_required
def municipality_map(request):
    attribute = request.GET.get("colour", "consortium")
    if attribute not in MAP_ATTRIBUTES:
        raise Http404(_("Unknown map colouring."))
    programme = None
    if attribute in ("agreement", "completeness"):
        programme = selectors.programme_from_request(request)[1]

    def compute():
        rows = {m.code: m for m in selectors.municipality_list(request.user)}
        if programme is not None:
            values, colours = _onboarding_colours(request, programme, attribute, rows)
        else:
            values, colours = _registry_colours(attribute, rows)
        drawn = maps.build(
            values,
            {code: m.name for code, m in rows.items()},
            colours,
            lambda code: reverse("municipality_detail", args=[code]),
        )
        listed = [{"name": m.name, "code": m.code, "value": values[m.code]} for m in rows.values()]
        return drawn, sorted(listed, key=lambda row: row["name"])

    if sees_all(request.user):  # the same map for every nationwide user: computed once
        key = (attribute, programme.pk if programme else "")
        (areas, viewbox, legend), listed = figures_cached("map", key, compute)
    else:
        (areas, viewbox, legend), listed = compute()
    label = MAP_ATTRIBUTES[attribute]
    table = ColouringTable(listed, label=label)
    RequestConfig(request).configure(table)
    return render(
        request,
        "portal/map.html",
        {
            "areas": areas,
            "viewbox": viewbox,
            "legend": legend,
            "attribute": attribute,
            "attributes": MAP_ATTRIBUTES,
            "attribute_label": label,
            "table": table,
            "table_open": "page" in request.GET or "sort" in request.GET,
        },
    )
