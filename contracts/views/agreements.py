"""Agreement pages: the coordinators' list with bulk actions and exports, one agreement with
its documents, signing and timeline, and the consortium completeness table."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from contracts import selectors
from contracts.forms import AgreementActionForm
from contracts.models import (
    Agreement,
    AgreementStatus,
    SealedDocument,
    TemplateFile,
)
from contracts.services import agreements as service
from contracts.services.documents import render_agreement
from contracts.services.reminders import agreement_remind, remindable
from contracts.tables import AgreementTable
from onboarding import selectors as registry
from onboarding.errors import Conflict
from onboarding.exports import export_query, table_response
from onboarding.filters import MunicipalityFilter
from onboarding.models import Programme, Stage
from onboarding.permissions import is_coordinator, require_coordinator, require_nationwide, sees_all
from onboarding.services.audit import transitions_of
from onboarding.services.jobs import job_start
from onboarding.services.notifications import notifications_about
from onboarding.views.errors import conflict_response


def _programme(request) -> Programme:
    return registry.programme_from_request(request, stage=Stage.AGREEMENT)[1]


def _rows(request, programme, source=None):
    source = source if source is not None else request.GET
    municipalities = MunicipalityFilter(
        source,
        queryset=registry.with_registry_data(
            registry.municipalities_for_user(request.user).filter(
                registry.valid_on_q(registry.today())
            )
        ),
    )
    rows = selectors.agreement_rows(request.user, programme, municipalities.qs)
    status = source.get("status")
    if status:
        rows = [r for r in rows if r.status == status]
    cohort = source.get("cohort")
    if cohort == "yes":
        rows = [r for r in rows if r.agreement and r.agreement.launch_cohort]
    elif cohort == "no":
        rows = [r for r in rows if not (r.agreement and r.agreement.launch_cohort)]
    complete = source.get("complete")
    if complete in ("yes", "no"):
        rows = [r for r in rows if r.unit and r.unit.complete == (complete == "yes")]
    return municipalities, rows


@login_required
def agreement_list(request):
    if request.user.is_manager:
        agreements = selectors.agreements_for_user(request.user).order_by(
            "programme__launch_date", "municipality__name_fi"
        )
        return render(request, "contracts/my_agreements.html", {"agreements": agreements})
    programme = _programme(request)
    municipality_filter, rows = _rows(request, programme)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        return _export(rows, programme, fmt)
    counts = {}
    for row in rows:
        counts[row.status] = counts.get(row.status, 0) + 1
    table = AgreementTable(rows)
    RequestConfig(request).configure(table)
    return render(
        request,
        "contracts/agreement_list.html",
        {
            "programme": programme,
            "programmes": registry.programme_from_request(request, stage=Stage.AGREEMENT)[0],
            "filter": municipality_filter,
            "rows": rows,
            "table": table,
            "statuses": [("none", _("No agreement")), *AgreementStatus.choices],
            "counts": counts,
            "query": export_query(request),
        },
    )


EXPORT_HEADER = [
    "code",
    "municipality",
    "status",
    "language",
    "sent_on",
    "signed_on",
    "in_force_on",
    "launch_cohort",
    "unit",
    "unit_signed",
    "unit_members",
    "unit_complete",
    "blocking",
]


def _export(rows, programme, fmt):
    table = [EXPORT_HEADER]
    for row in rows:
        a = row.agreement
        table.append(
            [
                row.municipality.code,
                row.municipality.name_fi,
                a.status if a else "",
                a.language if a else "",
                a.sent_on.isoformat() if a and a.sent_on else "",
                a.signed_on.isoformat() if a and a.signed_on else "",
                a.in_force_on.isoformat() if a and a.in_force_on else "",
                "yes" if a and a.launch_cohort else "no",
                row.unit.name if row.unit else "",
                row.unit.signed_count if row.unit else "",
                row.unit.member_count if row.unit else "",
                "yes" if row.unit and row.unit.complete else "no",
                " ".join(row.unit.blocking) if row.unit else "",
            ]
        )
    name = f"agreements-{programme.slug}-{timezone.localdate().isoformat()}"
    return table_response(table, name, fmt, title="agreements")


@login_required
def bulk(request, action):
    """Preview (GET) and confirm (POST) a bulk action on the filtered selection."""
    if action not in ("send", "remind", "zip"):
        raise Http404
    if action == "zip":
        require_nationwide(request.user)
    else:
        require_coordinator(request.user)
    source = request.POST if request.method == "POST" else request.GET
    programme = _programme(request)
    _filter, rows = _rows(request, programme, source)
    skipped = []
    if action == "send":
        targets = [
            r for r in rows if r.agreement is None or r.agreement.status == AgreementStatus.DRAFT
        ]
        # What each would lack (the rows' municipalities come with their contacts).
        for row in targets:
            row.missing = selectors.missing_for_sending(
                Agreement(programme=programme, municipality=row.municipality)
            )
        skipped = [r for r in targets if r.missing]
        targets = [r for r in targets if not r.missing]
    elif action == "remind":
        targets = [r for r in rows if r.agreement and r.agreement in remindable([r.agreement])]
    else:
        targets = [r for r in rows if r.agreement and hasattr(r.agreement, "evidence")]
    if request.method == "POST" and "confirm" in request.POST:
        if action == "send":
            ids = [
                service.agreement_create(
                    programme=programme, municipality=r.municipality, by=request.user
                ).pk
                for r in targets
            ]
            job = job_start(
                kind="agreement_send", by=request.user, params={"ids": ids}, total=len(ids)
            )
            return redirect("job_detail", pk=job.pk)
        if action == "zip":
            ids = [r.agreement.pk for r in targets]
            job = job_start(kind="signed_zip", by=request.user, params={"ids": ids}, total=len(ids))
            return redirect("job_detail", pk=job.pk)
        queued = agreement_remind(agreements=[r.agreement for r in targets], by=request.user)
        messages.success(
            request,
            ngettext("%(count)d reminder was queued.", "%(count)d reminders were queued.", queued)
            % {"count": queued},
        )
        return redirect(reverse("agreement_list") + "?programme=" + programme.slug)
    hidden = [
        (k, v)
        for k, values in source.lists()
        for v in values
        if k not in ("csrfmiddlewaretoken", "confirm")
    ]
    return render(
        request,
        "contracts/bulk_preview.html",
        {
            "action": action,
            "programme": programme,
            "targets": targets,
            "skipped": skipped,
            "hidden": hidden,
        },
    )


@login_required
def agreement_detail(request, pk):
    agreement = selectors.agreement_get(request.user, pk)
    return render(request, "contracts/agreement_detail.html", _detail(request, agreement))


def _detail(request, agreement) -> dict:
    unit = selectors.completeness_of_unit(
        agreement.programme,
        selectors.unit_of_municipality(agreement.municipality.code, programme=agreement.programme),
    )
    user = request.user
    sealed = list(agreement.sealed_documents.order_by("kind"))
    timeline = list(transitions_of(agreement))
    documents = agreement.documents.filter(
        template=agreement.template_id, language=agreement.language
    ).order_by("kind")
    # What a coordinator must add before this draft can be sent ("send" is not offered).
    missing = (
        selectors.missing_for_sending(agreement)
        if agreement.status == AgreementStatus.DRAFT and is_coordinator(user)
        else []
    )
    return {
        "agreement": agreement,
        "unit": unit,
        "documents": documents,
        "appendices": agreement.template.files.filter(language=agreement.language).exclude(
            kind=TemplateFile.Kind.AGREEMENT
        )
        if agreement.template
        else [],
        "evidence": getattr(agreement, "evidence", None),
        "sealed": sealed,
        "seal_state": selectors.seal_state(agreement, sealed=sealed, timeline=timeline),
        "timeline": timeline,
        "notifications": notifications_about(agreement)[:50] if is_coordinator(user) else [],
        "actions": selectors.agreement_actions(user, agreement),
        "missing": missing,
        "missing_list": get_text_list(missing, _("and")),
        "today": timezone.localdate(),
        "signing": _signing_defaults(agreement.municipality),
        "field_errors": {},
    }


def _signing_defaults(municipality) -> dict:
    """The signing form starts from the registry (filled in from the pre-join survey): the
    signatory and the decision body, which the person completes with the decision's date and
    section."""
    return {
        "signer_name": municipality.signatory_name,
        "signer_title": municipality.signatory_title,
        "authority": f"{municipality.decision_body} " if municipality.decision_body else "",
        "from_registry": bool(
            municipality.signatory_name
            or municipality.signatory_title
            or municipality.decision_body
        ),
    }


# Each action of the page: the service it calls with the form's parsed fields.
ACTIONS = {
    "send": lambda agreement, by, data: service.agreement_send(agreement=agreement, by=by),
    "sign": lambda agreement, by, data: service.agreement_record_signature(
        agreement=agreement,
        by=by,
        data=data["file"].read() if data["file"] is not None else b"",
        filename=data["file"].name if data["file"] is not None else "",
        signer_name=data["signer_name"],
        signer_title=data["signer_title"],
        signed_on=data["signed_on"],
        authority=data["authority"],
    ),
    "decline": lambda agreement, by, data: service.agreement_decline(
        agreement=agreement, by=by, reason=data["reason"]
    ),
    "withdraw": lambda agreement, by, data: service.agreement_withdraw(
        agreement=agreement, by=by, reason=data["reason"]
    ),
    "countersign": lambda agreement, by, data: service.agreement_countersign(
        agreement=agreement, by=by
    ),
    "terminate": lambda agreement, by, data: service.agreement_terminate(
        agreement=agreement, by=by, end_date=data["end_date"], reason=data["reason"]
    ),
    "language": lambda agreement, by, data: service.agreement_set_language(
        agreement=agreement, by=by, language=data["language"]
    ),
}


@login_required
@require_POST
def agreement_action(request, pk, action):
    agreement = selectors.agreement_get(request.user, pk)
    if action not in ACTIONS:
        raise Http404
    form = AgreementActionForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        allowed = selectors.agreement_actions(request.user, agreement)
        # Asked only of an action the state allows; otherwise the service says why not.
        if action in CONFIRMED and action in allowed and not form.cleaned_data["confirm"]:
            raise ValidationError({"confirm": [CONFIRMED[action]]})
        done = ACTIONS[action](agreement, request.user, form.cleaned_data)
    except ValidationError as error:
        return _refused(request, agreement, action, error)
    messages.success(request, _done_message(action, done))
    return redirect("agreement_detail", pk=pk)


# Actions that cannot be undone, and what their confirmation box must say was checked.
CONFIRMED = {
    "countersign": gettext_lazy(
        "Tick the box to confirm that you checked the signed agreement: countersigning puts "
        "it in force and cannot be undone."
    ),
    "decline": gettext_lazy(
        "Tick the box to confirm that the municipality declines: this cannot be undone."
    ),
}


def _refused(request, agreement, action, error: ValidationError):
    """The page again with every typed value kept and each error at its field (a file must
    be chosen again: browsers never keep one), and a summary at the top."""
    for message in _labelled_messages(error):
        messages.error(request, message)
    context = _detail(request, agreement)
    context["field_errors"] = error.message_dict if hasattr(error, "error_dict") else {}
    context["refused_action"] = action
    typed = {
        name: request.POST.get(name, "")
        for name in ("signer_name", "signer_title", "signed_on", "authority", "reason", "end_date")
    }
    if action == "sign":
        context["signing"] = {**context["signing"], **typed, "from_registry": False}
    context["typed"] = typed
    return render(request, "contracts/agreement_detail.html", context, status=400)


# What each action says it did, to whom, and what comes next.
DONE = {
    "send": gettext_lazy(
        "Agreement sent to %(name)s; it now waits for the municipality's signature."
    ),
    "sign": gettext_lazy(
        "Signature of %(name)s recorded; the agreement now waits for the National Library's "
        "countersignature."
    ),
    "countersign": gettext_lazy(
        "Countersigned: the agreement of %(name)s is in force from %(date)s."
    ),
    "decline": gettext_lazy("Recorded that %(name)s declines the agreement."),
    "withdraw": gettext_lazy("The agreement of %(name)s was withdrawn."),
    "terminate": gettext_lazy("The agreement of %(name)s ends on %(date)s."),
    "language": gettext_lazy("The agreement of %(name)s is now in %(language)s."),
}


def _done_message(action: str, agreement: Agreement) -> str:
    """The action's message about the agreement its service returned."""
    day = agreement.end_date if action == "terminate" else agreement.in_force_on
    return DONE[action] % {
        "name": agreement.municipality.name,
        "date": date_format(day, "j.n.Y") if day else "",
        "language": agreement.get_language_display(),
    }


# The labels of the page's form fields, so that a message says which field it is about.
FIELD_LABELS = {
    "file": gettext_lazy("Signed PDF"),
    "signer_name": gettext_lazy("Signer's name"),
    "signer_title": gettext_lazy("Signer's title"),
    "signed_on": gettext_lazy("Signing date"),
    "authority": gettext_lazy("Basis of authority"),
    "reason": gettext_lazy("Reason"),
    "end_date": gettext_lazy("End date"),
    "language": gettext_lazy("Language of the agreement"),
    "confirm": gettext_lazy("Confirmation"),
}


def _labelled_messages(error: ValidationError) -> list[str]:
    if not hasattr(error, "error_dict"):
        return error.messages
    return [
        f"{FIELD_LABELS[field]}: {message}" if field in FIELD_LABELS else message
        for field, field_messages in error.message_dict.items()
        for message in field_messages
    ]


@login_required
def agreement_file(request, pk, kind):
    """Documents only through here, for whoever may see the agreement."""
    agreement = selectors.agreement_get(request.user, pk)
    base = f"{agreement.programme.slug}-{agreement.municipality.code}"
    if kind in ("docx", "pdf"):
        if agreement.sent_on is None:  # never sent: only a coordinator's unsaved preview
            if "preview" not in selectors.agreement_actions(request.user, agreement):
                raise Http404
            docx, pdf = render_agreement(agreement)  # a preview of the draft, not stored
            data = docx if kind == "docx" else pdf
            return _bytes_response(data, kind, f"{base}-draft.{kind}")
        try:
            document = selectors.agreement_document(agreement, kind)
        except Conflict as error:
            return conflict_response(request, error, back=reverse("agreement_detail", args=[pk]))
        return FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=f"{base}-v{document.template.version}.{kind}",
        )
    if kind == "certificate":
        from contracts.services.certificate import certificate_pdf

        if getattr(agreement, "evidence", None) is None:
            raise Http404(_("There is no signing certificate before the agreement is signed."))

        return _bytes_response(certificate_pdf(agreement), "pdf", f"{base}-certificate.pdf")
    if kind in SEALED_KINDS:
        sealed = agreement.sealed_documents.filter(kind=SEALED_KINDS[kind]).first()
        if sealed is None:
            raise Http404
        return FileResponse(
            sealed.file.open("rb"), as_attachment=True, filename=f"{base}-{kind}.pdf"
        )
    if kind == "signed":
        evidence = getattr(agreement, "evidence", None)
        if evidence is None:
            raise Http404
        return FileResponse(
            evidence.file.open("rb"), as_attachment=True, filename=f"{base}-signed.pdf"
        )
    appendix = (
        agreement.template.files.filter(kind=kind, language=agreement.language).first()
        if agreement.template
        else None
    )
    if appendix is None or kind == TemplateFile.Kind.AGREEMENT:
        raise Http404
    return FileResponse(
        appendix.file.open("rb"),
        as_attachment=True,
        filename=f"{agreement.programme.slug}-{kind}-{agreement.language}.pdf",
    )


# The sealed documents' kinds in the download URL.
SEALED_KINDS = {
    "sealed-signed": SealedDocument.Kind.SIGNED,
    "sealed-certificate": SealedDocument.Kind.CERTIFICATE,
}

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _bytes_response(data: bytes, kind: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def unit_list(request):
    programme = _programme(request)
    units = selectors.unit_completeness(programme)
    if not sees_all(request.user):
        own = set(registry.municipalities_for_user(request.user).values_list("code", flat=True))
        units = [u for u in units if own & {c for c, _n in u.members}]
    state = request.GET.get("state")
    if state == "complete":
        units = [u for u in units if u.complete]
    elif state == "incomplete":
        units = [u for u in units if not u.complete]
    elif state == "cohort":
        units = [u for u in units if u.launch_cohort]
    only_consortia = request.GET.get("kind", "consortia") == "consortia"
    if only_consortia:
        units = [u for u in units if u.is_consortium]
    return render(
        request,
        "contracts/unit_list.html",
        {
            "programme": programme,
            "programmes": registry.programme_from_request(request, stage=Stage.AGREEMENT)[0],
            "units": units,
            "state": state,
            "only_consortia": only_consortia,
            "complete_count": sum(1 for u in units if u.complete),
        },
    )
