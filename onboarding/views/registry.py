"""Registry pages: the municipality list, editing a municipality's details and contacts, the
consortium list. Thin: rows come from selectors, changes go through services. (A
municipality's and a consortium's own pages, and the map, show every stage: portal/.)"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin

from onboarding import selectors
from onboarding.exports import table_response
from onboarding.filters import MunicipalityFilter
from onboarding.forms import ContactForm, MergerForm, MunicipalityDetailsForm
from onboarding.models import Contact
from onboarding.permissions import can_edit_municipality, require_coordinator
from onboarding.services.registry import (
    EDITABLE_DETAILS,
    contact_delete,
    contact_save,
    municipality_update_details,
)
from onboarding.services.registry import municipality_merge as municipality_merge_service
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

    def create_export(self, export_format):
        """The app's one writer (onboarding.exports), not tablib's: the same encoding and the
        same neutralised formulas as every other export."""
        table = self.get_table(**self.get_table_kwargs())
        return table_response(
            table.as_values(), self.export_name, export_format, title=str(_("Municipalities"))
        )


@login_required
def municipality_edit(request, code):
    municipality = selectors.municipality_get(request.user, code)
    if not can_edit_municipality(request.user, municipality):
        raise PermissionDenied
    initial = {k: getattr(municipality, k) for k in EDITABLE_DETAILS}
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
    if not can_edit_municipality(request.user, municipality):
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
def municipality_merge(request, code):
    """A coordinator records a merger (Pertunmaa into Mäntyharju on 1.1.2025)."""
    municipality = selectors.municipality_get(request.user, code)
    require_coordinator(request.user)
    form = MergerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            municipality_merge_service(
                municipality=municipality,
                into=data["into"],
                on=data["on"],
                by=request.user,
                reason=data["reason"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("%(name)s merges into %(into)s on %(date)s.")
                % {
                    "name": municipality.name,
                    "into": data["into"].name,
                    "date": data["on"].strftime("%d.%m.%Y"),
                },
            )
            return redirect("municipality_detail", code=municipality.code)
    return render(
        request, "onboarding/municipality_merge.html", {"municipality": municipality, "form": form}
    )
