"""The team's own fields on the map, in a real headless Chromium (tests/browser.py): the
"Team fields" block of a hover card shows each field as "header: value", as text (a
header or value that looks like markup stays literal and runs nothing), and the "Size by"
control in the sidebar resizes the stakeholders by a numeric field and back."""

from __future__ import annotations

import pytest

from tests.browser import Browser, count_pixels_unlike
from tests.conftest import cli
from tests.render.test_map import _BACKGROUND, _NODE_POINTS, CARD_TAGS, _hover, _open
from tests.render.test_team_fields import INTERACTIONS, STAKEHOLDERS

pytestmark = pytest.mark.browser

#: An extra column whose header and values are markup: shown as text, never run.
HOSTILE_HEADER = "<img src=x onerror=alert(1)>"
HOSTILE_VALUE = "</script><b onmouseover=alert(2)>bold?</b>"


@pytest.fixture(scope="module")
def team_map(tmp_path_factory):
    folder = tmp_path_factory.mktemp("team-map")
    lines = STAKEHOLDERS.splitlines()
    lines[0] += f",{HOSTILE_HEADER}"
    lines[1:] = [line + f",{HOSTILE_VALUE}" for line in lines[1:]]
    (folder / "stakeholders.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "interactions.csv").write_text(INTERACTIONS, encoding="utf-8")
    db = folder / "store.db"
    result = cli(
        "import", "-n", "team", "--stakeholders", folder / "stakeholders.csv",
        "--interactions", folder / "interactions.csv", store=db,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    out = folder / "map.html"
    result = cli("map", "-n", "team", "--output", out, store=db)
    assert result.exit_code == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def browser():
    with Browser() as b:
        yield b


def _people(page) -> dict[str, dict]:
    people = page.evaluate("() => JSON.parse(document.getElementById('gk-nodes').textContent)")
    return {p["sid"]: p for p in people}


def _sizes(page) -> dict[int, float]:
    return {
        int(k): v
        for k, v in page.evaluate(
            "() => Object.fromEntries(graphkitMap.nodes.get().map(n => [n.id, n.size]))"
        ).items()
    }


def test_hover_card_shows_every_team_field_as_text(team_map, browser, tmp_path):
    visit = _open(browser, team_map)
    page = visit.page
    try:
        people = _people(page)
        park = page.evaluate(_BACKGROUND)
        point = page.evaluate(_NODE_POINTS, [people["A-1"]["id"]])[str(people["A-1"]["id"])]
        card = _hover(page, point, "Team fields", park)
        fields = page.evaluate(
            "() => [...document.querySelectorAll('div.vis-tooltip .gk-card-field')]"
            ".map(e => e.textContent)"
        )
        assert fields == [
            f"{HOSTILE_HEADER}: {HOSTILE_VALUE}",
            "Influence (1-5): 5",
            "Interest (1-5): 4.5",
            "Portfolio: Fisheries quota",
            "Stance: supports the quota",
            "Team notes: Prefers early calls",
        ]
        # After the metrics, before the reasons and the notes.
        text = card["text"]
        assert text.index("PageRank") < text.index("Team fields") < text.index("Notes")
        assert set(card["tags"]) <= CARD_TAGS  # the markup stayed text: no IMG, no B of ours
        tooltip = page.locator("div.vis-tooltip")
        shot = tmp_path / "card.png"
        tooltip.screenshot(path=str(shot))
        drawn, total = count_pixels_unlike(shot.read_bytes())
        assert drawn > 0.05 * total
        # A stakeholder without a value for a field has no line for it.
        point = page.evaluate(_NODE_POINTS, [people["M-1"]["id"]])[str(people["M-1"]["id"])]
        _hover(page, point, "Chairs the talks", park)
        fields = page.evaluate(
            "() => [...document.querySelectorAll('div.vis-tooltip .gk-card-field')]"
            ".map(e => e.textContent.split(':')[0])"
        )
        assert "Stance" not in fields and "Influence (1-5)" in fields
        assert visit.dialogs == [] and visit.console_errors() == []
        assert visit.requests == [visit.url]
    finally:
        visit.close()


def test_size_by_resizes_by_a_numeric_field_and_back(team_map, browser):
    visit = _open(browser, team_map)
    page = visit.page
    try:
        people = _people(page)
        options = page.locator("#gk-size option").all_text_contents()
        assert options == ["influence (PageRank)", "Influence (1-5)", "Interest (1-5)"]
        assert page.text_content("label[for=gk-size]") == "Size by"
        by_influence = _sizes(page)
        assert by_influence == {p["id"]: p["size"] for p in people.values()}
        legend = "#gk-panel .gk-legend li:nth-child(5)"
        assert page.text_content(legend) == "size: influence (PageRank)"

        page.select_option("#gk-size", label="Influence (1-5)")
        assert _sizes(page) == {p["id"]: p["fz"][0] for p in people.values()}
        assert page.text_content(legend) == "size: Influence (1-5)"
        assert page.text_content("#gk-size-hint") == (
            "Team field: smallest 1, largest 5; no value is drawn smallest."
        )
        page.select_option("#gk-size", label="Interest (1-5)")
        assert _sizes(page)[people["M-1"]["id"]] == people["M-1"]["fz"][1]
        # Filters and focus keep the chosen size.
        page.locator("#gk-parties input").first.uncheck()
        page.locator("#gk-parties input").first.check()
        assert _sizes(page)[people["M-1"]["id"]] == people["M-1"]["fz"][1]

        page.select_option("#gk-size", label="influence (PageRank)")
        assert _sizes(page) == by_influence
        assert page.text_content(legend) == "size: influence (PageRank)"
        assert page.text_content("#gk-size-hint") == ""
        assert visit.dialogs == [] and visit.console_errors() == []
    finally:
        visit.close()
