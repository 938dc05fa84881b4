"""Screenshots of the main pages in Finnish and Swedish for the README.

    make screenshots        (or: .venv/bin/python docs/screenshots.py)

Serves the demo database (after `make run` has set it up) on a spare local port, logs in as
the demo coordinator (and the demo manager and finance for their home pages) in Debian's
Chromium and saves PNGs under docs/screenshots/.
"""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
PAGES = [
    ("municipalities", "/municipalities/?sort=-population"),
    ("municipality", "/municipalities/091/"),
    ("map", "/map/"),
    ("consortium", "/consortia/helmet/"),
    ("surveys", "/surveys/overview/"),
    ("cost-analysis", "/surveys/cost-analysis/"),
    ("agreement", "/agreements/units/?state=incomplete"),
    ("fees", "/billing/fees/?year=2025"),
    ("dashboard", "/"),
    ("waves", "/connections/ekirjasto/"),
    ("timeline", "/connections/ekirjasto/timeline/"),
    ("unit", "/connections/ekirjasto/units/helmet/"),
]
# The home pages of the other roles: (demo user, file name). The coordinator's is "dashboard".
HOMES = [("helsinki", "home-manager"), ("finance", "home-finance")]
# Pages of other users: (demo user, file name, path); a path ending in "results/" is reached
# through the questionnaire list's link (its id differs between databases).
USER_PAGES = [
    ("coordinator", "pilot-participants", "/connections/digisanomalehtipilotti/participants/"),
    ("jyvaskyla", "pilot-library", "/connections/digisanomalehtipilotti/participants/"),
    ("coordinator", "ai-results", "results/"),
    ("helsinki", "ai-results-manager", "results/?region=18"),
]
# The programmes' public pages, without logging in.
PUBLIC = [
    ("programmes", "/programmes/"),
    ("public-ekirjasto", "/programmes/ekirjasto/"),
    ("public-pilot", "/programmes/digisanomalehtipilotti/"),
]
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def logged_in(browser, base: str, username: str, language: str):
    """A new browser context in `language`, logged in as `username`, and its page."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    page = context.new_page()
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    # Coordinator and finance: the code of the demo's authenticator (README, Demo users).
    # A code is accepted once, so a second login in the same 30 seconds takes the next one.
    step = 0
    while "/accounts/two-factor/" in page.url:
        page.fill("#id_code", demo_code(step))
        page.click("main button[type=submit]")
        page.wait_for_load_state()
        step += 1
        if step > 2:
            raise SystemExit(f"the demo code of {username} was refused: run seed_demo again")
        time.sleep(1.2)  # a wrong code makes the next try wait a second
    page.wait_for_url(base + "/")
    return context, page


def demo_code(steps_ahead: int) -> str:
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "on")
    django.setup()
    from onboarding.demo import DEMO_TOTP_KEY
    from onboarding.services.twofactor import code_of

    return code_of(DEMO_TOTP_KEY, time.time() + 30 * steps_ahead)


def main() -> None:
    port = free_port()
    env = {**os.environ, "DEBUG": "on"}
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        OUT.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for language in ("fi", "sv"):
                context, page = logged_in(browser, base, "coordinator", language)
                for name, path in PAGES:
                    page.goto(base + path)
                    target = OUT / f"{name}-{language}.png"
                    page.screenshot(
                        path=str(target),
                        full_page=name not in ("municipalities", "surveys", "fees"),
                    )
                    print(target.relative_to(ROOT))
                context.close()
                for username, name in HOMES:
                    context, page = logged_in(browser, base, username, language)
                    target = OUT / f"{name}-{language}.png"
                    page.screenshot(path=str(target), full_page=True)
                    print(target.relative_to(ROOT))
                    context.close()
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                context.add_cookies([{"name": "django_language", "value": language, "url": base}])
                page = context.new_page()
                for name, path in PUBLIC:
                    page.goto(base + path)
                    target = OUT / f"{name}-{language}.png"
                    page.screenshot(path=str(target), full_page=True)
                    print(target.relative_to(ROOT))
                context.close()
                for username, name, path in USER_PAGES:
                    context, page = logged_in(browser, base, username, language)
                    if path.startswith("results/"):
                        page.goto(
                            base
                            + (
                                "/surveys/questionnaires/"
                                if username == "coordinator"
                                else "/surveys/"
                            )
                        )
                        href = page.locator('a[href$="/results/"]').first.get_attribute("href")
                        path = href + path.removeprefix("results/")
                    page.goto(base + path)
                    target = OUT / f"{name}-{language}.png"
                    # The coordinator's results are long (every free-text answer): the top.
                    page.screenshot(path=str(target), full_page=name != "ai-results")
                    print(target.relative_to(ROOT))
                    context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
