"""Every page reachable from the navigation, for every role, in Finnish and in Swedish: read
by the language check (tests/language.py), shown in Chromium and checked by axe-core, and
measured for horizontal scrolling at 1,366 and 390 px. Every document a page links to is read
back in its own language (an agreement of Närpes is Swedish on a Finnish page too).

The crawl follows the links of each page it reaches, breadth first, from the home page;
a page kind (its URL name, with its document kind or action) is visited at most twice, with
different objects or queries, and checked in the browser once. The browser is served by the
Django test client through Playwright's request routing, in the test's own transaction, so
the crawl reads the demo data (`seed_demo`) without a live server."""

import collections
import functools
import io
import mimetypes
import re
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import Resolver404, resolve
from lxml import html

from onboarding.models import User
from tests.conftest import verified_login
from tests.language import LanguageCheck

# The demo users: both staff roles and two managers (a consortium of four, and a Swedish-
# speaking municipality), crawled in both languages.
USERS = ["coordinator", "finance", "helmet", "narpes"]
LANGUAGES = ["fi", "sv"]

# The municipalities of the demo managers (Helmet's four, Närpes) and of Vaasa.
CODES = ("049", "091", "092", "235", "545", "905")
PER_KIND = 2
NOT_CRAWLED = (
    "/static/",
    "/admin/",
    "/accounts/logout/",
    "/i18n/",
    "/jsi18n/",
    "/api/v1/schema/",
    "/favicon.ico",
)
# Non-HTML answers and how their text is read.
DOCUMENT_TYPES = ("application/pdf", "wordprocessingml", "text/csv", "text/calendar", "xml")
# The kinds of a URL whose kwargs name what is shown, not which object.
KIND_KWARGS = ("kind", "action", "fmt", "transition")

SERIOUS = ("serious", "critical")
# What sticks out past the right edge: the outermost elements that do, each as tag.class#id.
STICKING_OUT = """width => {
  const out = [];
  const beyond = element => element.getBoundingClientRect().right > width + 1;
  for (const element of document.querySelectorAll("body *")) {
    const parent = element.parentElement;
    if (!beyond(element) || (parent && parent !== document.body && beyond(parent))) continue;
    const classes = typeof element.className === "string" ? element.className.trim() : "";
    out.push(element.tagName.toLowerCase() + (classes ? "." + classes.split(/\\s+/).join(".") : "")
      + (element.id ? "#" + element.id : ""));
  }
  return out.slice(0, 4);
}"""
WIDE, NARROW = 1366, 390


@pytest.fixture
def demo(db):
    """The demo of `make run` (users, answers, agreements, connections), with the documents
    of the agreements the crawl reaches and invoices of 2025 for some payers, one credited:
    made here, since the demo leaves them to the worker; a Swedish-speaking payer's invoice
    and a credit note in each language among them."""
    from billing.selectors import fee_rows
    from billing.services.invoicing import invoice_credit, invoice_issue, invoice_render_pdf
    from contracts.models import Agreement
    from contracts.tasks import generate_agreement_documents
    from onboarding.models import Programme
    from onboarding.services.notifications import municipality_language
    from portal.demo import demo_seed

    demo_seed(with_users=True)
    programme = Programme.objects.get(slug="ekirjasto")
    sent = Agreement.objects.filter(programme=programme, sent_on__isnull=False)
    crawled = {*sent.filter(municipality__code__in=CODES).values_list("pk", flat=True)}
    crawled |= {*sent.values_list("pk", flat=True)[:6]}
    for pk in sorted(crawled):
        generate_agreement_documents(pk)
    finance = User.objects.get(username="finance")
    rows = fee_rows(programme, 2025)
    payers = {row.payer.pk: row.payer for row in rows if row.fee.billable}
    swedish = [p for p in payers.values() if municipality_language(p) == "sv"][:1]
    chosen = [p for p in payers.values() if p.code in CODES] + list(payers.values())[:4] + swedish
    invoices = []
    for payer in dict.fromkeys(chosen):
        mine = [row for row in rows if row.payer.pk == payer.pk]
        invoice = invoice_issue(programme=programme, year=2025, payer=payer, rows=mine, by=finance)
        invoices.append(invoice_render_pdf(invoice_id=invoice.pk))
    for invoice, reason in ((invoices[0], "Väärä asukasluku"), (invoices[-1], "Fel invånarantal")):
        note = invoice_credit(invoice=invoice, by=finance, amount=None, reason=reason)
        invoice_render_pdf(invoice_id=note.pk)


def _kind(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    kinds = [f"{key}={match.kwargs[key]}" for key in KIND_KWARGS if key in match.kwargs]
    return ":".join([match.view_name, *kinds])


def _internal(href: str) -> str | None:
    parts = urlsplit(href)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
        return None
    if not parts.path.startswith("/") or parts.path.startswith(NOT_CRAWLED):
        return None
    if parts.path.startswith("/api/") and parts.path != "/api/v1/docs/":
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _document_language(path: str, page_language: str) -> str:
    """Agreements and invoices are written in their own language, the survey answers in the
    one asked for; other exports in the page's."""
    from billing.models import Invoice
    from contracts.models import Agreement

    parts = urlsplit(path)
    match = resolve(parts.path)
    if match.view_name == "survey_export":
        return parse_qs(parts.query).get("lang", [page_language])[0]
    if match.view_name == "agreement_file":
        return Agreement.objects.get(pk=match.kwargs["pk"]).language
    if match.view_name == "invoice_file":
        return Invoice.objects.get(number=match.kwargs["number"]).language
    if match.view_name == "programme_document":  # a public page links both languages
        return match.kwargs["language"]
    return page_language


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _document_text(content_type: str, data: bytes) -> str:
    if "pdf" in content_type:
        return subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-layout", "-", "-"],
            input=data,
            capture_output=True,
            check=True,
        ).stdout.decode()
    if "wordprocessingml" in content_type:
        import docx

        document = docx.Document(io.BytesIO(data))
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return "\n".join([paragraph.text for paragraph in document.paragraphs] + cells)
    if "xml" in content_type:
        # Finvoice: the texts meant for people (free text, row names, terms), not the codes.
        tree = html.fromstring(data)
        return "\n".join(
            element.text or ""
            for element in tree.iter()
            if isinstance(element.tag, str)
            and re.search(r"freetext|articlename|paymentterms|rowfreetext", element.tag, re.I)
        )
    if "calendar" in content_type:
        lines = data.decode().replace("\r\n ", "").splitlines()
        return "\n".join(
            line.split(":", 1)[1].replace("\\n", "\n").replace("\\,", ",")
            for line in lines
            if line.startswith(("SUMMARY", "DESCRIPTION", "LOCATION"))
        )
    return data.decode("utf-8-sig")


class Crawl:
    def __init__(self, client, language: str):
        self.client = client
        self.language = language
        self.problems: list[str] = []
        self.pages: dict[str, str] = {}  # kind -> first URL, for the browser
        self.read: dict[str, tuple[dict, bytes]] = {}  # URL -> headers and body
        self.documents: list[str] = []
        self.visited = 0

    def run(self, start: str = "/"):
        queue = collections.deque([start])
        seen = {start}
        per_kind = collections.Counter()
        while queue:
            url = queue.popleft()
            kind = _kind(urlsplit(url).path)
            if kind is None or per_kind[kind] >= PER_KIND:
                continue
            per_kind[kind] += 1
            for link in self.visit(url, kind):
                if link not in seen:
                    seen.add(link)
                    queue.append(link)

    def visit(self, url: str, kind: str) -> list[str]:
        response = self.client.get(url)
        self.visited += 1
        if response.status_code in (301, 302):
            location = _internal(response["Location"])
            return [location] if location else []
        if response.status_code != 200:
            self.problems.append(f"{url}: {response.status_code}")
            return []
        content_type = response.get("Content-Type", "")
        if "text/html" in content_type:
            body = _body(response)
            content = body.decode()
            self.problems += _check(self.language).page(content, url)
            if self.pages.setdefault(kind, url) == url:
                self.read[url] = (dict(response.items()), body)
            tree = html.fromstring(content)
            return [link for href in tree.xpath("//a/@href") if (link := _internal(href))]
        if any(document in content_type for document in DOCUMENT_TYPES):
            self.documents.append(url)
            language = _document_language(url, self.language)
            if language not in ("fi", "sv"):
                return []
            data = _body(response)
            check = _check(language)
            if "csv" in content_type:
                labelled = resolve(urlsplit(url).path).view_name == "survey_export"
                self.problems += check.csv(data, url, labelled=labelled)
            else:
                self.problems += check.document(_document_text(content_type, data), url)
        return []


@functools.cache
def _check(language: str) -> LanguageCheck:
    """One check a language: its catalogs and names are read once per test process."""
    return LanguageCheck(language)


def _served_from(pages: dict[str, tuple[dict, bytes]]):
    """A Playwright route handler answering the browser with the pages the crawl read (their
    headers and bodies) and the static files: Playwright calls it in its own asyncio context,
    where Django would open another database connection than the test's."""

    def handle(route):
        parts = urlsplit(route.request.url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path in pages:
            headers, body = pages[path]
            route.fulfill(status=200, headers=headers, body=body)
            return
        if parts.path.startswith(settings.STATIC_URL):
            found = finders.find(parts.path.removeprefix(settings.STATIC_URL))
            if found:
                kind = mimetypes.guess_type(found)[0] or "application/octet-stream"
                route.fulfill(status=200, content_type=kind, body=Path(found).read_bytes())
                return
        route.fulfill(status=404, body="")

    return handle


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("username", USERS)
def test_every_page_in_one_language_accessible_and_fitting(
    demo, browser, client, username, language
):
    from axe_playwright_python.sync_playwright import Axe

    verified_login(client, User.objects.get(username=username))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    crawl = Crawl(client, language)
    crawl.run()

    assert len(crawl.pages) >= 8, crawl.pages
    assert not crawl.problems, "\n".join(sorted(set(crawl.problems)))

    context = browser.new_context(locale=f"{language}-FI", viewport={"width": WIDE, "height": 900})
    context.route("http://testserver/**", _served_from(crawl.read))
    page = context.new_page()
    axe = Axe()
    failures = []
    try:
        for _kind, url in sorted(crawl.pages.items()):
            page.set_viewport_size({"width": WIDE, "height": 900})
            page.goto("http://testserver" + url)
            results = axe.run(page)
            for violation in results.response["violations"]:
                if violation["impact"] in SERIOUS:
                    targets = [node["target"] for node in violation["nodes"]][:3]
                    failures.append(
                        f"{url}: axe {violation['id']} ({violation['impact']}) {targets}"
                    )
            for width in (WIDE, NARROW):
                page.set_viewport_size({"width": width, "height": 900})
                scroll = page.evaluate("document.documentElement.scrollWidth")
                if scroll > width:
                    culprits = page.evaluate(STICKING_OUT, width)
                    failures.append(f"{url}: {scroll} px wide at a {width} px screen: {culprits}")
    finally:
        context.close()
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_document_in_its_language(demo, client, language):
    """Each kind of document, of a municipality whose language it is, read back: the
    agreement (PDF/A and DOCX), its appendices, the signing certificate, the invoice and the
    credit note (PDF) and the Finvoice's texts. A coordinator sees them all; the page's
    language is the other one, which a document must not follow."""
    from billing.models import Invoice
    from contracts.models import Agreement
    from contracts.tasks import generate_agreement_documents

    verified_login(client, User.objects.get(username="coordinator"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv" if language == "fi" else "fi"
    signed = (
        Agreement.objects.filter(language=language, evidence__isnull=False)
        .select_related("template")
        .order_by("pk")
        .first()
    )
    generate_agreement_documents(signed.pk)
    urls = [f"/agreements/{signed.pk}/files/{kind}/" for kind in ("pdf", "docx", "certificate")]
    urls += [
        f"/agreements/{signed.pk}/files/{kind}/"
        for kind in signed.template.files.filter(language=language)
        .exclude(kind="agreement")
        .values_list("kind", flat=True)
    ]
    invoices = Invoice.objects.filter(language=language)
    kinds = set(invoices.values_list("kind", flat=True))
    for invoice in {invoice.kind: invoice for invoice in invoices}.values():
        urls += [f"/billing/invoices/{invoice.number}/{kind}/" for kind in ("pdf", "finvoice")]

    crawl = Crawl(client, language)
    for url in urls:
        crawl.visit(url, _kind(url))
    assert crawl.documents == urls
    assert kinds == {Invoice.Kind.INVOICE, Invoice.Kind.CREDIT_NOTE}, kinds
    assert not crawl.problems, "\n".join(crawl.problems)
