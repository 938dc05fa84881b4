"""A public page per programme (no login): what it is, its timeline, its current agreement
and appendices, how to sign, the survey for invited participants and who has joined. It
takes the place of the customer wiki for the programme.

Only public facts are shown: the programme's own texts and dates, the names of the joined
municipalities or selected libraries, and the agreement as a model (never a municipality's
filled agreement)."""

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from contracts.models import TemplateFile
from contracts.services.documents import current_template, model_agreement_pdf
from onboarding.models import Municipality, Participant, Programme, Stage
from onboarding.selectors import programmes_for_user
from scheduling import joined
from surveys.models import Questionnaire, QuestionnaireStatus

LANGUAGES = ("fi", "sv")


@dataclass(frozen=True)
class Milestone:
    day: datetime.date
    what: str


def _timeline(programme: Programme, questionnaires) -> list[Milestone]:
    milestones = []
    for questionnaire in questionnaires:
        milestones.append(
            Milestone(
                timezone.localdate(questionnaire.opens_at),
                _("“%(title)s” opens") % {"title": questionnaire.title},
            )
        )
        milestones.append(
            Milestone(
                timezone.localdate(questionnaire.closes_at),
                _("“%(title)s” closes") % {"title": questionnaire.title},
            )
        )
    for decision in programme.selection_decisions.all():
        milestones.append(Milestone(decision.decided_on, _("Participants selected")))
    if programme.has_stage(Stage.AGREEMENT) and programme.signing_deadline < programme.launch_date:
        milestones.append(
            Milestone(programme.signing_deadline, _("Signing deadline for the launch"))
        )
    milestones.append(Milestone(programme.launch_date, _("Launch")))
    return sorted(milestones, key=lambda m: m.day)


def _joined(programme: Programme, day: datetime.date) -> list[str]:
    """The names of those that have joined, in the page language: a selecting programme's
    selected libraries, otherwise the municipalities joined on `day`."""
    if programme.has_stage(Stage.SELECTION):
        return [
            p.name
            for p in Participant.objects.selected()
            .filter(programme=programme)
            .select_related("municipality")
        ]
    codes = joined.joined_on(day, programme=programme)
    return sorted(m.name for m in Municipality.objects.filter(code__in=codes))


def programme_index(request):
    return render(
        request,
        "portal/programmes.html",
        {"programmes": Programme.objects.order_by("launch_date", "slug")},
    )


def programme_public(request, slug):
    programme = get_object_or_404(Programme, slug=slug)
    today = timezone.localdate()
    questionnaires = list(
        Questionnaire.objects.filter(programme=programme)
        .exclude(status=QuestionnaireStatus.DRAFT)
        .order_by("opens_at", "slug", "-version")
    )
    newest = {}
    for questionnaire in questionnaires:
        newest.setdefault(questionnaire.series, questionnaire)
    template = current_template(programme) if programme.has_stage(Stage.AGREEMENT) else None
    files = list(template.files.order_by("kind", "language")) if template else []
    appendices = [f for f in files if f.kind != TemplateFile.Kind.AGREEMENT]
    return render(
        request,
        "portal/programme_public.html",
        {
            "programme": programme,
            "timeline": _timeline(programme, newest.values()),
            "template": template,
            "agreement_languages": [
                f.language for f in files if f.kind == TemplateFile.Kind.AGREEMENT
            ],
            "appendices": appendices,
            "open_surveys": [q for q in newest.values() if q.is_open()],
            "joined": _joined(programme, today),
            "today": today,
            "selecting": programme.has_stage(Stage.SELECTION),
            "participants_link": programme.has_stage(Stage.SELECTION)
            and programmes_for_user(request.user).filter(pk=programme.pk).exists(),
        },
    )


def programme_document(request, slug, version, kind, language):
    """The current template's model agreement (PDF) or an appendix, per language."""
    programme = get_object_or_404(Programme, slug=slug)
    template = get_object_or_404(programme.agreement_templates, version=version)
    if language not in LANGUAGES:
        raise Http404
    if kind == TemplateFile.Kind.AGREEMENT:
        key = f"public:model-agreement:{template.pk}:{language}"
        data = cache.get(key)
        if data is None:
            if not template.files.filter(kind=kind, language=language).exists():
                raise Http404
            data = model_agreement_pdf(template, language)
            cache.set(key, data, 24 * 60 * 60)
    else:
        item = template.files.filter(kind=kind, language=language).first()
        if item is None:
            raise Http404(_("No such document."))
        with item.file.open("rb") as handle:
            data = handle.read()
    response = HttpResponse(data, content_type="application/pdf")
    name = f"{programme.slug}-v{template.version}-{kind}-{language}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
