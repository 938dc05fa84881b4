"""The security headers a browser gets with every page: a Content-Security-Policy without
inline scripts, a Permissions-Policy refusing the features no page uses, and a CSRF cookie no
script can read. tests/e2e/test_content_security_policy.py shows Chromium keeping to them."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from lxml import html

pytestmark = pytest.mark.django_db

PDF_TEMPLATES = {  # printed by WeasyPrint, never served to a browser
    "billing/invoice.html",
    "contracts/pdf_page.html",
    "contracts/certificate.html",
}


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = [part.strip().split() for part in header.split(";") if part.strip()]
    return {name: sources for name, *sources in directives}


def test_a_page_allows_scripts_and_styles_only_from_the_site(coordinator, client_for):
    response = client_for(coordinator).get("/municipalities/")
    assert response.status_code == 200
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def test_a_page_refuses_the_browser_features_no_page_uses(client):
    response = client.get("/accounts/login/")
    assert response["Permissions-Policy"] == (
        "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
    )
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_csrf_cookie_is_hidden_from_scripts_and_the_login_form_still_works(client, coordinator):
    client = client.__class__(enforce_csrf_checks=True)
    login = client.get("/accounts/login/")
    cookie = login.cookies[settings.CSRF_COOKIE_NAME]
    assert cookie["httponly"] is True
    token = html.fromstring(login.content).xpath("//input[@name='csrfmiddlewaretoken']/@value")[0]
    coordinator.set_password("Kirjasto-2024!")
    coordinator.save()
    answer = client.post(
        "/accounts/login/",
        {
            "username": coordinator.username,
            "password": "Kirjasto-2024!",
            "csrfmiddlewaretoken": token,
        },
    )
    assert answer.status_code == 302


def test_the_map_legend_is_coloured_without_style_attributes(coordinator, client_for):
    response = client_for(coordinator).get("/map/")
    tree = html.fromstring(response.content)
    assert tree.xpath("//*[@style]") == []
    assert tree.xpath("//ul[contains(@class, 'legend')]/li/svg/rect/@fill")


def test_the_api_docs_alone_may_use_inline_styles_and_their_script_is_a_file(client):
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    csp = policy(docs)
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'", "'unsafe-inline'"]
    assert csp["img-src"] == ["'self'", "data:"]
    tree = html.fromstring(docs.content)
    assert not [s for s in tree.xpath("//script") if not s.get("src")]
    (start,) = [src for src in tree.xpath("//script/@src") if "script" in src.split("?")[-1]]
    script = client.get(start)
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


def test_the_browsable_api_may_use_inline_styles_but_no_inline_script(coordinator, client_for):
    page = client_for(coordinator).get("/api/v1/programmes/", HTTP_ACCEPT="text/html")
    assert page["Content-Type"].startswith("text/html")
    csp = policy(page)
    assert csp["style-src"] == ["'self'", "'unsafe-inline'"]
    assert csp["script-src"] == ["'self'"]
    json_answer = client_for(coordinator).get("/api/v1/programmes/")
    assert policy(json_answer)["style-src"] == ["'self'"]


def test_no_served_template_has_an_inline_script_or_style():
    """What keeps the policy strict: scripts in static files, colours by SVG `fill`."""
    offenders = []
    root = Path(settings.BASE_DIR) / "templates"
    for path in sorted(root.rglob("*.html")):
        name = path.relative_to(root).as_posix()
        if name in PDF_TEMPLATES:
            continue
        text = path.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text):
            offenders.append(f"{name}: inline <script>")
        if re.search(r"<style\b|\sstyle=|\son[a-z]+=", text):
            offenders.append(f"{name}: inline style or event handler")
    assert offenders == []


def test_the_language_cookie_is_hidden_from_scripts(client):
    response = client.post("/i18n/setlang/", {"language": "sv", "next": "/"})
    cookie = response.cookies["django_language"]
    assert cookie.value == "sv"
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
