"""Issue 18: the briefing's sections on power and stances, in a real Chromium: they render,
the page loads nothing, and a hostile stance source is text, never markup or script."""

from __future__ import annotations

import csv
import re
import xml.etree.ElementTree as ET

import pytest

from graphkit.render.map.style import STANCE_COLOURS
from tests.browser import Browser
from tests.conftest import SAMPLE, SAMPLE_FILES, cli, edited_stances
from tests.pdf_text import pdf_pages

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<img src=x onerror="alert(1)"><script>alert(2)</script>'

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("stance-briefing")

    def hostile_source(r):  # B-10's latest stance on the patrols: a target of the plan
        if (r["stakeholder"], r["issue"], r["date"]) == ("B-10", "security-patrols", "2024-07-01"):
            r["source"] = HOSTILE

    stances = edited_stances(tmp / "stances.csv", hostile_source)
    db = tmp / "s.db"
    assert cli("import", "-n", "bh", *SAMPLE_FILES, "--stances", stances, store=db).exit_code == 0
    done = cli("report", "-n", "bh", "--output-dir", tmp / "reports", store=db)
    assert done.exit_code == 0, done.stderr
    return tmp / "reports" / "bh"


def test_the_stance_sections_render_and_load_nothing(report):
    with Browser() as browser:
        visit = browser.open(report / "index.html")
        text = visit.page.inner_text("body")
        assert visit.requests == [visit.url], "the briefing loaded something"
        assert not visit.console_errors() and not visit.dialogs
        headings = visit.page.locator("h2").all_inner_texts()
    for title in (
        "Whom to win over",  # page one
        "Where the parties stand",
        "Persuasion plans",
        "Declared power against the network",
    ):
        assert title in headings, headings
    assert any(h.startswith("Who moved since ") for h in headings)
    moved = text.split("Who moved since ", 1)[1].split("Declared power against the network")[0]
    # A-14 turned against the fisheries chapter on 2024-10-21 (stances.csv), in the period
    assert "Manuel Correia (A-14) on fisheries" in moved and "moved towards opposition" in moved
    # the plan's claim, in words, and the hostile source shown as text
    assert "Dragan Vuković (B-10) on security-patrols" in text
    assert f"since 2024-07-01 ({HOSTILE})" in text
    assert "Ask Nikola Matić (B-09)" in text


def test_the_markdown_has_the_same_sections_and_escapes_the_source(report):
    md = (report / "briefing.md").read_text(encoding="utf-8")
    for title in (
        "## Whom to win over",
        "## Where the parties stand",
        "## Persuasion plans",
        "## Declared power against the network",
    ):
        assert title in md
    # every "<" of the source escaped the Markdown way: no tag a renderer would make live
    assert re.findall(r"(?<!\\)<(?:img|script)", md) == []
    assert "\\<img src=x" in md


def test_the_public_briefing_has_no_confidential_stance_and_no_source(report, tmp_path):
    db = report.parent.parent / "s.db"
    done = cli("report", "-n", "bh", "--public", "--output-dir", tmp_path, store=db)
    assert done.exit_code == 0, done.stderr
    md = (tmp_path / "bh" / "briefing.md").read_text(encoding="utf-8")
    assert "## Whom to win over" in md and "## Persuasion plans" in md
    # B-09's lean support on the patrols came through the back-channel, marked confidential
    assert "Back-channel" not in md and "Defence committee hearing" not in md
    assert "Nikola Matić (B-09) on security-patrols" in md  # undecided, as far as others know


def test_page_one_says_whom_to_win_over_in_plain_words_and_still_fits(report):
    with Browser() as browser:
        visit = browser.open(report / "index.html")
        pages = pdf_pages(visit.page.pdf(format="A4"))
        assert visit.requests == [visit.url] and not visit.console_errors()
    one = pages[0]
    # the words of the section on one line (a PDF breaks "security-patrols" at its hyphen)
    win = re.sub(r"-\s+", "-", " ".join(one.split("Whom to win over", 1)[1].split()))
    # the plan's first target (stances.csv: B-10 opposes the patrols since 2024-07-01) and
    # the supporter whose chain reaches them (B-09: 7 contacts, the last on 2024-10-25)
    assert (
        "Dragan Vuković (Dalvenia) on security-patrols: Opposes security-patrols (on record "
        "since 1 July 2024) and has a strong say." in win
    )
    assert "Ask Nikola Matić (Dalvenia), who supports it" in win
    assert "7 contacts, most recently on 25 October 2024" in win
    assert "trust 0." not in one and "power 4" not in one  # plain words: no scores
    assert one.rstrip().endswith("in the same folder as this page.")
    assert pages[1].startswith("Appendix")


def test_the_grid_is_drawn_per_negotiation_and_per_issue(report):
    issues = 3  # fisheries, renewable-energy, security-patrols
    with Browser() as browser:
        visit = browser.open(report / "index.html")
        grids = visit.page.locator("figure.grid svg")
        assert grids.count() == 1 + issues
        for k in range(grids.count()):
            box = grids.nth(k).bounding_box()
            assert box and box["width"] > 300 and box["height"] > 150, box
        assert visit.requests == [visit.url] and not visit.console_errors()
    root = ET.fromstring((report / "grid.svg").read_text(encoding="utf-8"))
    panels = root.findall(f"{SVG}svg")
    assert len(panels) == 1 + issues
    titles = [p.find(f"{SVG}text").text for p in panels]
    assert titles == ["All stakeholders by party", "Stance on fisheries",
                      "Stance on renewable-energy", "Stance on security-patrols"]  # fmt: skip
    with open(SAMPLE / "stakeholders.csv", newline="", encoding="utf-8") as fh:
        rated = {r["id"] for r in csv.DictReader(fh) if r["power"] and r["interest"]}
    for panel in panels:
        dots = {g.find(f"{SVG}text").text: g.find(f"{SVG}circle").get("fill")
                for g in panel.iter(f"{SVG}g") if g.get("class") == "n"}  # fmt: skip
        assert set(dots) == rated
    fisheries = {g.find(f"{SVG}text").text: g.find(f"{SVG}circle").get("fill")
                 for g in panels[1].iter(f"{SVG}g") if g.get("class") == "n"}  # fmt: skip
    assert fisheries["A-14"] == STANCE_COLOURS[-2]  # opposed since 2024-10-21
    assert fisheries["A-02"] == STANCE_COLOURS[2]
