"""The Content-Security-Policy in a real browser: a coordinator goes through the main pages
(dashboard, lists, the map, charts, forms, a background job's progress, the API docs and the
browsable API) and Chromium reports no violation of the policy, in the console or as a
`securitypolicyviolation` event; the pages' scripts still work (the job's progress is fetched,
Swagger UI draws the operations, the language switcher posts)."""

import pytest

from onboarding.models import Job, Programme, Role, User
from tests.e2e.conftest import PASSWORD, e2e_user, log_in
from tests.factories import AgreementFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning"),
]

WIDE = {"width": 1280, "height": 900}
# Every violation the page itself sees (listening from before any script of the page runs).
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${where}`);
});
"""

PAGES = [
    "/",
    "/municipalities/",
    "/municipalities/091/",
    "/consortia/",
    "/consortia/helmet/",
    "/map/",
    "/map/?colour=language_status",
    "/surveys/overview/",
    "/surveys/cost-analysis/",
    "/surveys/registry-changes/",
    "/agreements/",
    "/agreements/units/",
    "/billing/fees/?programme=ekirjasto&year=2025",
    "/billing/invoices/",
    "/billing/payments/",
    "/billing/rates/",
    "/connections/ekirjasto/",
    "/connections/ekirjasto/timeline/",
    "/connections/ekirjasto/proposal/",
    "/connections/ekirjasto/waves/new/",
    "/invitations/",
    "/accounts/password_change/",
    "/api/v1/municipalities/?format=api",
]


def test_the_main_pages_break_no_content_security_policy(browser, live_server, reference_db):
    coordinator = e2e_user("coordinator-csp", Role.COORDINATOR)
    agreement = AgreementFactory(code="091", signed=True)
    job = Job.objects.create(kind="agreements_zip", created_by=coordinator, total=3)
    page = log_in(browser, live_server, "coordinator-csp", viewport=WIDE)
    page.add_init_script(RECORD_VIOLATIONS)
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text or message.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda error: console.append(f"page error: {error}"))

    seen = {}
    for path in [*PAGES, f"/agreements/{agreement.pk}/", f"/jobs/{job.pk}/"]:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert "Content-Security-Policy" in {k.title() for k in response.headers}, path
        page.wait_for_load_state("networkidle")
        seen[path] = page.evaluate("window.__violations")

    # The job page's script fetched the progress and wrote it into the page.
    assert "0 / 3" in page.locator("#job-status").inner_text()

    # Swagger UI runs under its page's own allowance and draws the operations.
    page.goto(live_server.url + "/api/v1/docs/")
    page.locator(".swagger-ui .opblock").first.wait_for()
    assert page.locator(".swagger-ui .opblock").count() > 20
    seen["/api/v1/docs/"] = page.evaluate("window.__violations")

    # A form still posts: the language switcher.
    page.goto(live_server.url + "/map/")
    page.select_option("#language-select", "sv")
    page.click(".language-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "sv"
    seen["language switch"] = page.evaluate("window.__violations")

    assert [text for text in console if "Content Security Policy" in text] == []
    assert {path: found for path, found in seen.items() if found} == {}
    assert console == []  # nor any other error


def test_the_admin_breaks_no_content_security_policy(browser, live_server, reference_db):
    """The admin, where draft questions are edited: lists, filters, a form with the date and
    time widgets (admin scripts), and saving it."""
    User.objects.create_superuser("admin-csp", "admin@kk.example", PASSWORD)
    programme = Programme.objects.get(slug="ekirjasto")
    page = log_in(browser, live_server, "admin-csp", viewport=WIDE)
    page.add_init_script(RECORD_VIOLATIONS)
    console = []
    page.on(
        "console",
        lambda message: console.append(message.text) if message.type == "error" else None,
    )
    seen = {}
    for path in [
        "/admin/",
        "/admin/onboarding/municipality/?q=Helsinki",
        "/admin/onboarding/municipality/",
        "/admin/surveys/questionnaire/add/",
        f"/admin/onboarding/programme/{programme.pk}/change/",
    ]:
        assert page.goto(live_server.url + path).status == 200, path
        page.wait_for_load_state("networkidle")
        seen[path] = page.evaluate("window.__violations")
    # The admin's date widget (a script) opens its calendar on the programme's dates.
    page.locator("a[id^='calendarlink']").first.click()
    assert page.locator(".calendarbox").first.is_visible()
    seen["calendar"] = page.evaluate("window.__violations")

    assert {path: found for path, found in seen.items() if found} == {}
    assert console == []
