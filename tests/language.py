"""The language check: what a reader of a Finnish or Swedish page or document must never meet.

`LanguageCheck(language)` knows, for that language,
- every English msgid that has a different translation (the project's and Django's catalogs,
  plural forms included), so a string left untranslated or translated into the wrong
  catalog shows up as its English source;
- every stored choice value of every model (`in_force`, `draft`, `return_for_changes`), so a
  state shown as its code instead of its label shows up;
- the names of municipalities and regions in the other language where the
  registry has a different name in this one (`Närpes` on a Finnish page, `Vaasa` on a
  Swedish one);
- "None", ISO dates (2027-03-01) and money written with a decimal point (6687.80 €).

Pages are read as a tree: text inside <code>, <pre>, <script>, <style> and inside any element
whose `lang` says it is in another language is not the page's language and is skipped (so a
Swedish name shown deliberately on a Finnish page must say `lang="sv"`). Documents are read
as text (pdftotext, the DOCX's paragraphs, a CSV's cells)."""

import csv
import io
import re
from functools import cache
from pathlib import Path

from django.apps import apps
from django.utils.translation import trans_real
from lxml import html

ROOT = Path(__file__).resolve().parent.parent
SKIPPED_TAGS = {"script", "style", "code", "pre", "kbd", "samp", "template"}
TEXT_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "aria-description")
PLACEHOLDER = re.compile(r"%\([^)]+\)[sdif]|%[sdif]|\{[a-z_0-9]*\}")
ISO_DATE = re.compile(r"(?<![\d-])(19|20)\d\d-[01]\d-[0-3]\d(?![\d-])")
POINT_MONEY = re.compile(r"(?<![\d.,])\d+\.\d\d\s?€")
NONE = re.compile(r"(?<![\w-])None(?![\w-])")
ARROW = r"\s*(?:->|→)\s*"


def _po_plurals(language: str) -> list[tuple[str, str]]:
    """(msgid_plural, first translation) of the project's catalog: Django's loaded catalog
    keeps only the singular msgid of a plural entry."""
    path = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
    pairs = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        if "msgid_plural" not in block or block.lstrip().startswith("#~"):
            continue
        fields, current = {}, None
        for line in block.splitlines():
            match = re.match(r'^(msgid_plural|msgstr\[0\]|msgid|msgstr\[\d\])\s+"(.*)"$', line)
            if match:
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if fields.get("msgid_plural") and fields.get("msgstr[0]"):
            pairs.append((_unescape(fields["msgid_plural"]), _unescape(fields["msgstr[0]"])))
    return pairs


def _unescape(value: str) -> str:
    return value.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


def _pattern(msgid: str) -> re.Pattern | None:
    """A whole-text pattern for an English msgid, its placeholders matching anything; None for
    a msgid too short or too un-English to tell (one letter, only placeholders, 'OK')."""
    words = PLACEHOLDER.sub(" ", msgid)
    if len(re.findall(r"[A-Za-z]", words)) < 3 or not re.search(r"[a-z]", words):
        return None
    parts = PLACEHOLDER.split(msgid.strip())
    body = r"\S.*?".join(re.escape(re.sub(r"\s+", " ", part)) for part in parts)
    return re.compile(body.replace(r"\ ", r"\s+"), re.DOTALL)


class LanguageCheck:
    def __init__(self, language: str):
        assert language in ("fi", "sv")
        self.language = language
        self.english = _english(language)
        self.codes = _choice_codes()
        self.other_names = _other_names(language)

    # Pages ---------------------------------------------------------------------------------

    def page(self, content: str, where: str) -> list[str]:
        """Problems of an HTML page, each as 'where: what "text"'."""
        tree = html.fromstring(content)
        page_language = (tree.get("lang") or "").split("-")[0]
        problems = []
        if page_language != self.language:
            problems.append(f'{where}: <html lang="{page_language}">, not {self.language}')
        for segment in self._segments(tree):
            problems += [f"{where}: {problem}" for problem in self.text(segment)]
        return problems

    def _segments(self, tree):
        """Each piece of text the reader sees, separately (an element's own text, the text
        after each child) and whole (the full text of elements read as one: buttons, links,
        cells, labels, headings, options), and the attributes read aloud or shown."""
        for element in tree.iter():
            if not isinstance(element.tag, str) or self._foreign(element):
                continue
            if element.tag not in SKIPPED_TAGS and element.text:
                yield element.text
            if element.tail and not self._foreign(element.getparent()):
                yield element.tail
            for attribute in TEXT_ATTRIBUTES:
                if element.get(attribute):
                    yield element.get(attribute)
            if element.tag == "input" and element.get("type") in ("submit", "button"):
                yield element.get("value") or ""
            if element.tag in WHOLE and not any(
                isinstance(child.tag, str)
                and (child.tag in SKIPPED_TAGS or child.get("lang") or child.get("translate"))
                for child in element.iter()
            ):
                yield element.text_content()

    def _foreign(self, element) -> bool:
        """Inside <code> and the like, in an element whose content is not to be translated
        (`translate="no"`: a username, an IBAN), or declared to be in another language."""
        while element is not None:
            if element.tag in SKIPPED_TAGS or element.get("translate") == "no":
                return True
            declared = element.get("lang")
            if declared:
                return declared.split("-")[0] != self.language
            element = element.getparent()
        return False

    # Text ----------------------------------------------------------------------------------

    def text(self, segment: str) -> list[str]:
        """Problems of one piece of text the reader sees."""
        segment = re.sub(r"\s+", " ", segment.replace("\u00a0", " ")).strip()
        if not segment or not re.search(r"[A-Za-zÅÄÖåäö]", segment):
            return []
        problems = []
        for msgid, pattern in self.english.get(_key(segment), ()):
            if pattern.fullmatch(segment):
                problems.append(f'English msgid "{msgid}" in "{segment}"')
                break
        if segment in self.codes:
            problems.append(f'raw code "{segment}"')
        for word in re.findall(r"[a-z]+(?:_[a-z]+)+", segment):
            if word in self.codes:
                problems.append(f'raw code "{word}" in "{segment}"')
        for match in re.finditer(rf"([a-z_]+){ARROW}([a-z_]+)", segment):
            if {match.group(1), match.group(2)} & self.codes:
                problems.append(f'raw codes "{match.group(0)}" in "{segment}"')
        if NONE.search(segment):
            problems.append(f'"None" in "{segment}"')
        if ISO_DATE.search(segment):
            problems.append(f'ISO date in "{segment}"')
        if POINT_MONEY.search(segment):
            problems.append(f'money with a decimal point in "{segment}"')
        for name in self.other_names.findall(segment) if self.other_names else ():
            problems.append(f'"{name}" (the other language\'s name) in "{segment}"')
        return problems

    def document(self, text: str, where: str) -> list[str]:
        """Problems of a document read as text: each line, and each part of a line set apart
        by a run of spaces (pdftotext's columns), is one piece of text."""
        problems = []
        for line in text.splitlines():
            for segment in {line, *re.split(r"\s{2,}", line)}:
                problems += [f"{where}: {problem}" for problem in self.text(segment)]
        return sorted(set(problems))

    def csv(self, data: bytes, where: str, *, labelled: bool = False) -> list[str]:
        """Problems of the header a person reads in a CSV export: its first row, or, where
        the export is `labelled`, the row of labels under a first row of column keys
        (`business_id`). Keys, and the codes and ISO dates of data rows, are for programs:
        a file whose first row is keys and has no labels is data, not read here."""
        text = data.decode("utf-8-sig")
        first = text.split("\n", 1)[0]
        delimiter = max(";,\t", key=first.count)
        rows = csv.reader(io.StringIO(text), delimiter=delimiter)
        header = next(rows, [])
        if header and all(re.fullmatch(r"[a-z0-9_]+", cell) for cell in header):
            header = next(rows, []) if labelled else []
        return [f"{where}: {problem}" for cell in header for problem in self.text(cell)]


# Elements whose whole text is read as one piece.
WHOLE = {
    "a",
    "button",
    "label",
    "th",
    "td",
    "h1",
    "h2",
    "h3",
    "h4",
    "option",
    "legend",
    "caption",
    "dt",
    "dd",
    "summary",
    "title",
    "li",
    "p",
}


def _key(segment: str) -> str:
    """Msgids are grouped by their first word so that a piece of text is compared with few."""
    match = re.match(r"[^\W\d_]+", segment)
    return match.group(0).lower() if match else ""


@cache
def _english(language: str) -> dict[str, list[tuple[str, re.Pattern]]]:
    catalog = trans_real.translation(language)._catalog
    pairs = []
    for key in set(catalog.keys()):
        translated = catalog[key]  # the translation in effect: the project's before Django's
        msgid = key[0] if isinstance(key, tuple) else key
        pairs.append((msgid.split("\x04", 1)[-1], translated))
    pairs += _po_plurals(language)
    translations = {translated.strip() for _msgid, translated in pairs}
    pairs = [(msgid, text) for msgid, text in pairs if text.strip() != msgid.strip()]
    grouped: dict[str, list] = {}
    for msgid, _translated in pairs:
        # A word that is also a translation in this language (Swedish "Status") is not English.
        if msgid.strip() in translations or PLACEHOLDER.match(msgid.strip()):
            continue
        pattern = _pattern(msgid)
        if pattern is not None:
            grouped.setdefault(_key(msgid), []).append((msgid, pattern))
    return grouped


@cache
def _choice_codes() -> frozenset:
    """Every stored choice value whose label is another text. A single word among them
    ('sent' may be a word) counts only as the whole text or next to an arrow."""
    codes = set()
    for model in apps.get_models():
        if model._meta.app_label in ("admin", "auth", "contenttypes", "sessions", "axes"):
            continue
        for field in model._meta.get_fields():
            for value, label in getattr(field, "flatchoices", None) or ():
                if (
                    isinstance(value, str)
                    and re.fullmatch(r"[a-z]+(_[a-z]+)*", value)
                    and len(value) >= 3
                    and str(label) != value
                ):
                    codes.add(value)
    return frozenset(codes)


def _word_in(word: str, text: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


def _other_names(language: str) -> re.Pattern | None:
    """Names in the other language where this language's name differs."""
    from onboarding.models import Consortium, Municipality
    from onboarding.regions import _names as region_names

    other = "sv" if language == "fi" else "fi"
    pairs = [(m.name_fi, m.name_sv) for m in Municipality.objects.all()]
    pairs += list(region_names().values())
    own = {pair[0 if language == "fi" else 1] for pair in pairs if all(pair)}
    # A name is the other language's only where it is not part of a name of this language
    # ("Maarianhamina - Mariehamn" is the registry's Finnish name) or of a consortium's one
    # name ("Bibliotek.ax (Åland)").
    words = " | ".join([*own, *Consortium.objects.values_list("name", flat=True)])
    names = {
        name
        for name_fi, name_sv in pairs
        if name_fi
        and name_sv
        and name_fi != name_sv
        and not _word_in(name := name_fi if other == "fi" else name_sv, words)
    }
    if not names:
        return None
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")
