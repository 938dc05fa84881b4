"""The scheduler's proposal for a coordinator to review, adjust and confirm."""

import datetime
from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import ngettext

from onboarding.permissions import require_coordinator
from scheduling import selectors
from scheduling.forms import Choice, read_choices
from scheduling.services import schedule
from scheduling.views.common import programme_of

# --- the coordinator's proposal ----------------------------------------------------------


_FAR = datetime.date.max


@login_required
def proposal(request, programme):
    programme = programme_of(request.user, programme)
    require_coordinator(request.user)
    view = selectors.schedule_proposal(programme)
    placed = [Choice(row, str(row.proposed_wave.pk), False) for row in view.placed]
    errors = []
    if request.method == "POST":
        choices, errors = read_choices(request.POST, view)
        if not errors:
            assignments = {
                key: int(choice.wave_id) for key, choice in choices.items() if not choice.skip
            }
            try:
                done = schedule.schedule_confirm(
                    programme=programme, assignments=assignments, by=request.user
                )
            except ValidationError as error:
                errors = error.messages
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d unit was scheduled; its managers were notified by e-mail.",
                        "%(count)d units were scheduled; their managers were notified by e-mail.",
                        len(done),
                    )
                    % {"count": len(done)},
                )
                return redirect("scheduling:calendar", programme=programme.slug)
        # Keep what the coordinator chose; the units they chose that are no longer
        # proposed stay on the form too.
        shown = {choice.row.key for choice in placed}
        placed = [choices.get(c.row.key, c) for c in placed] + [
            c for key, c in choices.items() if key not in shown
        ]
    held = defaultdict(lambda: [0, 0])
    for row in view.rows:
        if row.connection and row.connection.wave_id:
            held[row.connection.wave_id][0] += 1
            held[row.connection.wave_id][1] += row.residents
    proposed = defaultdict(lambda: [0, 0])
    for row in view.placed:
        proposed[row.proposed_wave.pk][0] += 1
        proposed[row.proposed_wave.pk][1] += row.residents
    return render(
        request,
        "scheduling/proposal.html",
        {
            "programme": programme,
            "view": view,
            "placed": placed,
            "unplaced": [(row, selectors.reason_text(row, programme)) for row in view.unplaced],
            "kept": sorted(
                view.kept,
                key=lambda r: (r.connection.wave.date if r.connection.wave else _FAR, r.name),
            ),
            "waves": [(wave, held[wave.pk], proposed[wave.pk]) for wave in view.waves],
            "errors": errors,
        },
    )
