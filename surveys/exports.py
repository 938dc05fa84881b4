"""Answers as CSV and XLSX: one row per response, one column per question key over all
versions, the second row giving each question's label in the chosen language."""

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from surveys.answers import display_value
from surveys.models import Response

FIXED = ["respondent", "respondent_name", "version", "status", "updated"]


def answer_table(responses: list[Response], versions, language: str) -> list[list[str]]:
    """Rows of text: the header of keys, the header of labels, then one row a response."""
    questions = {}
    for version in versions:  # newest first: its labels and order win
        for question in version.questions.all():
            questions.setdefault(question.key, question)
    by_version = {v.pk: {q.key: q for q in v.questions.all()} for v in versions}
    with translation.override(language):
        fixed_labels = [_("Respondent"), _("Name"), _("Version"), _("Status"), _("Updated")]
        rows = [
            FIXED + list(questions),
            fixed_labels + [q.label_in(language) for q in questions.values()],
        ]
        for response in responses:
            own = by_version.get(response.questionnaire_id, {})
            row = [
                response.respondent_key,
                response.respondent_name,
                str(response.questionnaire.version),
                str(response.get_status_display()),
                timezone.localtime(response.updated_at).strftime("%Y-%m-%d %H:%M"),
            ]
            for key, newest in questions.items():
                question = own.get(key)  # the question as the respondent saw it
                value = response.answers.get(key)
                row.append(
                    display_value(question or newest, value, language) if value is not None else ""
                )
            rows.append(row)
    return rows
