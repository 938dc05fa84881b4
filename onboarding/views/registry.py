"""Registry pages: municipalities, consortia and the map. Thin: rows come from selectors,
changes go through services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin

from contracts.models import AgreementStatus
from contracts.selectors import (
    agreements_for_user,
    agreements_of_municipality,
    completeness_of_unit,
    members_with_agreements,
    unit_completeness,
)
from onboarding import maps, selectors
from onboarding.filters import MunicipalityFilter
from onboarding.forms import ContactForm, MunicipalityDetailsForm
from onboarding.models import Contact, LanguageStatus, Municipality, Programme
from onboarding.services.registry import (
    contact_delete,
    contact_save,
    municipality_update_details,
)
from onboarding.tables import MunicipalityTable


class MunicipalityListView(LoginRequiredMixin, ExportMixin, SingleTableMixin, FilterView):
    table_class = MunicipalityTable
    filterset_class = MunicipalityFilter
    template_name = "onboarding/municipality_list.html"
    table_pagination = {"per_page": 50}
    export_formats = ("csv", "xlsx")
    export_name = "municipalities"

    def get_queryset(self):
        return selectors.municipality_list(self.request.user)


def _can_edit(user, municipality) -> bool:
    return user.is_coordinator or (
        user.is_manager and user.municipalities.filter(pk=municipality.pk).exists()
    )


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
        "can_edit": _can_edit(request.user, municipality),
        "agreements": agreements_of_municipality(request.user, municipality),
    }
    if request.user.is_coordinator:
        context["history"], context["population_changes"], context["membership_changes"] = _history(
            municipality
        )
    return render(request, "onboarding/municipality_detail.html", context)


@login_required
def municipality_edit(request, code):
    municipality = selectors.municipality_get(request.user, code)
    if not _can_edit(request.user, municipality):
        raise PermissionDenied
    initial = {
        k: getattr(municipality, k)
        for k in ("business_id", "einvoice_address", "einvoice_operator")
    }
    form = MunicipalityDetailsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        try:
            municipality_update_details(
                municipality=municipality, by=request.user, reason=reason, **data
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request, _("The details of %(name)s were saved.") % {"name": municipality.name}
            )
            return redirect("municipality_detail", code=municipality.code)
    return render(
        request, "onboarding/municipality_edit.html", {"municipality": municipality, "form": form}
    )


@login_required
def contact_edit(request, code, pk=None):
    municipality = selectors.municipality_get(request.user, code)
    if not _can_edit(request.user, municipality):
        raise PermissionDenied
    contact = (
        get_object_or_404(Contact, pk=pk, municipality=municipality)
        if pk
        else Contact(municipality=municipality)
    )
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST":
        if "delete" in request.POST and contact.pk:
            contact_delete(contact=contact, by=request.user)
            messages.success(request, _("The contact was removed."))
            return redirect("municipality_detail", code=code)
        if form.is_valid():
            contact_save(contact=form.save(commit=False), by=request.user)
            messages.success(request, _("The contact was saved."))
            return redirect("municipality_detail", code=code)
    return render(
        request,
        "onboarding/contact_edit.html",
        {"municipality": municipality, "form": form, "contact": contact},
    )


@login_required
def consortium_list(request):
    summaries = selectors.consortium_summaries(request.user)
    return render(
        request,
        "onboarding/consortium_list.html",
        {
            "summaries": summaries,
            "total_population": sum(s.population for s in summaries),
            "total_members": sum(len(s.members) for s in summaries),
        },
    )


@login_required
def consortium_detail(request, slug):
    summary = selectors.consortium_get(request.user, slug)
    programmes = []
    for programme in Programme.objects.order_by("launch_date"):
        unit = completeness_of_unit(programme, slug)
        agreements = members_with_agreements(request.user, programme, summary.member_codes)
        programmes.append({"programme": programme, "unit": unit, "agreements": agreements})
    for member in summary.members:
        member.agreements = [p["agreements"].get(member.code) for p in programmes]
    return render(
        request, "onboarding/consortium_detail.html", {"summary": summary, "programmes": programmes}
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
            values[code] = m.region
    if attribute == "language_status":
        order = [str(label) for _value, label in LanguageStatus.choices]
        return values, maps.colour_map(values, order)
    colours = maps.colour_map(values, sorted(set(values.values()) - {none_label}))
    colours[none_label] = "#4d4d4d"
    return values, colours


def _onboarding_colours(request, attribute, rows):
    """Agreement status, or whether the municipality's connection unit has all signatures,
    in the chosen (default: first) programme."""
    programmes = list(Programme.objects.order_by("launch_date"))
    programme = next(
        (p for p in programmes if p.slug == request.GET.get("programme")),
        programmes[0] if programmes else None,
    )
    if programme is None:
        raise Http404(_("No programmes yet."))
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
    rows = {m.code: m for m in selectors.municipality_list(request.user)}
    if attribute in ("agreement", "completeness"):
        values, colours = _onboarding_colours(request, attribute, rows)
    else:
        values, colours = _registry_colours(attribute, rows)
    areas, viewbox, legend = maps.build(
        values,
        {code: m.name for code, m in rows.items()},
        colours,
        lambda code: reverse("municipality_detail", args=[code]),
    )
    return render(
        request,
        "onboarding/map.html",
        {
            "areas": areas,
            "viewbox": viewbox,
            "legend": legend,
            "attribute": attribute,
            "attributes": MAP_ATTRIBUTES,
            "attribute_label": MAP_ATTRIBUTES[attribute],
            "table_rows": sorted(
                ((m, values[m.code]) for m in rows.values()), key=lambda r: r[0].name
            ),
        },
    )
