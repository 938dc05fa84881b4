"""Reads of questionnaires and responses, scoped by user in one place."""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from onboarding import selectors as registry
from onboarding.models import Consortium, ConsortiumMembership, Municipality, Participant
from onboarding.permissions import is_coordinator
from onboarding.regions import region_name
from surveys import registry_changes as rules
from surveys.models import (
    ANSWERED,
    Questionnaire,
    QuestionnaireKind,
    QuestionnaireStatus,
    RegistryChange,
    RegistryChangeItem,
    RegistryChangeStatus,
    Respondent,
    Response,
    ResponseStatus,
)
from surveys.results import QuestionResult, tally


def questionnaires_for_user(user) -> QuerySet[Questionnaire]:
    qs = Questionnaire.objects.select_related("programme")
    if not getattr(user, "is_authenticated", False) or user.role == "integration":
        return qs.none()
    if user.is_coordinator:
        return qs
    return qs.exclude(status=QuestionnaireStatus.DRAFT)


def questionnaire_get(user, pk) -> Questionnaire:
    questionnaire = questionnaires_for_user(user).filter(pk=pk).first()
    if questionnaire is None:
        raise Http404(_("No questionnaire %(id)s.") % {"id": pk})
    return questionnaire


def current_versions(user) -> list[Questionnaire]:
    """The newest non-draft version of every questionnaire series, pre-join surveys first."""
    seen = {}
    for q in (
        questionnaires_for_user(user)
        .exclude(status=QuestionnaireStatus.DRAFT)
        .order_by("programme__launch_date", "slug", "-version")
    ):
        seen.setdefault(q.series, q)
    order = {kind: i for i, kind in enumerate(["pre_join", "cost", "other"])}
    return sorted(
        seen.values(),
        key=lambda q: (q.programme.launch_date, q.programme_id, order[q.kind], q.slug),
    )


def newest_published(questionnaire: Questionnaire) -> Questionnaire:
    return (
        Questionnaire.objects.filter(programme=questionnaire.programme_id, slug=questionnaire.slug)
        .exclude(status=QuestionnaireStatus.DRAFT)
        .order_by("-version")
        .first()
        or questionnaire
    )


@dataclass(frozen=True)
class RespondentInfo:
    key: str
    name: str
    municipality: Municipality | None
    consortium: Consortium | None
    members: tuple[Municipality, ...]

    @property
    def display_name(self) -> str:
        """In the current language; `name` is what a response stores (the Finnish name)."""
        return self.municipality.name if self.consortium is None else self.name


def respondent_for(
    questionnaire: Questionnaire, municipality: Municipality, on: datetime.date | None = None
) -> RespondentInfo:
    """Who answers for `municipality`: itself, or its connection unit."""
    if questionnaire.respondent == Respondent.MUNICIPALITY:
        return RespondentInfo(
            municipality.code, municipality.name_fi, municipality, None, (municipality,)
        )
    day = on or registry.today()
    membership = (
        ConsortiumMembership.objects.filter(registry.valid_on_q(day), municipality=municipality)
        .select_related("consortium")
        .first()
    )
    if membership is None:
        return RespondentInfo(
            municipality.code, municipality.name_fi, municipality, None, (municipality,)
        )
    consortium = membership.consortium
    members = tuple(
        Municipality.objects.filter(
            memberships__in=ConsortiumMembership.objects.filter(
                registry.valid_on_q(day), consortium=consortium
            )
        ).order_by("name_fi")
    )
    return RespondentInfo(consortium.slug, consortium.name, None, consortium, members)


def responses_for_user(user) -> QuerySet[Response]:
    """Responses a user may see: all for coordinators and finance; a manager's own
    municipalities' responses and those of the units their municipalities belong to."""
    qs = Response.objects.select_related("questionnaire__programme", "municipality", "consortium")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.sees_all_municipalities:
        return qs
    if not user.is_manager:
        return qs.none()
    own = user.municipalities.values("pk")
    consortia = ConsortiumMembership.objects.filter(
        registry.valid_on_q(registry.today()), municipality__in=own
    ).values("consortium")
    return qs.filter(Q(municipality__in=own) | Q(consortium__in=consortia))


def response_for_municipality(user, questionnaire: Questionnaire, code: str):
    """The response that answers `questionnaire` for municipality `code`, or an unsaved one
    (status not started). 404 for a municipality the user may not see."""
    municipality = registry.municipalities_for_user(user).filter(code=code).first()
    if municipality is None or not answering_codes(questionnaire, [code]):
        raise Http404(_("No municipality with code %(code)s.") % {"code": code})
    respondent = respondent_for(questionnaire, municipality)
    response = (
        Response.objects.select_related("questionnaire__programme")
        .filter(series=questionnaire.series, respondent_key=respondent.key)
        .first()
    )
    if response is None:  # a new response answers the newest version, even via an old link
        response = Response(
            questionnaire=newest_published(questionnaire),
            series=questionnaire.series,
            respondent_key=respondent.key,
            respondent_name=respondent.name,
            municipality=respondent.municipality,
            consortium=respondent.consortium,
        )
    return response, respondent


def _respondents_of(municipalities: list[Municipality]) -> dict:
    """Each municipality's connection-unit respondent, from one read of the units (instead
    of two queries per municipality and questionnaire)."""
    units = {code: unit for unit in registry.connection_units() for code in unit.member_codes}
    member_codes = {
        c
        for m in municipalities
        if (u := units.get(m.code)) and u.is_consortium
        for c in u.member_codes
    }
    members = {
        m.code: m for m in Municipality.objects.filter(code__in=member_codes).order_by("name_fi")
    }
    consortia = {
        c.slug: c
        for c in Consortium.objects.filter(
            slug__in={
                units[m.code].key
                for m in municipalities
                if m.code in units and units[m.code].is_consortium
            }
        )
    }
    result = {}
    for municipality in municipalities:
        unit = units.get(municipality.code)
        if unit is None or not unit.is_consortium:
            result[municipality.code] = RespondentInfo(
                municipality.code, municipality.name_fi, municipality, None, (municipality,)
            )
        else:
            result[municipality.code] = RespondentInfo(
                unit.key,
                unit.name,
                None,
                consortia.get(unit.key),
                tuple(
                    sorted(
                        (members[c] for c in unit.member_codes if c in members),
                        key=lambda m: m.name_fi,
                    )
                ),
            )
    return result


def answering_codes(questionnaire: Questionnaire, codes) -> set[str]:
    """Which of the municipalities `codes` are asked this questionnaire: all of them, but for
    a questionnaire of a programme's selected participants only those selected."""
    codes = set(codes)
    if questionnaire.respondent != Respondent.PARTICIPANT:
        return codes
    return set(
        Participant.objects.selected()
        .filter(programme=questionnaire.programme_id, municipality__code__in=codes)
        .values_list("municipality__code", flat=True)
    )


def volunteers(programme) -> list[Response]:
    """The answered responses of the programme's pre-join (interest) survey whose library
    volunteered (the yes/no question `volunteer`): the candidates of its selection."""
    return [
        response
        for response in Response.objects.filter(
            questionnaire__programme=programme,
            questionnaire__kind=QuestionnaireKind.PRE_JOIN,
            status__in=ANSWERED,
            municipality__isnull=False,
        )
        .select_related("municipality")
        .order_by("municipality__name_fi")
        if (response.answers or {}).get("volunteer") == "yes"
    ]


def my_surveys(user) -> list[tuple]:
    """For a manager: each current questionnaire for each of their respondents."""
    rows = []
    municipalities = list(registry.municipalities_for_user(user).order_by("name_fi"))
    as_units = _respondents_of(municipalities)
    for questionnaire in current_versions(user):
        keys = {}
        asked = answering_codes(questionnaire, (m.code for m in municipalities))
        for municipality in municipalities:
            if municipality.code not in asked:
                continue
            respondent = (
                as_units[municipality.code]
                if questionnaire.respondent == Respondent.UNIT
                else RespondentInfo(
                    municipality.code, municipality.name_fi, municipality, None, (municipality,)
                )
            )
            keys.setdefault(respondent.key, (respondent, municipality))
        found = {
            r.respondent_key: r
            for r in Response.objects.filter(series=questionnaire.series, respondent_key__in=keys)
        }
        for key, (respondent, municipality) in keys.items():
            rows.append((questionnaire, respondent, municipality, found.get(key)))
    return rows


def respondent_municipalities(response: Response) -> list[Municipality]:
    """The municipalities a response answers for (today's members, for a unit)."""
    if response.municipality_id:
        return [response.municipality]
    if response.consortium_id:
        return list(
            Municipality.objects.filter(
                memberships__in=ConsortiumMembership.objects.filter(
                    registry.valid_on_q(registry.today()), consortium=response.consortium_id
                )
            ).order_by("code")
        )
    return []


@dataclass
class OverviewRow:
    municipality: Municipality
    respondent_key: str
    unit_name: str
    response: Response | None

    @property
    def status(self) -> str:
        return self.response.status if self.response else "not_started"

    @property
    def status_rank(self) -> int:
        """Where the status lies in the workflow (not started first, accepted last): the
        overview sorts by it rather than by the status's code."""
        return list(ResponseStatus).index(self.status)


def survey_overview(
    municipalities: QuerySet[Municipality],
    questionnaire: Questionnaire,
    *,
    on: datetime.date | None = None,
) -> list[OverviewRow]:
    """Every municipality of `municipalities` (already scoped and filtered) with the
    status of the response that answers for it. A constant handful of queries."""
    day = on or registry.today()
    unit_of = {}
    unit_names = {}
    if questionnaire.respondent == Respondent.UNIT:
        for unit in registry.connection_units(on=day):
            for code in unit.member_codes:
                unit_of[code] = unit.key
                unit_names[code] = unit.name
    responses = {
        r.respondent_key: r
        for r in Response.objects.filter(series=questionnaire.series).select_related(
            "questionnaire"
        )
    }
    if questionnaire.respondent == Respondent.PARTICIPANT:
        municipalities = municipalities.filter(
            code__in=answering_codes(questionnaire, municipalities.values_list("code", flat=True))
        )
    rows = []
    for municipality in registry.with_registry_data(municipalities, day).order_by("name_fi"):
        key = unit_of.get(municipality.code, municipality.code)
        rows.append(
            OverviewRow(
                municipality, key, unit_names.get(municipality.code, ""), responses.get(key)
            )
        )
    return rows


def series_versions(questionnaire: Questionnaire) -> list[Questionnaire]:
    return list(
        Questionnaire.objects.filter(programme=questionnaire.programme_id, slug=questionnaire.slug)
        .exclude(status="draft")
        .order_by("-version")
        .prefetch_related("questions__choices")
    )


# --- registry changes proposed by accepted pre-join responses -----------------------------


def registry_changes_for_user(user) -> QuerySet[RegistryChange]:
    """Proposals a user may see: all for coordinators and finance, a manager's own
    municipalities' (deciding on them is the coordinators' alone)."""
    qs = RegistryChange.objects.select_related(
        "municipality", "questionnaire__programme", "response", "decided_by", "accepted_by"
    )
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.sees_all_municipalities:
        return qs
    if not user.is_manager:
        return qs.none()
    return qs.filter(municipality__in=user.municipalities.values("pk"))


def registry_change_get(user, pk) -> RegistryChange:
    proposal = registry_changes_for_user(user).filter(pk=pk).first()
    if proposal is None:
        raise Http404(_("No proposed registry change %(id)s.") % {"id": pk})
    return proposal


@dataclass
class ProposalRow:
    """One item of a proposal as the review shows it, beside the registry's value now."""

    item: RegistryChangeItem
    label: str
    old: str
    now: str
    new: str
    changed_since: bool  # the registry changed after the response was accepted
    already: bool  # the registry already holds the proposed value
    problems: list[str]

    @property
    def field(self) -> str:
        return self.item.field


def registry_change_rows(proposal: RegistryChange) -> list[ProposalRow]:
    municipality = Municipality.objects.get(pk=proposal.municipality_id)
    contacts = list(municipality.contacts.all())
    rows = []
    for item in proposal.items.all():
        now = rules.current_value(municipality, item.field, contacts)
        rows.append(
            ProposalRow(
                item=item,
                label=rules.label(item.field),
                old=rules.display(item.old),
                now=rules.display(now),
                new=rules.display(item.new),
                changed_since=now != item.old,
                already=now == item.new,
                problems=rules.problems(item.field, item.new) if proposal.is_open else [],
            )
        )
    return rows


def open_registry_change_count() -> int:
    return RegistryChange.objects.filter(status=RegistryChangeStatus.OPEN).count()


# --- the results of a questionnaire, and the small-group rule ------------------------------

# A group (everyone, or a region) smaller than this shows no figures of a question to anyone
# but a coordinator: with fewer respondents a library's answers could be told from them.
MIN_RESPONDENTS = 5


def results_shown(user, respondents: int) -> bool:
    """The small-group rule, in one place: may `user` see the figures of a group of
    `respondents`? Coordinators always; everyone else from MIN_RESPONDENTS up."""
    return is_coordinator(user) or respondents >= MIN_RESPONDENTS


@dataclass
class SurveyResults:
    questionnaire: Questionnaire
    region_code: str  # "" for everyone
    region_name: str
    respondents: int  # 0 when suppressed: not even the count of a small group is shown
    suppressed: bool
    questions: list[QuestionResult]
    has_demo: bool
    shows_texts: bool  # free-text answers are listed for coordinators only


def result_regions() -> list[tuple[str, str]]:
    """(code, name in the current language) of the regions of today's municipalities."""
    pairs = (
        Municipality.objects.filter(registry.valid_on_q(registry.today()))
        .values_list("region_code", "region")
        .distinct()
    )
    return sorted(
        {(code, region_name(code, name)) for code, name in pairs if code},
        key=lambda pair: pair[1],
    )


def survey_results(user, questionnaire: Questionnaire, *, region_code: str = "") -> SurveyResults:
    """The figures of every question of `questionnaire` from the submitted and accepted
    responses of its series (each counted by its municipality's region), as `user` may see
    them: a question with fewer than MIN_RESPONDENTS respondents in the group is suppressed
    (no counts, no shares, no mean, no count of respondents) for anyone but a coordinator,
    and free-text answers are never given to anyone else. Every page, export and API of the
    results reads this function; none applies the rule itself."""
    responses = list(
        Response.objects.filter(series=questionnaire.series, status__in=ANSWERED)
        .filter(Q(municipality__region_code=region_code) if region_code else Q())
        .select_related("municipality")
        .order_by("respondent_name")
    )
    texts = is_coordinator(user)
    results = []
    for question in questionnaire.questions.prefetch_related("choices"):
        result = tally(question, [r.answers.get(question.key) for r in responses])
        if not results_shown(user, result.respondents):
            result = QuestionResult(question=question, respondents=0, suppressed=True)
        elif texts and result.is_text:
            result.texts = [
                (r.display_name, str(r.answers[question.key]))
                for r in responses
                if r.answers.get(question.key)
            ]
        results.append(result)
    shown = results_shown(user, len(responses))
    names = dict(result_regions())
    return SurveyResults(
        questionnaire=questionnaire,
        region_code=region_code,
        region_name=names.get(region_code, ""),
        respondents=len(responses) if shown else 0,
        suppressed=not shown,
        questions=results,
        has_demo=shown and any(r.is_demo for r in responses),
        shows_texts=texts,
    )
