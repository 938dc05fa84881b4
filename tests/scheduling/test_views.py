"""The scheduling pages: the wave calendar, the timeline, a unit's page, the iCalendar and
CSV exports and the coordinator's proposal, for each role and with bad input."""

import csv
import dataclasses
import datetime
import io
import re
from xml.etree import ElementTree

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from lxml import html

from onboarding import selectors as registry
from onboarding.business_days import holiday_name
from onboarding.models import Programme
from scheduling import charts, ical, selectors
from scheduling.demo import history_seed
from scheduling.models import ChecklistItem, Connection, ConnectionStatus, Wave
from scheduling.services.schedule import schedule_confirm
from scheduling.services.waves import wave_create
from tests.factories import AgreementFactory, UserFactory, ahead

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_day")]
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def programme():
    return Programme.objects.get(slug="ekirjasto")


@pytest.fixture
def demo(programme):
    """The demo agreements, waves and connections: Helmet live since the launch, three
    waves ahead and the units that signed in autumn 2026 waiting for them."""
    history_seed(programme=programme)
    return programme


def url(name, *args):
    return reverse(f"scheduling:{name}", args=["ekirjasto", *args])


def _other_unit_keys(key: str) -> list[str]:
    return list(
        Connection.objects.exclude(unit_key=key).values_list("unit_key", flat=True).distinct()
    )


# --- access -------------------------------------------------------------------------------

PAGES = [
    ("calendar",),
    ("timeline",),
    ("unit_detail", "helmet"),
    ("unit_ics", "helmet"),
    ("calendar_ics",),
    ("export",),
]


@pytest.mark.parametrize("role", ["coordinator", "finance", "helsinki_manager"])
def test_every_page_opens_for_each_role(request, demo, client_for, role):
    client = client_for(request.getfixturevalue(role))
    for page in PAGES:
        response = client.get(url(*page))
        expected = 403 if page == ("timeline",) and role == "helsinki_manager" else 200
        assert response.status_code == expected, page
    assert client.get(url("export") + "?format=xlsx").status_code == 200
    assert client.get(reverse("scheduling:index")).url == url("calendar")
    proposal = client.get(url("proposal")).status_code
    assert proposal == (200 if role == "coordinator" else 403)
    assert client.get(url("wave_create")).status_code == (200 if role == "coordinator" else 403)


def test_anonymous_visitors_are_sent_to_log_in(client):
    for page in [*PAGES, ("proposal",), ("wave_create",)]:
        response = client.get(url(*page))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_unknown_programme_is_404(client_for, coordinator):
    assert client_for(coordinator).get("/connections/nosuch/").status_code == 404


def test_the_navigation_leads_to_the_calendar(client_for, coordinator):
    page = client_for(coordinator).get(reverse("home"), **EN).content.decode()
    assert f'href="{reverse("scheduling:index")}"' in page
    assert ">Connections<" in page


def test_a_manager_sees_only_their_own_units(demo, client_for, helsinki_manager):
    client = client_for(helsinki_manager)
    others = _other_unit_keys("helmet")
    assert others, "the demo has other connected units"
    names = {u.key: u.name for u in registry.connection_units()}

    page = client.get(url("calendar"), **EN).content.decode()
    assert f'href="{url("unit_detail", "helmet")}"' in page
    assert f">{names['helmet']}<" in page
    for key in others:
        assert f"/units/{key}/" not in page
        assert f">{names.get(key, key)}<" not in page
    assert "other units" in page  # counted, not named

    ics = _unfold(client.get(url("calendar_ics")).content)
    descriptions = " ".join(v for k, v in ics if k == "DESCRIPTION")
    assert names["helmet"] in descriptions
    for key in others:
        assert names.get(key, key) not in descriptions.replace(names["helmet"], "")

    rows = _csv(client.get(url("export")))
    assert [row["key"] for row in rows] == ["helmet"]

    other = others[0]
    assert client.get(url("unit_detail", other)).status_code == 404
    assert client.get(url("unit_ics", other)).status_code == 404
    assert client.post(url("unit_action", other, "tick"), {"item": "x"}).status_code == 404


# --- waves --------------------------------------------------------------------------------


def _next_weekday_holiday() -> datetime.date:
    day = registry.today() + datetime.timedelta(days=1)
    while not (holiday_name(day) and day.weekday() < 5):
        day += datetime.timedelta(days=1)
    return day


def _next_saturday() -> datetime.date:
    day = registry.today() + datetime.timedelta(days=1)
    while day.weekday() != 5:
        day += datetime.timedelta(days=1)
    return day


def _last_weekday() -> datetime.date:
    day = registry.today() - datetime.timedelta(days=7)
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    return day


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (_next_saturday, "business day"),
        (_next_weekday_holiday, "public holiday"),
        (_last_weekday, "in the past"),
    ],
)
def test_a_wave_on_a_weekend_holiday_or_past_day_is_refused_next_to_the_date(
    programme, client_for, coordinator, day, message
):
    before = Wave.objects.count()
    response = client_for(coordinator).post(
        url("wave_create"),
        {"date": day().isoformat(), "capacity_units": "3", "notes": "x"},
        **EN,
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["date"])
    page = response.content.decode()
    assert 'id="id_date_error"' in page  # the message sits next to the date field
    assert message in page
    assert Wave.objects.count() == before


def test_a_wave_needs_a_capacity_and_a_date(programme, client_for, coordinator):
    client = client_for(coordinator)
    response = client.post(url("wave_create"), {"date": ahead(20).isoformat()}, **EN)
    assert "capacity" in " ".join(response.context["form"].errors["capacity_units"])
    response = client.post(url("wave_create"), {"date": "31.2.2027", "capacity_units": "x"}, **EN)
    assert response.context["form"].errors["date"]
    assert response.context["form"].errors["capacity_units"]
    assert not Wave.objects.filter(programme=programme).exists()


def test_a_coordinator_creates_edits_and_deletes_a_wave(programme, client_for, coordinator):
    client = client_for(coordinator)
    day = ahead(20)
    response = client.post(
        url("wave_create"),
        {"date": day.strftime("%d.%m.%Y"), "capacity_units": "4", "notes": "Itä"},
    )
    wave = Wave.objects.get(programme=programme, date=day)
    assert response.url == url("calendar") + f"#wave-{wave.pk}"
    assert (wave.capacity_units, wave.capacity_residents, wave.notes) == (4, None, "Itä")
    page = client.get(url("calendar")).content.decode()
    assert f'id="wave-{wave.pk}"' in page
    assert f'href="#wave-{wave.pk}"' in page  # the day in the month grid

    later = ahead(40)
    client.post(
        url("wave_edit", wave.pk),
        {"date": later.isoformat(), "capacity_units": "", "capacity_residents": "50000"},
    )
    wave.refresh_from_db()
    assert (wave.date, wave.capacity_units, wave.capacity_residents) == (later, None, 50000)

    response = client.post(url("wave_delete", wave.pk))
    assert response.url == url("calendar")
    assert not Wave.objects.filter(pk=wave.pk).exists()


def test_a_wave_holding_units_cannot_be_deleted(demo, client_for, coordinator):
    wave = Wave.objects.filter(programme=demo, connections__isnull=False).first()
    response = client_for(coordinator).post(url("wave_delete", wave.pk), follow=True, **EN)
    assert "move them to another wave first" in response.content.decode()
    assert Wave.objects.filter(pk=wave.pk).exists()


# --- the proposal -------------------------------------------------------------------------


def test_the_proposal_places_complete_units_and_explains_fredrika(demo, client_for, coordinator):
    view = selectors.schedule_proposal(demo)
    assert view.placed
    page = client_for(coordinator).get(url("proposal"), **EN).content.decode()
    for row in view.placed:
        assert f'data-unit="{row.key}"' in page
        assert f'<option value="{row.proposed_wave.pk}" selected>' in page
    fredrika = next(r for r in view.unplaced if r.key == "fredrika")
    assert fredrika.blocking_names
    row_html = page.split('data-unit="fredrika"')[1].split("</tr>")[0]
    assert "waiting for" in row_html
    for name in fredrika.blocking_names:
        assert name in row_html
    assert 'id="kept"' in page and 'data-unit="helmet"' in page


def _confirm_form(view, **changes):
    data = {"unit": [row.key for row in view.placed]}
    for row in view.placed:
        data[f"wave-{row.key}"] = str(row.proposed_wave.pk)
    data.update(changes)
    return data


def test_confirming_schedules_the_units_and_tells_their_managers(
    demo, client_for, coordinator, django_capture_on_commit_callbacks
):
    view = selectors.schedule_proposal(demo)
    first = view.placed[0]
    manager = UserFactory(manager=True, username="t-first-unit", codes=(first.member_codes[0],))
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(coordinator).post(url("proposal"), _confirm_form(view), **EN)
    assert response.status_code == 302
    assert response.url == url("calendar")
    for row in view.placed:
        connection = Connection.objects.get(programme=demo, unit_key=row.key)
        assert connection.wave == row.proposed_wave
        assert connection.status == ConnectionStatus.SCHEDULED
    assert manager.email in [address for m in mail.outbox for address in m.to]
    page = client_for(coordinator).get(response.url, **EN).content.decode()
    assert f"{len(view.placed)} units were scheduled" in page
    assert "managers were notified" in page


def test_a_unit_moved_or_left_out_by_hand_is_respected(
    demo, client_for, coordinator, django_capture_on_commit_callbacks
):
    view = selectors.schedule_proposal(demo)
    assert len(view.placed) >= 2 and len(view.waves) >= 2
    moved, left_out = view.placed[0], view.placed[1]
    other = next(w for w in reversed(view.waves) if w != moved.proposed_wave)
    form = _confirm_form(view, **{f"wave-{moved.key}": str(other.pk), f"skip-{left_out.key}": "on"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(coordinator).post(url("proposal"), form)
    assert response.status_code == 302
    assert Connection.objects.get(programme=demo, unit_key=moved.key).wave == other
    assert not Connection.objects.filter(programme=demo, unit_key=left_out.key).exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"unit": ["no-such-unit"]}, "Unknown connection unit no-such-unit"),
        ({"wave": "seven"}, "is not a wave: seven"),
        ({"wave": "999999"}, "Wave 999999 is not a wave ahead"),
    ],
)
def test_bad_proposal_input_is_explained_and_changes_nothing(
    demo, client_for, coordinator, change, message
):
    view = selectors.schedule_proposal(demo)
    form = _confirm_form(view)
    if "unit" in change:
        form["unit"] = form["unit"] + change["unit"]
    else:
        form[f"wave-{view.placed[0].key}"] = change["wave"]
    before = Connection.objects.count()
    response = client_for(coordinator).post(url("proposal"), form, **EN)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Nothing was scheduled" in response.content.decode()
    assert Connection.objects.count() == before
    assert mail.outbox == []


def test_a_refused_confirmation_keeps_the_coordinators_choices(demo, client_for, coordinator):
    view = selectors.schedule_proposal(demo)
    wave = view.waves[0]
    units = [row.key for row in view.placed]
    Wave.objects.filter(pk=wave.pk).update(capacity_units=len(units) - 1)
    assert len(units) >= 2  # all in the first wave: one too many
    form = {"unit": units, **{f"wave-{key}": str(wave.pk) for key in units}}
    before = Connection.objects.count()
    response = client_for(coordinator).post(url("proposal"), form, **EN)
    page = response.content.decode()
    assert response.status_code == 200
    assert "more than its capacity of" in page and "Nothing was scheduled" in page
    assert Connection.objects.count() == before
    for key in units:
        select = page.split(f'name="wave-{key}"')[1].split("</select>")[0]
        assert f'<option value="{wave.pk}" selected>' in select


# --- iCalendar ----------------------------------------------------------------------------


def _unfold(content: bytes) -> list[tuple[str, str]]:
    """Content lines (name with parameters, value), after checking the wire format."""
    assert content.endswith(b"\r\n")
    raw_lines = content.split(b"\r\n")[:-1]
    for line in raw_lines:
        assert b"\n" not in line and b"\r" not in line
        assert len(line) <= 75, line
        line.decode("utf-8")  # a fold never splits a character
    text = content.decode("utf-8").replace("\r\n ", "")
    lines = []
    for line in text.split("\r\n")[:-1]:
        name, _sep, value = line.partition(":")
        lines.append((name, value))
    return lines


def test_the_calendar_of_all_waves_is_valid_icalendar(demo, client_for, coordinator):
    response = client_for(coordinator).get(url("calendar_ics"), **EN)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert 'filename="ekirjasto-waves.ics"' in response["Content-Disposition"]
    lines = _unfold(response.content)
    assert lines[0] == ("BEGIN", "VCALENDAR") and lines[-1] == ("END", "VCALENDAR")
    names = [name for name, _v in lines]
    for header in ("PRODID", "VERSION", "CALSCALE", "METHOD", "X-WR-CALNAME"):
        assert header in names
    assert ("VERSION", "2.0") in lines and ("METHOD", "PUBLISH") in lines
    waves = list(Wave.objects.filter(programme=demo))
    assert names.count("BEGIN") - 1 == len(waves) == names.count("END") - 1
    first = waves[0]
    assert ("DTSTART;VALUE=DATE", first.date.strftime("%Y%m%d")) in lines
    next_day = first.date + datetime.timedelta(days=1)
    assert ("DTEND;VALUE=DATE", next_day.strftime("%Y%m%d")) in lines
    assert any(n == "UID" and v.startswith(f"wave-{first.pk}@") for n, v in lines)
    stamps = [v for n, v in lines if n == "DTSTAMP"]
    assert stamps and all(v.endswith("Z") and len(v) == 16 for v in stamps)
    with translation.override("en"):
        assert ("SUMMARY", "Connection wave: " + demo.name) in lines
    helmet_wave = Connection.objects.get(programme=demo, unit_key="helmet").wave
    index = lines.index(("DTSTART;VALUE=DATE", helmet_wave.date.strftime("%Y%m%d")))
    description = next(v for n, v in lines[index:] if n == "DESCRIPTION")
    assert "Helmet" in description
    assert "\\," in description  # the units are a comma list, escaped


def test_a_units_calendar_has_its_wave_and_go_live_day(demo, client_for, helsinki_manager):
    response = client_for(helsinki_manager).get(url("unit_ics", "helmet"))
    assert 'filename="ekirjasto-helmet.ics"' in response["Content-Disposition"]
    lines = _unfold(response.content)
    assert [v for n, v in lines if n == "BEGIN"].count("VEVENT") == 2
    connection = Connection.objects.get(programme=demo, unit_key="helmet")
    assert ("DTSTART;VALUE=DATE", connection.wave.date.strftime("%Y%m%d")) in lines
    assert ("DTSTART;VALUE=DATE", "20240429") in lines  # the actual opening


def test_folding_never_splits_a_character_and_text_is_escaped():
    line = "DESCRIPTION:" + "Yksiköt: Pyhäjärvi, Kärsämäki; Åland\\Föglö\n" * 5
    folded = ical.fold(line)
    pieces = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in pieces)
    assert all(p.startswith(" ") for p in pieces[1:])
    assert "".join([pieces[0], *(p[1:] for p in pieces[1:])]) == line
    assert ical.escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


# --- CSV ----------------------------------------------------------------------------------


def _csv(response) -> list[dict]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_csv_lists_every_unit_with_its_connection(demo, client_for, finance):
    response = client_for(finance).get(url("export"))
    assert "connections-ekirjasto-" in response["Content-Disposition"]
    rows = {row["key"]: row for row in _csv(response)}
    assert len(rows) == len(registry.connection_units())
    helmet = rows["helmet"]
    connection = Connection.objects.get(programme=demo, unit_key="helmet")
    assert "Helsinki" in helmet["members"] and "Kauniainen" in helmet["members"]
    assert int(helmet["residents"]) > 1_000_000
    assert (helmet["complete"], helmet["launch_cohort"]) == ("yes", "yes")
    assert helmet["wave_date"] == connection.wave.date.isoformat()
    assert (helmet["state"], helmet["go_live_on"]) == ("live", "2024-04-29")
    fredrika = rows["fredrika"]
    assert (fredrika["complete"], fredrika["state"], fredrika["wave_date"]) == ("no", "", "")


# --- the timeline -------------------------------------------------------------------------


def test_the_timeline_marks_the_launch_and_the_cumulative_share(demo, client_for, coordinator):
    response = client_for(coordinator).get(url("timeline"), **EN)
    page = response.content.decode()
    assert "<svg" in page and "<title" in page and "<desc" in page
    assert 'class="launch-marker"' in page
    data = charts.timeline_of(demo)
    with translation.override("en"):
        launch = date_format(demo.launch_date, "SHORT_DATE_FORMAT")
        final = charts.percent(data.points[-1].share)
    assert f"Launch {launch}" in page
    assert 'class="coverage"' in page
    assert page.count(final) >= 2  # in the chart and in the table below it
    assert 0.5 < data.points[-1].share < 1
    assert len(data.bars) == Wave.objects.filter(programme=demo).count()
    assert 'id="coverage"' in page  # the table alternative


def test_the_timeline_stays_well_formed_and_readable_with_many_waves():
    start = datetime.date(2027, 1, 4)
    bars = [
        charts.WaveBar(i, start + datetime.timedelta(days=7 * i), 3, 20_000 + i * 100)
        for i in range(150)
    ]
    points = [
        charts.CoveragePoint(bar.date, 3 * (i + 1), 20_000 * (i + 1), (i + 1) / 160, True)
        for i, bar in enumerate(bars)
    ]
    timeline = charts.Timeline(
        bars, points, 5_600_000, datetime.date(2027, 3, 1), datetime.date(2026, 12, 1)
    )
    svg = str(charts.timeline_svg(timeline, title="T & <t>", description="D"))
    root = ElementTree.fromstring(svg)  # well-formed, the title escaped
    ns = "{http://www.w3.org/2000/svg}"
    assert root.find(f"{ns}title").text == "T & <t>"
    assert root.find(f"{ns}desc").text == "D"
    assert len(root.findall(f".//{ns}g[@class='wave-bar']")) == 150
    widths = {float(r.get("width")) for r in root.iter(f"{ns}rect") if r.get("stroke")}
    assert min(widths) >= 4
    assert int(root.get("width")) > 1000  # three years: wider, scrolled sideways
    labels = [t.text for t in root.iter(f"{ns}text")]
    assert sum(1 for t in labels if t and "/" in t) <= 40  # month labels thinned out


def test_the_chart_draws_the_numbers_of_the_tables_beside_it(demo, client_for, coordinator):
    """Read off the SVG of the Finnish page (decimal points, not commas): a bar per wave of
    the table with its units and residents and a height in scale, and the line stepping up to
    each cumulative share on the percent axis, ending at the share in the table's last row."""
    page = html.fromstring(client_for(coordinator).get(url("timeline")).content)
    svg = page.xpath("//svg[@class='timeline-chart']")[0]

    def digits(text):  # "1 234 567" -> 1234567
        return int(re.sub(r"\D", "", text))

    rows = page.xpath("//h2[@id='waves-table']/following::table[1]/tbody/tr")
    bars = svg.xpath(".//g[@class='wave-bar']")
    assert len(bars) == len(rows) == Wave.objects.filter(programme=demo).count() > 0
    residents_grid = svg.xpath(  # the grid lines with a label, above the bars
        "./line[following-sibling::*[1][self::text]][following-sibling::g[@class='wave-bar']]"
    )
    bottom, top = float(residents_grid[0].get("y1")), float(residents_grid[-1].get("y1"))
    axis_top = digits(residents_grid[-1].getnext().text)  # the top tick's label
    for bar, row in zip(bars, rows, strict=True):
        units, residents = (digits(cell.text) for cell in row.xpath("./td"))
        tip = bar.find("title").text
        assert tip.startswith(row.xpath("./th/a")[0].text + ": ")
        assert [digits(part) for part in tip.split(": ")[1].split(", ")] == [units, residents]
        height = float(bar.find("rect").get("height"))
        assert height == pytest.approx(max(residents / axis_top * (bottom - top), 2), abs=0.1)

    last_share = page.xpath("//table[@id='coverage']/tbody/tr[last()]/td[last()]")[0].text
    assert svg.xpath(".//text[@class='coverage-final']")[0].text == last_share
    share_grid = svg.xpath(".//line[following-sibling::*[1][self::text][contains(., '%')]]")
    zero, hundred = float(share_grid[0].get("y1")), float(share_grid[-1].get("y1"))
    shares = [point.share for point in charts.timeline_of(demo).points]
    assert charts.percent(shares[-1]) == last_share
    steps = []  # the heights the line steps to, left to right, solid then dashed
    for line in svg.xpath(".//polyline[@class='coverage']"):
        for y in (float(pair.split(",")[1]) for pair in line.get("points").split()):
            steps += [y] if not steps or steps[-1] != y else []
    expected = [zero] + [zero - share * (zero - hundred) for share in shares]
    assert steps == pytest.approx(expected, abs=0.05)


def test_the_chart_escapes_the_programme_name(demo, client_for, coordinator):
    Programme.objects.filter(pk=demo.pk).update(name_en="Libraries & <Partners>")
    page = client_for(coordinator).get(url("timeline"), **EN).content.decode()
    svg = page[page.index("<svg") : page.index("</svg>") + len("</svg>")]
    assert "<Partners>" not in svg
    assert "Connection timeline of Libraries &amp; &lt;Partners&gt;" in svg
    title = ElementTree.fromstring(svg).find("{http://www.w3.org/2000/svg}title")
    assert title.text == "Connection timeline of Libraries & <Partners>"


def _every_text_replaced(layout, text):
    """The chart's layout with every text in it (not the anchors) replaced by `text`."""
    if isinstance(layout, list):
        return [_every_text_replaced(item, text) for item in layout]
    if not dataclasses.is_dataclass(layout):
        return layout
    changes = {}
    for item in dataclasses.fields(layout):
        value = getattr(layout, item.name)
        if isinstance(value, str):
            changes[item.name] = value if item.name == "anchor" else text
        else:
            changes[item.name] = _every_text_replaced(value, text)
    return dataclasses.replace(layout, **changes)


def test_every_text_of_the_chart_is_escaped(demo):
    nasty = "<b>R&D</b>"
    with translation.override("en"):
        chart = charts.timeline_chart(charts.timeline_of(demo), title="t", description="d")
    svg = render_to_string(charts.CHART_TEMPLATE, {"chart": _every_text_replaced(chart, nasty)})
    assert "<b>" not in svg and "R&D" not in svg
    texts = [
        e.text
        for e in ElementTree.fromstring(svg).iter()
        if e.tag.endswith(("}text", "}title", "}desc"))
    ]
    assert len(texts) > 30 and set(texts) == {nasty}


def test_the_timeline_without_waves_says_so(programme, client_for, coordinator):
    page = client_for(coordinator).get(url("timeline"), **EN).content.decode()
    assert "No waves or connections yet." in page


# --- a unit's page ------------------------------------------------------------------------


@pytest.fixture
def vaasa(programme, coordinator, django_capture_on_commit_callbacks):
    """Vaasa, a library system of its own, signed and scheduled in a wave ahead."""
    AgreementFactory(code="905", in_force=True)
    wave = wave_create(
        programme=programme,
        day=ahead(15),
        capacity_units=3,
        capacity_residents=None,
        by=coordinator,
    )
    with django_capture_on_commit_callbacks(execute=True):
        schedule_confirm(programme=programme, assignments={"905": wave.pk}, by=coordinator)
    return Connection.objects.get(programme=programme, unit_key="905")


def _act(client, action, **data):
    response = client.post(url("unit_action", "905", action), data, follow=True, **EN)
    assert response.status_code == 200
    return response.content.decode()


def test_a_unit_is_started_ticked_connected_and_taken_live_from_its_page(
    vaasa, client_for, coordinator
):
    client = client_for(coordinator)
    page = client.get(url("unit_detail", "905"), **EN).content.decode()
    assert "Complete: every member has signed" in page
    assert vaasa.wave.date.strftime("%-d.%-m.%Y") in page
    page = _act(client, "start")
    vaasa = Connection.objects.get(pk=vaasa.pk)
    assert vaasa.status == ConnectionStatus.IN_PROGRESS

    page = _act(client, "connect")
    assert "The checklist is not done" in page
    vaasa = Connection.objects.get(pk=vaasa.pk)
    assert vaasa.status == ConnectionStatus.IN_PROGRESS

    items = list(ChecklistItem.objects.filter(programme=vaasa.programme))
    assert items
    for item in items:
        _act(client, "tick", item=item.key)
    page = _act(client, "untick", item=items[0].key)
    assert f"{len(items) - 1} of {len(items)} done" in page
    _act(client, "tick", item=items[0].key)
    page = _act(client, "tick", item="no-such-step")
    assert "No checklist item no-such-step" in page

    page = _act(client, "connect")
    vaasa = Connection.objects.get(pk=vaasa.pk)
    assert vaasa.status == ConnectionStatus.CONNECTED
    assert f'value="{registry.today().isoformat()}"' in page  # the go-live date field

    page = _act(client, "go_live", on="1.13.2027")
    assert "is not a date" in page
    early = vaasa.wave.date - datetime.timedelta(days=1)
    page = _act(client, "go_live", on=early.isoformat())
    assert "cannot go live before its wave" in page
    vaasa = Connection.objects.get(pk=vaasa.pk)
    assert vaasa.status == ConnectionStatus.CONNECTED

    page = _act(client, "go_live", on=vaasa.wave.date.isoformat())
    vaasa = Connection.objects.get(pk=vaasa.pk)
    assert (vaasa.status, vaasa.go_live_on) == (ConnectionStatus.LIVE, vaasa.wave.date)
    log = page.split('id="connection-log"')[1]
    for step in ("scheduled", "started", "checklist item done", "marked connected", "marked live"):
        assert step in log


def test_a_manager_ticks_their_units_checklist_but_cannot_change_its_state(vaasa, client_for):
    manager = UserFactory(manager=True, username="t-vaasa", codes=("905",))
    client = client_for(manager)
    item = ChecklistItem.objects.filter(programme=vaasa.programme).first()
    page = _act(client, "tick", item=item.key)
    assert vaasa.ticks.filter(item=item, done_by=manager).exists()
    assert "Start connecting" not in page
    assert client.post(url("unit_action", "905", "start")).status_code == 403
    vaasa = Connection.objects.get(pk=vaasa.pk)
    assert vaasa.status == ConnectionStatus.SCHEDULED


def test_finance_reads_a_units_page_but_cannot_tick(vaasa, client_for, finance):
    client = client_for(finance)
    page = client.get(url("unit_detail", "905"), **EN).content.decode()
    assert "Mark done" not in page
    item = ChecklistItem.objects.filter(programme=vaasa.programme).first()
    assert client.post(url("unit_action", "905", "tick"), {"item": item.key}).status_code == 403
    assert not vaasa.ticks.exists()


def test_an_incomplete_units_page_names_the_blocking_members(demo, client_for, narpes_manager):
    page = client_for(narpes_manager).get(url("unit_detail", "fredrika"), **EN).content.decode()
    row = next(r for r in selectors.unit_rows(demo) if r.key == "fredrika")
    signed = len(row.members) - len(row.blocking_names)
    assert f"{signed} of {len(row.members)} signed" in page
    assert row.blocking_names
    for name in row.blocking_names:
        assert name in page
    assert "not scheduled yet" in page


def test_an_unscheduled_units_calendar_is_404_not_an_empty_calendar(demo, client_for, coordinator):
    # RFC 5545 wants at least one event; Fredrika is incomplete and never scheduled.
    response = client_for(coordinator).get(url("unit_ics", "fredrika"), **EN)
    assert response.status_code == 404


def test_the_swedish_timeline_writes_dates_as_swedish_is_written_in_finland(
    demo, client_for, coordinator
):
    client = client_for(coordinator)
    client.cookies["django_language"] = "sv"
    page = client.get(url("timeline")).content.decode()
    launch = demo.launch_date
    assert f"Lansering {launch.day}.{launch.month}.{launch.year}" in page
    assert launch.isoformat() not in page.split("<svg", 1)[1].split("</svg>", 1)[0]
