"""Coordinators and finance: response status of every municipality, exports, reminders,
the cost analysis and the questionnaire versions."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from onboarding import maps
from onboarding import selectors as registry
from onboarding.exports import export_query, table_response
from onboarding.filters import MunicipalityFilter
from onboarding.forms import DayForm
from onboarding.models import Programme
from onboarding.permissions import is_coordinator, require_coordinator, require_nationwide
from surveys import exports, selectors
from surveys.analysis import cost_analysis
from surveys.models import Questionnaire, Response, ResponseStatus
from surveys.reminders import plan_reminders, survey_remind
from surveys.services import (
    questionnaire_close,
    questionnaire_new_version,
    questionnaire_publish,
)
from surveys.tables import OverviewTable

STATUS_COLOURS = {
    ResponseStatus.NOT_STARTED: "#8a949c",
    ResponseStatus.DRAFT: "#d9a400",
    ResponseStatus.SUBMITTED: "#1f6fb2",
    ResponseStatus.RETURNED: "#c0392b",
    ResponseStatus.ACCEPTED: "#1e7b34",
}


def _chosen_questionnaire(request) -> Questionnaire:
    versions = selectors.current_versions(request.user)
    if not versions:
        raise Http404(_("No questionnaires yet."))
    wanted = request.GET.get("questionnaire")
    programme = request.GET.get("programme")
    candidates = [q for q in versions if not programme or q.programme.slug == programme]
    for questionnaire in candidates:
        if str(questionnaire.pk) == wanted or (wanted and questionnaire.slug == wanted):
            return questionnaire
    return (candidates or versions)[0]


def _rows(request, questionnaire):
    municipalities = MunicipalityFilter(
        request.GET,
        queryset=registry.with_registry_data(
            registry.municipalities_for_user(request.user).filter(
                registry.valid_on_q(registry.today())
            )
        ),
    )
    rows = selectors.survey_overview(municipalities.qs, questionnaire)
    status = request.GET.get("status")
    if status in ResponseStatus.values:
        rows = [r for r in rows if r.status == status]
    return municipalities, rows


@login_required
def overview(request):
    require_nationwide(request.user)
    questionnaire = _chosen_questionnaire(request)
    municipality_filter, rows = _rows(request, questionnaire)
    counts = Counter(r.status for r in rows)
    labels = dict(ResponseStatus.choices)
    values = {r.municipality.code: str(labels[r.status]) for r in rows}
    colours = {str(labels[s]): c for s, c in STATUS_COLOURS.items()}
    areas, viewbox, legend = maps.build(
        values,
        {r.municipality.code: r.municipality.name for r in rows},
        colours,
        lambda code: reverse("municipality_detail", args=[code]),
    )
    # The export and reminder links take the filters, not the table's page or order.
    table = OverviewTable(rows)
    RequestConfig(request).configure(table)
    return render(
        request,
        "surveys/overview.html",
        {
            "questionnaire": questionnaire,
            "questionnaires": selectors.current_versions(request.user),
            "programmes": Programme.objects.order_by("launch_date"),
            "filter": municipality_filter,
            "table": table,
            "counts": [(s, labels[s], counts.get(s, 0)) for s in ResponseStatus.values],
            "statuses": ResponseStatus.choices,
            "areas": areas,
            "viewbox": viewbox,
            "legend": legend,
            "query": export_query(request, drop=("lang", "page", "sort")),
            "open_registry_changes": selectors.open_registry_change_count()
            if is_coordinator(request.user)
            else None,
        },
    )


@login_required
def export_answers(request, fmt):
    require_nationwide(request.user)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    language = request.GET.get("lang", "fi")
    if language not in ("fi", "sv", "en"):
        language = "fi"
    questionnaire = _chosen_questionnaire(request)
    _filter, rows = _rows(request, questionnaire)
    keys = {r.respondent_key for r in rows}
    responses = [
        r
        for r in Response.objects.filter(series=questionnaire.series)
        .select_related("questionnaire")
        .order_by("respondent_name")
        if r.respondent_key in keys
    ]
    table = exports.answer_table(responses, selectors.series_versions(questionnaire), language)
    name = f"{questionnaire.programme.slug}-{questionnaire.slug}-{language}"
    return table_response(table, name, fmt, title=questionnaire.slug, freeze="C3")


@login_required
def remind(request):
    require_coordinator(request.user)
    source = request.POST if request.method == "POST" else request.GET
    request.GET = source.copy()  # the same filters select the same rows on confirm
    questionnaire = _chosen_questionnaire(request)
    _filter, rows = _rows(request, questionnaire)
    if request.method == "POST" and "confirm" in request.POST:
        queued = survey_remind(questionnaire=questionnaire, rows=rows, by=request.user)
        messages.success(
            request,
            ngettext("%(count)d reminder was queued.", "%(count)d reminders were queued.", queued)
            % {"count": queued},
        )
        query = source.copy()
        for key in ("confirm", "csrfmiddlewaretoken"):
            query.pop(key, None)
        return redirect(reverse("survey_overview") + "?" + query.urlencode())
    planned = plan_reminders(questionnaire, rows)
    hidden = [
        (k, v)
        for k, values in source.lists()
        for v in values
        if k not in ("csrfmiddlewaretoken", "confirm")
    ]
    return render(
        request,
        "surveys/remind.html",
        {
            "questionnaire": questionnaire,
            "planned": planned,
            "hidden": hidden,
            "recipient_count": sum(len(p.recipients) for p in planned),
        },
    )


@login_required
def analysis(request):
    require_nationwide(request.user)
    programmes, programme = registry.programme_from_request(request)
    asked = DayForm(request.GET)
    day = asked.day(default=registry.today())
    for error in asked.errors.get("on", []):
        messages.error(request, error)
    result = cost_analysis(programme=programme, on=day)
    if request.GET.get("format") == "csv":
        header = [
            "unit",
            "name",
            "population",
            "cost_eur",
            "per_resident_eur",
            "staff_cost_eur",
            "person_years",
            "demo",
        ]
        table = [header] + [
            [
                u.key,
                u.name,
                u.population,
                u.cost,
                u.per_resident,
                u.staff_cost or "",
                u.person_years or "",
                "yes" if u.is_demo else "",
            ]
            for u in result.units
        ]
        table += [
            [],
            ["weighted_average_per_resident", result.weighted_average],
            ["median", result.median],
            ["quartiles", *(result.quartiles or ())],
        ]
        return table_response(table, f"cost-analysis-{programme.slug}-{day}", "csv")
    peak = max((n for _a, _b, n in result.histogram), default=0) or 1
    bars = []
    for i, (low, high, count) in enumerate(result.histogram):
        height = round(160 * count / peak)
        bars.append(
            {
                "from": low,
                "to": high,
                "count": count,
                "height": height,
                "y": 180 - height,
                "x": 40 + i * 36,
            }
        )
    return render(
        request,
        "surveys/analysis.html",
        {
            "programme": programme,
            "programmes": programmes,
            "on": day,
            "result": result,
            "bars": bars,
            "chart_width": 60 + 36 * len(bars),
            "average_x": 40 + float(result.weighted_average or 0) / 0.10 * 36
            if result.weighted_average is not None
            else None,
        },
    )


@login_required
def questionnaires(request):
    require_coordinator(request.user)
    items = (
        selectors.questionnaires_for_user(request.user)
        .order_by("programme__launch_date", "slug", "-version")
        .prefetch_related("questions")
    )
    return render(request, "surveys/questionnaires.html", {"questionnaires": items})


@login_required
def questionnaire_detail(request, pk):
    questionnaire = selectors.questionnaire_get(request.user, pk)
    return render(
        request,
        "surveys/questionnaire_detail.html",
        {
            "questionnaire": questionnaire,
            "questions": questionnaire.questions.prefetch_related("choices"),
        },
    )


@login_required
@require_POST
def questionnaire_action(request, pk, action):
    questionnaire = selectors.questionnaire_get(request.user, pk)
    actions = {
        "publish": questionnaire_publish,
        "close": questionnaire_close,
        "new-version": questionnaire_new_version,
    }
    if action not in actions:
        raise Http404
    try:
        result = actions[action](questionnaire=questionnaire, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("survey_questionnaire", pk=pk)
    messages.success(request, _("Done."))
    return redirect("survey_questionnaire", pk=result.pk)
