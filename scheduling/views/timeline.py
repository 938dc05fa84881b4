"""The timeline chart of the national plan (nationwide roles only)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from onboarding.permissions import sees_all
from scheduling import charts
from scheduling.views.common import programme_of

# --- the timeline ------------------------------------------------------------------------


@login_required
def timeline(request, programme):
    """The national plan with every wave's residents: for the nationwide roles only (a
    manager could tell from a wave's residents which municipality connects when)."""
    programme = programme_of(request.user, programme)
    if not sees_all(request.user):
        raise PermissionDenied(_("The timeline is for coordinators and finance."))
    data = charts.timeline_of(programme)
    chart = None
    if data.bars or data.points:
        chart = charts.timeline_chart(
            data,
            title=_("Connection timeline of %(programme)s") % {"programme": programme.name},
            description=_(
                "Bars: the residents of the units in each connection wave, with the number of "
                "units on the bar; hollow bars are waves ahead. Line: the cumulative share of "
                "Finland's residents whose unit is live or scheduled, dashed where it is still "
                "planned. The vertical line marks the launch on %(date)s. The same figures are "
                "in the tables below."
            )
            % {"date": date_format(programme.launch_date, "SHORT_DATE_FORMAT")},
        )
    return render(
        request,
        "scheduling/timeline.html",
        {
            "programme": programme,
            "timeline": data,
            "chart": chart,
            "points": [(p, charts.percent(p.share)) for p in data.points],
        },
    )
