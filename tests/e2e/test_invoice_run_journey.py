"""Finance starts the 2025 invoice run on the embedded default, as `make run` serves it: the
production settings over a SQLite file, the file-system broker and the two real workers beside
the server. The page answers before any invoice exists, its progress bar moves, the invoices
appear in their list while the run goes on, and the finished page links to them."""

import re
import time

import pytest
from django.db import connection

from onboarding.models import Role
from onboarding.services.twofactor import code_of
from tests.e2e.conftest import PASSWORD, e2e_user
from tests.factories import join_smallest_units
from tests.sqlite_server import embedded_workers, manage_shell, sqlite_server

pytestmark = pytest.mark.e2e
KEY = "0123456789abcdef0123456789abcdef01234567"  # the test's authenticator secret


def _progress(page) -> int:
    return int(page.get_attribute("#job-progress", "value") or 0)


def test_finance_watches_the_2025_run_on_the_embedded_default(reference_db, browser, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the embedded default is SQLite; the PostgreSQL pass has its own worker tests")
    join_smallest_units(40)
    e2e_user("finance-run", Role.FINANCE)
    with sqlite_server(tmp_path) as server, embedded_workers(server):
        # The suite hashes passwords with a fast hasher that the served settings do not know.
        manage_shell(
            server.env,
            "from onboarding.models import User\n"
            "u = User.objects.get(username='finance-run')\n"
            f"u.set_password({PASSWORD!r})\nu.save()\n"
            # Finance logs in in two steps: the authenticator of the served database.
            "from django_otp.plugins.otp_totp.models import TOTPDevice\n"
            f"TOTPDevice.objects.create(user=u, name='authenticator', key={KEY!r}, "
            "confirmed=True)",
        )
        page = browser.new_context(locale="fi-FI").new_page()
        page.set_default_timeout(30000)
        page.goto(server.url + "/accounts/login/")
        page.fill("#id_username", "finance-run")
        page.fill("#id_password", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url("**/accounts/two-factor/")
        page.fill("#id_code", code_of(KEY))
        page.click("main button[type=submit]")
        page.wait_for_url(server.url + "/")
        page.goto(server.url + "/billing/fees/?programme=ekirjasto&year=2025")

        page.get_by_role("button", name="Käynnistä vuoden 2025 laskutusajo").click()
        page.wait_for_url(re.compile(r"/jobs/\d+/$"))
        assert page.locator("h1").inner_text() == "Laskutusajo 2025"
        first = page.locator("#job-status").inner_text()
        total = int(re.search(r"/ (\d+) laskua", first).group(1))
        assert total >= 30
        # The page came before the work: no invoice of the run yet, or only the first few.
        assert int(re.search(r"(\d+) /", first).group(1)) < total / 2, first

        seen = {_progress(page)}
        invoices_while_running = None
        deadline = time.monotonic() + 300
        while "Valmis" not in page.locator("#job-status").inner_text():
            assert time.monotonic() < deadline, page.locator("#job-status").inner_text()
            seen.add(_progress(page))
            if invoices_while_running is None and 0 < _progress(page) < 80:
                listing = page.context.new_page()
                listing.goto(server.url + "/billing/invoices/?programme=ekirjasto&year=2025")
                invoices_while_running = listing.locator("table tbody tr").count()
                listing.close()
            page.wait_for_timeout(300)

        moving = sorted(v for v in seen if 0 < v < 100)
        assert len(moving) >= 2, f"the bar did not move: {sorted(seen)}"
        assert invoices_while_running and 0 < invoices_while_running < total
        assert page.locator("#job-status").inner_text() == f"Valmis: {total} / {total} laskua"
        assert _progress(page) == 100

        page.get_by_role("link", name="Vuoden 2025 laskut").click()
        rows = page.locator("table tbody tr")
        assert rows.count() == total
        page.go_back()
        page.get_by_role("link", name="Takaisin maksuihin").click()
        assert "/billing/fees/" in page.url
