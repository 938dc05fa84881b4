"""The results of a questionnaire (one that is not about onboarding): a chart and a table per
question, for everyone or one region, and the same figures as CSV. Coordinators see every
figure and the free-text answers; anyone else who may read the questionnaire (finance, the
municipal managers) sees the figures of groups of at least five respondents only. The rule
is applied by surveys.selectors.survey_results, never here."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from onboarding.exports import table_response
from surveys import selectors
from surveys.charts import distribution_svg, percent
from surveys.forms import ResultsFilterForm
from surveys.selectors import MIN_RESPONDENTS


def _results(request, pk):
    questionnaire = selectors.questionnaire_get(request.user, pk)
    if not questionnaire.has_results:
        raise Http404(_("This questionnaire has no results page."))
    form = ResultsFilterForm(request.GET, regions=selectors.result_regions())
    results = selectors.survey_results(request.user, questionnaire, region_code=form.region_code())
    return form, results


def _suppressed_text() -> str:
    return _("Fewer than %(count)d respondents: not shown to protect the respondents.") % {
        "count": MIN_RESPONDENTS
    }


@login_required
def questionnaire_results(request, pk):
    form, results = _results(request, pk)
    group = results.region_name or _("all respondents")
    rows = []
    for result in results.questions:
        chart = None
        if result.is_charted and not result.suppressed and result.respondents:
            description = _(
                "The share of the %(count)s respondents of %(group)s who gave each answer; the "
                "same figures are in the table below."
            ) % {"count": number_format(result.respondents), "group": group}
            chart = distribution_svg(result, title=result.question.label, description=description)
        rows.append(
            {
                "result": result,
                "chart": chart,
                "mean": number_format(result.mean, 1) if result.mean is not None else None,
                "options": [(o, percent(o.share)) for o in result.options],
            }
        )
    return render(
        request,
        "surveys/results.html",
        {
            "questionnaire": results.questionnaire,
            "results": results,
            "rows": rows,
            "form": form,
            "suppressed_text": _suppressed_text(),
            "min_respondents": MIN_RESPONDENTS,
            "query": request.GET.urlencode(),
        },
    )


@login_required
def questionnaire_results_export(request, pk):
    """The page's figures as CSV in the page's language, suppressed exactly as on the page."""
    _form, results = _results(request, pk)
    language = translation.get_language() or "fi"
    group = results.region_name or _("All regions")
    table = [
        [
            _("Question"),
            _("Region"),
            pgettext("survey results", "Answer"),
            _("Count"),
            _("Share (%)"),
            _("Respondents"),
            _("Mean"),
            _("Note"),
        ]
    ]
    for result in results.questions:
        label = result.question.label_in(language)
        if result.suppressed:
            table.append([label, group, "", "", "", "", "", _suppressed_text()])
            continue
        mean = str(result.mean) if result.mean is not None else ""
        for option in result.options:
            share = round(option.share * 100, 1)
            table.append(
                [label, group, option.label, option.count, share, result.respondents, mean, ""]
            )
        for name, text in result.texts:  # a coordinator's export only
            table.append([label, group, text, "", "", result.respondents, "", name])
        if not result.options and not result.texts:
            table.append([label, group, "", "", "", result.respondents, "", ""])
    name = f"{results.questionnaire.slug}-results-{results.region_code or 'all'}-{language}"
    return table_response(table, name, "csv")
