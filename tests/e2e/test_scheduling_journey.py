"""Scheduling in a real browser: the coordinator lands on the dashboard, plans a wave,
confirms the scheduler's proposal and takes Vaasa live step by step; Vaasa's manager then
sees the unit live, and the e-library's login service answers "joined"."""

import pytest

from onboarding.models import Role
from scheduling.models import Connection, ConnectionStatus
from tests.e2e.conftest import e2e_user, log_in
from tests.factories import AgreementFactory, ahead

WIDE = {"width": 1280, "height": 900}

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning"),
]


def test_a_coordinator_plans_confirms_and_takes_a_unit_live(browser, live_server, reference_db):
    e2e_user("coordinator-sched", Role.COORDINATOR)
    e2e_user("manager-vaasa", Role.MANAGER, ("905",))
    AgreementFactory(code="905", in_force=True)
    day = ahead(10)

    page = log_in(browser, live_server, "coordinator-sched", viewport=WIDE)
    # The dashboard is the first page: the figures and the status map.
    assert page.locator("#figure-signed").is_visible()
    assert page.locator("#figure-covered").is_visible()
    assert page.locator("svg a[data-code='905']").count() == 1

    page.goto(live_server.url + "/connections/ekirjasto/waves/new/")
    page.fill("#id_date", day.isoformat())
    page.fill("#id_capacity_units", "3")
    page.click("#wave-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/connections/ekirjasto/**")

    page.goto(live_server.url + "/connections/ekirjasto/proposal/")
    assert page.locator("#placed tbody tr").count() == 1
    assert "Vaasa" in page.locator("#placed").inner_text()
    assert "Helmet" in page.locator("#unplaced").inner_text()  # incomplete, explained
    page.click("#confirm")
    page.wait_for_url(live_server.url + "/connections/ekirjasto/")
    assert Connection.objects.get(unit_key="905").wave.date == day

    page.goto(live_server.url + "/connections/ekirjasto/units/905/")
    with page.expect_navigation():
        page.click("#transition-form button[type=submit]")  # start
    ticks = page.locator("#checklist form[action$='/do/tick/'] button")
    assert ticks.count() >= 3
    while ticks.count():
        with page.expect_navigation():
            ticks.first.click()
    with page.expect_navigation():
        page.click("#transition-form button[type=submit]")  # connect
    page.fill("#go-live-date", day.isoformat())
    with page.expect_navigation():
        page.click("#go-live-form button[type=submit]")
    connection = Connection.objects.get(unit_key="905")
    assert connection.status == ConnectionStatus.LIVE and connection.go_live_on == day

    manager = log_in(browser, live_server, "manager-vaasa", viewport=WIDE)
    manager.goto(live_server.url + "/connections/ekirjasto/units/905/")
    assert f"{day.day}.{day.month}.{day.year}" in manager.locator("#go-live").inner_text()
    assert manager.goto(live_server.url + "/connections/ekirjasto/units/helmet/").status == 404
