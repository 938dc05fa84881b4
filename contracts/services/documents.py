"""Agreement templates and generated documents, each stored with its SHA-256."""

import datetime

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from contracts import agreement_text, rendering
from contracts.models import Agreement, AgreementDocument, AgreementTemplate, TemplateFile
from contracts.selectors import agreement_contact
from onboarding import formatting
from onboarding.selectors import valid_on_q
from onboarding.storage import atomic_with_files, save_file

LANGUAGES = ("fi", "sv")


def _fee_labels(language: str) -> dict:
    with translation.override(language):
        return {
            _("Population (%(date)s)") % {"date": "{{ population_date }}"}: "{{ population }}",
            _("Fee per resident per year"): "{{ rate }}",
            _("Annual fee for a full year (%(year)s)")
            % {"year": "{{ fee_year }}"}: "{{ annual_fee }}",
            _("Billable months in the first contract year"): "{{ first_year_months }}",
            _("Fee for the first contract year"): "{{ first_year_fee }}",
        }


def _signature_labels(language: str) -> dict:
    with translation.override(language):
        place = _("Place and date")
        signature = _("Signature, name and title")
        return {
            _("National Library of Finland"): [place, "", signature, ""],
            "{{ municipality_name }}": [place, "", signature, ""],
        }


@atomic_with_files()  # a failure removes the files of the version written so far
def agreement_template_create(*, programme, version: int = 1, notes: str = "") -> AgreementTemplate:
    """Build version `version` of the programme's agreement from its text in
    contracts/content/v<version>/: the DOCX templates in Finnish and Swedish and the two
    appendices as PDF/A. Idempotent: a version once built is returned as it is.

    A version without a folder of text, or with a file not in the format, is refused
    (AgreementTextError, a ValidationError) before anything is stored."""
    existing = AgreementTemplate.objects.filter(programme=programme, version=version).first()
    if existing is not None and existing.files.exists():
        return existing
    # Every file is read and checked first, so a mistake in one stores none.
    root = agreement_text.root_for(programme)
    kinds = agreement_text.documents(version, root)
    texts = {
        (kind, language): agreement_text.blocks(version, kind, language, root=root)
        for kind in kinds
        for language in LANGUAGES
    }
    template, _created = AgreementTemplate.objects.get_or_create(
        programme=programme, version=version, defaults={"notes": notes}
    )
    for language in LANGUAGES:
        files = {}
        for kind in kinds:
            blocks = texts[kind, language]
            if kind == TemplateFile.Kind.AGREEMENT:
                files[kind] = (
                    rendering.build_docx_template(
                        blocks,
                        fee_labels=_fee_labels(language),
                        signature_labels=_signature_labels(language),
                    ),
                    "docx",
                )
            else:
                title = next(text for k, text in blocks if k == "title")
                files[kind] = (
                    rendering.blocks_to_pdf(blocks, title=title, language=language),
                    "pdf",
                )
        for kind, (data, extension) in files.items():
            item = TemplateFile(
                template=template, kind=kind, language=language, sha256=rendering.sha256(data)
            )
            save_file(item.file, f"{programme.slug}-v{version}-{kind}-{language}.{extension}", data)
            item.save()
    return template


def current_template(programme) -> AgreementTemplate | None:
    return programme.agreement_templates.order_by("-version").first()


# What apps above the agreements add to the values an agreement prints: functions
# `(agreement, *, today) -> dict`, registered in their AppConfig.ready() (billing adds the
# fee figures and the service start), so that the agreements import none of them.
CONTEXT_PROVIDERS: list = []


def agreement_context(agreement: Agreement, *, today=None) -> dict:
    """Every value the agreement prints, preformatted in the agreement's language, as true on
    `today` (the day it is sent). A value the registry does not have is empty: sending is
    refused until it is there (`missing_for_sending`), so no placeholder dash ever reaches a
    municipality."""
    today = today or timezone.localdate()
    programme = agreement.programme
    municipality = agreement.municipality
    contact = agreement_contact(municipality)
    membership = (
        municipality.memberships.select_related("consortium")
        .filter(valid_on_q(today))
        .order_by("-valid_from")
        .first()
    )
    with translation.override(agreement.language):
        name = municipality.name
        programme_name = programme.name
    context = {
        "municipality_name": name,
        "municipality_code": municipality.code,
        "business_id": municipality.business_id,
        "consortium_name": membership.consortium.name if membership else "",
        "launch_date": formatting.date(programme.launch_date),
        "signing_deadline": formatting.date(programme.signing_deadline),
        # The launch wording ("connected from the launch if signed by the deadline") only
        # while the deadline is ahead.
        "deadline_ahead": today <= programme.signing_deadline,
        "programme_name": programme_name,
        "contact_name": contact.name if contact else "",
        "contact_email": contact.email if contact else "",
        "signatory_name": municipality.signatory_name,
        "signatory_title": municipality.signatory_title,
        "decision_body": municipality.decision_body,
        "template_version": str(agreement.template.version if agreement.template else ""),
    }
    if programme.terminal_limit:  # a programme with customer terminals prints its limit
        context["terminal_limit"] = str(programme.terminal_limit)
    for provider in CONTEXT_PROVIDERS:
        context.update(provider(agreement, today=today))
    return context


def docx_properties(agreement: Agreement) -> rendering.DocxProperties:
    """The DOCX's title, author, language and date: the agreement's, dated the day it was sent
    (a draft's preview: today), so that the same agreement gives the same document."""
    day = agreement.sent_on or timezone.localdate()
    with translation.override(agreement.language):
        author = str(_("National Library of Finland"))
    return rendering.DocxProperties(
        title=agreement.title(),
        author=author,
        language=agreement.language,
        created=datetime.datetime.combine(day, datetime.time(0, 0), tzinfo=datetime.UTC),
    )


def render_agreement(agreement: Agreement) -> tuple[bytes, bytes]:
    """The filled DOCX and the PDF/A of the same content."""
    template_file = agreement.template.files.get(
        kind=TemplateFile.Kind.AGREEMENT, language=agreement.language
    )
    with template_file.file.open("rb") as handle:
        # As true on the day it was sent (a draft's preview: today).
        context = agreement_context(agreement, today=agreement.sent_on)
        docx = rendering.fill_docx(handle.read(), context, docx_properties(agreement))
    pdf = rendering.html_to_pdf(
        rendering.docx_to_html(docx), title=agreement.title(), language=agreement.language
    )
    return docx, pdf


def agreement_documents_generate(*, agreement_id: int) -> list[AgreementDocument]:
    """Generate and store the DOCX and PDF of a sent agreement once per template version and
    language (a retried task makes nothing twice)."""
    agreement = Agreement.objects.select_related("programme", "municipality", "template").get(
        pk=agreement_id
    )
    existing = list(
        agreement.documents.filter(template=agreement.template, language=agreement.language)
    )
    if len(existing) == 2:
        return existing
    docx, pdf = render_agreement(agreement)
    documents = []
    for kind, data in ((AgreementDocument.Kind.DOCX, docx), (AgreementDocument.Kind.PDF, pdf)):
        # The row and its file commit together, or neither stays (a retry makes both).
        with atomic_with_files():
            document, _created = AgreementDocument.objects.get_or_create(
                agreement=agreement,
                kind=kind,
                template=agreement.template,
                language=agreement.language,
                defaults={"sha256": rendering.sha256(data), "size": len(data)},
            )
            if _created:
                name = (
                    f"{agreement.programme.slug}-{agreement.municipality.code}-"
                    f"v{agreement.template.version}-{agreement.language}.{kind}"
                )
                save_file(document.file, name, data)
                document.save(update_fields=["file"])
        documents.append(document)
    return documents


BLANK = "_______________"


def model_agreement_pdf(template: AgreementTemplate, language: str) -> bytes:
    """The agreement of a template version as a municipality would read it before it is
    filled in: the programme's own values printed, the municipality's left as blanks to fill
    (for the programme's public page). Nothing is stored."""
    programme = template.programme
    template_file = template.files.get(kind=TemplateFile.Kind.AGREEMENT, language=language)
    with translation.override(language):
        context = {
            name: BLANK
            for name in (
                "municipality_name",
                "municipality_code",
                "business_id",
                "consortium_name",
                "contact_name",
                "contact_email",
                "signatory_name",
                "signatory_title",
                "decision_body",
                "population",
                "population_date",
                "annual_fee",
                "first_year",
                "first_year_months",
                "first_year_fee",
                "fee_year",
            )
        } | {
            "programme_name": programme.name,
            "launch_date": formatting.date(programme.launch_date),
            "signing_deadline": formatting.date(programme.signing_deadline),
            "deadline_ahead": timezone.localdate() <= programme.signing_deadline,
            "template_version": str(template.version),
            "terminal_limit": str(programme.terminal_limit or ""),
            "rate": formatting.euros(programme.fee_per_resident),
            "population_known": False,
        }
        title = _("%(programme)s: model agreement, version %(version)s") % {
            "programme": programme.name,
            "version": template.version,
        }
        author = str(_("National Library of Finland"))
    properties = rendering.DocxProperties(
        title=title,
        author=author,
        language=language,
        created=datetime.datetime.combine(
            template.created_at.date(), datetime.time(0, 0), tzinfo=datetime.UTC
        ),
    )
    with template_file.file.open("rb") as handle:
        docx = rendering.fill_docx(handle.read(), context, properties)
    return rendering.html_to_pdf(rendering.docx_to_html(docx), title=title, language=language)
