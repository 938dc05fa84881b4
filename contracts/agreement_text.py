"""The text of the cooperation agreement and its appendices: one Markdown file per document and
language in contracts/content/v<N>/, read into the blocks the documents are built from.

A change of the text is a new folder, built into a new template version by
`manage.py create_agreement_template`; the format is described in contracts/content/README.md.
"""

import re
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CONTENT = Path(__file__).resolve().parent / "content"
DOCUMENTS = ("agreement", "data_processing", "service_description")
LANGUAGES = ("fi", "sv")
# Block directives, alone on a line: where the agreement's fee table and signatures go.
DIRECTIVES = ("fee_table", "signatures")
# Conditions, alone on a line: [[if name]] ... [[else]] ... [[endif]] keeps the blocks between
# them when the placeholder `name` has a value (or, with [[if not name]], when it has none).
CONDITIONS = ("if", "else", "endif")
# Only the agreement is filled per municipality; the appendices are printed as written.
FILLED = "agreement"

# (kind, text): kind is "title", "h", "p", "li" or a directive (whose text is None).
Block = tuple[str, str | None]

_VERSION_FOLDER = re.compile(r"v([1-9][0-9]*)")
_HEADING = re.compile(r"(#+)(?:\s+(.*))?")
_DIRECTIVE = re.compile(r"\[\[([a-z_]+)\]\]")
_CONDITION = re.compile(r"\[\[(if(?: not)? [a-z_][a-z0-9_]*|else|endif)\]\]")
_PLACEHOLDER = re.compile(r"\{\{\s*[A-Za-z_][A-Za-z0-9_]*\s*\}\}")
_TEMPLATE_SYNTAX = ("{{", "}}", "{%", "%}", "{#", "#}")


class AgreementTextError(ValidationError):
    """A version's text is missing or does not follow contracts/content/README.md."""


def versions(root: Path | None = None) -> list[int]:
    """The versions that have a folder of text (in CONTENT unless `root`), oldest first."""
    root = root or CONTENT
    if not root.is_dir():
        return []
    found = (_VERSION_FOLDER.fullmatch(path.name) for path in root.iterdir() if path.is_dir())
    return sorted(int(match.group(1)) for match in found if match)


def own_root(programme) -> Path:
    """The folder of a programme's own versions of text: contracts/content/<slug>/."""
    return CONTENT / programme.slug


def root_for(programme) -> Path:
    """Where a programme's versions of text are: its own folder when it has one, else
    contracts/content/ (the first programme's, E-kirjasto's, shared by any programme that
    has no text of its own)."""
    own = own_root(programme)
    return own if own.is_dir() else CONTENT


def documents(version: int, root: Path | None = None) -> list[str]:
    """The documents of a version: the agreement, and each appendix that has a text in either
    language (then it needs both: `blocks` refuses the missing one)."""
    folder = (root or CONTENT) / f"v{version}"
    return [
        document
        for document in DOCUMENTS
        if document == FILLED
        or any((folder / f"{document}.{language}.md").exists() for language in LANGUAGES)
    ]


def text_path(version: int, document: str, language: str, root: Path | None = None) -> Path:
    return (root or CONTENT) / f"v{version}" / f"{document}.{language}.md"


def blocks(version: int, document: str, language: str, *, root: Path | None = None) -> list[Block]:
    """The blocks of one document of a version in one language (in CONTENT unless `root`)."""
    path = text_path(version, document, language, root)
    if not path.parent.is_dir():
        raise AgreementTextError(
            _(
                "There is no text for version %(version)s of the agreement: the folder "
                "%(folder)s does not exist. Copy the previous version's folder and edit it "
                "(contracts/content/README.md)."
            )
            % {"version": version, "folder": path.parent}
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise AgreementTextError(
            _("The file %(file)s is missing from version %(version)s of the agreement.")
            % {"file": path, "version": version}
        ) from None
    return parse(text, source=str(path), filled=document == FILLED)


def parse(text: str, *, source: str, filled: bool = True) -> list[Block]:
    """The blocks of a text in the format of contracts/content/README.md. `source` names the
    file in errors; `filled` says whether placeholders and directives may appear."""
    result: list[Block] = []
    starts: list[int] = []  # the line each block starts on, for errors found after joining
    continues = False  # whether a next line joins the last paragraph or bullet item
    depth: list[int] = []  # the lines of the [[if …]] not yet closed

    def error(number: int, problem: str) -> AgreementTextError:
        return AgreementTextError(
            _("%(file)s, line %(line)s: %(problem)s")
            % {"file": source, "line": number, "problem": problem}
        )

    def add(number: int, kind: str, content: str | None) -> None:
        if not result and kind != "title":
            raise error(number, _("the file must begin with the title, a line '# Title'."))
        result.append((kind, content))
        starts.append(number)

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continues = False
        elif line.startswith("#"):
            heading = _HEADING.fullmatch(line)
            if not heading:
                raise error(number, _("a heading needs a space after its '#' marks."))
            level, content = len(heading.group(1)), (heading.group(2) or "").strip()
            if level > 2:
                raise error(
                    number, _("only '# ' (the title) and '## ' (a section heading) are headings.")
                )
            if not content:
                raise error(number, _("the heading has no text."))
            if level == 1 and result:
                raise error(
                    number,
                    _("a second title; the title ('# ') comes only once, as the first line."),
                )
            add(number, "title" if level == 1 else "h", content)
            continues = False
        elif line.startswith("[[") and _CONDITION.fullmatch(line):
            if not filled:
                raise error(number, _("conditions belong in the agreement, not in its appendices."))
            condition = _CONDITION.fullmatch(line).group(1)
            if condition.startswith("if"):
                add(number, "if", condition.removeprefix("if ").strip())
                depth.append(number)
            elif not depth:
                raise error(number, _("%(line)s without an [[if …]] before it.") % {"line": line})
            elif condition == "else":
                add(number, "else", None)
            else:
                add(number, "endif", None)
                depth.pop()
            continues = False
        elif line.startswith("[["):
            directive = _DIRECTIVE.fullmatch(line)
            if not directive or directive.group(1) not in DIRECTIVES:
                raise error(
                    number,
                    _("unknown directive %(directive)s; the directives are %(known)s.")
                    % {"directive": line, "known": ", ".join(f"[[{d}]]" for d in DIRECTIVES)},
                )
            if not filled:
                raise error(number, _("directives belong in the agreement, not in its appendices."))
            add(number, directive.group(1), None)
            continues = False
        elif line.startswith(("* ", "+ ")):
            raise error(number, _("write a bullet item with '- ', not '* ' or '+ '."))
        elif line == "-" or line.startswith("- "):
            content = line[1:].strip()
            if not content:
                raise error(number, _("the bullet item has no text."))
            add(number, "li", content)
            continues = True
        elif continues:
            kind, previous = result[-1]
            result[-1] = (kind, f"{previous} {line}")
        else:
            add(number, "p", line)
            continues = True
    if not result:
        raise error(1, _("the file must begin with the title, a line '# Title'."))
    if depth:
        raise error(depth[-1], _("this [[if …]] has no [[endif]]."))
    for number, (_kind, content) in zip(starts, result, strict=True):
        rest = _PLACEHOLDER.sub("", content or "")
        if any(mark in rest for mark in _TEMPLATE_SYNTAX):
            raise error(number, _("a broken placeholder; write it as {{ name }}."))
        if not filled and rest != (content or ""):
            raise error(
                number, _("placeholders are filled in the agreement only, not in its appendices.")
            )
    return result
