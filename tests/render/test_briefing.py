"""The briefing (issue 15): page one in plain words with a picture of the map, on one
printed page (A4 and Letter), then the appendix with every number and a glossary.

The print tests drive Chromium (``page.pdf``) and read the text of each printed page with
:mod:`tests.pdf_text`. Page one may name no metric and show no score; the picture is the
map's own stakeholders at the map's own places, static; headings never say the same thing
twice.
"""

from __future__ import annotations

import csv
import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from graphkit import pipeline
from graphkit.analysis.change import diff
from graphkit.render.briefing import build_briefing, to_html, to_markdown
from graphkit.render.briefing.model import Section, distinct_parts
from graphkit.render.briefing.summary import (
    BREAKS,
    CARRIERS,
    CHANGED,
    ITEMS,
    SLACK_MM,
    WHOM,
    columns_mm,
    fit,
)
from graphkit.render.map import page_data, select_stakeholders
from graphkit.report import _previous
from graphkit.scope import EVERYTHING
from graphkit.stores import open_store
from tests.browser import Browser, count_pixels_unlike
from tests.conftest import SAMPLE, SAMPLE_FILES, cli
from tests.pdf_text import pdf_pages

SVG = "{http://www.w3.org/2000/svg}"
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'"
)
#: Words of the analysts that page one never uses (docs/metrics.md), as whole words.
METRIC_WORDS = [
    "pagerank", "betweenness", "closeness", "constraint", "eigenvector", "centrality",
    "balance", "balanced", "unbalanced", "ratio", "triangle", "triangles", "triad", "brokerage",
    "broker", "brokers", "coordinator", "itinerant", "representative", "gatekeeper", "liaison",
    "effective size", "coreness", "k-core", "community", "communities", "cut vertex",
    "degree", "weighted degree", "trust node", "friction point", "influencer", "frustration",
    "reciprocity", "sentiment", "strength", "metric", "score", "share",
]  # fmt: skip
#: A score: a decimal number, a percentage, a signed number or a sign pattern (++-).
SCORE = re.compile(r"\d[.,]\d|\d\s*%|(?<![\w-])[+−-]\d|[+−-]{2,}[+−-]")


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    root = tmp_path_factory.mktemp("briefing")
    store = root / "s.db"
    assert cli("import", "-n", "bh", *SAMPLE_FILES, store=store).exit_code == 0
    for out, more in (("out", []), ("public", ["--public"])):
        result = cli("report", "-n", "bh", "--output-dir", root / out, *more, store=store)
        assert result.exit_code == 0, result.stderr
    return root / "out" / "bh", _analyse(store, "bh"), store


def _analyse(path: Path, negotiation: str, scope=None):
    store = open_store(path)
    try:
        return pipeline.analyse_negotiation(store, negotiation, scope)
    finally:
        store.close()


def _briefing(sample, **options):
    """The briefing the report wrote, with the change since the previous period."""
    _, analysis, store = sample
    since = _previous(analysis)
    change = diff(_analyse(store, "bh", EVERYTHING.at(since)), analysis)
    return build_briefing(analysis, change, since=since, **options)


def _user_text() -> list[str]:
    """Every text of the sample's stakeholder map (names, roles, organizations, parties,
    notes), longest first: what page one may quote whatever words it holds."""
    with open(SAMPLE / "stakeholders.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    texts = {v for r in rows for k, v in r.items() if k != "id" and v}
    return sorted(texts, key=len, reverse=True)


def _without_user_text(text: str) -> str:
    for t in _user_text():
        text = text.replace(t, " ")
    return text


def _page_one_html(page: str) -> str:
    return page.split('<section class="page-one">', 1)[1].split('<section class="appendix">')[0]


def _page_one_md(md: str) -> str:
    return md.split("\n# Appendix\n", 1)[0]


def _visible(fragment: str) -> str:
    """The text of an HTML fragment, as a reader sees it."""
    return html.unescape(re.sub(r"<[^>]+>", " ", fragment))


# -- page one's words ------------------------------------------------------------------------


def _metric_words(text: str) -> list[str]:
    text = _without_user_text(text).casefold()
    return [w for w in METRIC_WORDS if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)]


def test_page_one_names_no_metric_and_shows_no_score(sample):
    out, *_ = sample
    page_one = _visible(_page_one_html((out / "index.html").read_text("utf-8")))
    md_one = _page_one_md((out / "briefing.md").read_text("utf-8"))
    md_one = re.sub(r"#[0-9A-Fa-f]{6}", " ", md_one)  # the legend's colours
    for text in (page_one, md_one):
        assert _metric_words(text) == []
        assert SCORE.findall(_without_user_text(text)) == []
    # the appendix still has every number, in the analysts' words
    appendix = (out / "briefing.md").read_text("utf-8").split("\n# Appendix\n", 1)[1]
    assert "PageRank 0.058" in appendix and "Unbalanced triangle ++-" in appendix


def test_the_checks_would_catch_analysts_words():
    assert _metric_words("PageRank 0.055 and a balance ratio") == ["pagerank", "balance", "ratio"]
    assert SCORE.findall("trust 8.72, 37% of paths, ++-, +0.50") == ["8.7", "7%", "++-", "+0"]
    assert SCORE.findall("18 December 2024, 20 contacts, A-12") == []


def test_page_one_has_the_four_headings_with_at_most_five_items_each(sample):
    out, *_ = sample
    b = _briefing(sample, picture=False)
    assert [s.title for s in b.summary] == [WHOM, CARRIERS, BREAKS, CHANGED]
    for s in b.summary:
        assert len(s.items) <= ITEMS + 1, s.title  # five, and perhaps "… in the appendix"
        for head, reason in s.items:
            assert reason.endswith("."), (head, reason)
            assert len(reason) < 320, (head, reason)
    md = _page_one_md((out / "briefing.md").read_text("utf-8"))
    assert [line for line in md.splitlines() if line.startswith("## ")] == [
        f"## {t}" for t in (WHOM, CARRIERS, BREAKS, CHANGED)
    ]
    # what the sample says, in plain words (names and ranks)
    assert (
        "- **Ingrid Solheim — Lead envoy, Coastal Seas Council**: Trusted on both sides; "
        "warm, two-way contact with 3 people in Alvara and 4 in Dalvenia" in md
    )
    assert (
        "- **Alvara and Dalvenia**: Friendly routes run most often through Ingrid Solheim "
        "(Coastal Seas Council), then Carla Menezes (Alvara) and Lt. Cmdr. Beatriz Fontes "
        "(Alvara)." in md
    )
    assert (
        "- **Dragan Vuković — Deputy Minister of Defence, Ministry of Defence, Dalvenia**: "
        "At odds with 8 people, most sharply Ingrid Solheim, Mirjana Kovačević, Tomislav "
        "Barić and 5 more" in md
    )
    assert "Since 21 June 2024, the previous 180 days." in md
    assert "- **New go-between**: Carla Menezes (Alvara) now carries messages" in md


def test_headings_never_say_the_same_thing_twice(sample):
    out, *_ = sample
    b = _briefing(sample, picture=False)
    for s in [*b.summary, *b.sections]:
        for head, _ in s.items:
            _, _, extra = head.partition(" — ")
            parts = [p.strip().casefold() for p in extra.split(", ") if p.strip()]
            assert len(parts) == len(set(parts)), head
    for name in ("index.html", "briefing.md"):
        text = (out / name).read_text("utf-8")
        assert "Coastal Seas Council, Coastal Seas Council" not in text, name
    assert "Ingrid Solheim — Lead envoy, Coastal Seas Council" in to_markdown(b)
    assert distinct_parts("Envoy", "Council of the Sea", "the Sea Council") == [
        "Envoy",
        "Council of the Sea",
    ]


def test_the_appendix_follows_with_its_sections_and_a_glossary(sample):
    out, *_ = sample
    md = (out / "briefing.md").read_text("utf-8")
    one, appendix = md.split("\n# Appendix\n", 1)
    assert "from page two" in one
    for title in ("Top influencers", "Trust nodes", "Brokers per pair of parties",
                  "Friction points and unbalanced triangles", "Cooling relationships",
                  "What changed since the previous period", "Glossary"):  # fmt: skip
        assert f"\n## {title}\n" in appendix, title
    glossary = appendix.split("\n## Glossary\n", 1)[1]
    for metric in ("`trust`", "`influence`", "`pressure`", "`sentiment`", "`party_pairs`"):
        assert metric in glossary, metric
    docs = (Path(__file__).resolve().parents[2] / "docs" / "metrics.md").read_text("utf-8")
    for metric in set(re.findall(r"`(\w+)`", glossary)):
        assert f"`{metric}`" in docs, metric  # every metric named is one docs/metrics.md defines


# -- the picture -------------------------------------------------------------------------------


def _svg(out: Path) -> ET.Element:
    return ET.fromstring((out / "briefing.svg").read_text("utf-8"))


def test_picture_draws_the_maps_stakeholders_at_the_maps_places(sample):
    out, analysis, _ = sample
    nodes, edges, _ = page_data(analysis, select_stakeholders(analysis))
    svg = _svg(out)
    drawn = [g for g in svg.iter(f"{SVG}g") if g.get("class") == "n"]
    assert len(drawn) == len(nodes) == 61
    for g, node in zip(drawn, nodes, strict=True):
        x, y = map(float, re.fullmatch(r"translate\(([-\d.]+),([-\d.]+)\)", g.get("transform"))
                   .groups())  # fmt: skip
        assert (x, y) == (pytest.approx(node["x"]), pytest.approx(node["y"]))
        assert g.find(f"{SVG}title").text == node["name"]
    assert len(list(svg.iter(f"{SVG}line"))) == len(edges)
    labels = {t.text for t in svg.iter(f"{SVG}text")}
    flagged = {n["name"] for n in nodes if n["roles"]}
    assert flagged and flagged <= labels
    assert labels - flagged == {"Alvara", "Dalvenia", "Coastal Seas Council"}  # the parties
    # the same picture inline on page one
    page = (out / "index.html").read_text("utf-8")
    inline = re.search(r"<svg .*?</svg>", page, re.S)[0]
    assert inline in (out / "briefing.svg").read_text("utf-8")


def test_picture_is_static_and_small(sample):
    out, *_ = sample
    text = (out / "briefing.svg").read_text("utf-8")
    assert len(text.encode()) < 200_000
    for el in _svg(out).iter():
        tag = el.tag.removeprefix(SVG)
        assert tag in {"svg", "g", "line", "circle", "rect", "polygon", "text", "title"}, tag
        assert not [a for a in el.attrib if a.startswith("on") or a.endswith("href")], el.attrib
    page = (out / "index.html").read_text("utf-8")
    assert f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' in page
    assert "<script" not in page.lower()


# -- one page, whatever the negotiation ------------------------------------------------------


def test_fit_leaves_out_the_last_items_of_the_longest_sections_and_says_so():
    long = "a reason of many words, " * 8 + "."
    sections = [
        Section(WHOM, "Intro.", [(f"Person {i}", long) for i in range(5)]),
        Section(CARRIERS, "Intro.", [("A and B", long)]),
        Section(BREAKS, "Intro.", [(f"Person {i}", long) for i in range(5)]),
        Section(CHANGED, "Intro.", [], "No change."),
    ]
    assert columns_mm(sections) > 100
    kept = fit(sections, 100)
    assert columns_mm(kept) <= 100 - SLACK_MM
    assert [len(s.items) for s in kept] == [3, 1, 4, 0]  # the longest first, in turn
    assert [s.intro for s in kept] == [
        "Intro. More in the appendix.",
        "Intro.",
        "Intro. More in the appendix.",
        "Intro.",
    ]
    assert [len(s.items) for s in sections] == [5, 1, 5, 0]  # the sections given are kept
    assert [len(s.items) for s in fit(sections, 10)] == [1, 1, 1, 0]  # at least one each


# -- small and odd negotiations ------------------------------------------------------------------


def test_a_negotiation_without_parties_or_history_still_briefs(tmp_path):
    log = tmp_path / "log.csv"
    log.write_text(
        "id,date,source,target,sentiment\n"
        + "".join(f"{i},2024-03-{i + 1:02d},P-{i % 3},P-{(i + 1) % 3},0.6\n" for i in range(9)),
        encoding="utf-8",
    )
    store = tmp_path / "s.db"
    assert cli("import", "-n", "t", "--interactions", log, "--create-missing", store=store).exit_code == 0  # fmt: skip
    analysis = _analyse(store, "t")
    b = build_briefing(analysis)
    titles = {s.title: s for s in b.summary}
    assert titles[CARRIERS].items == []
    assert titles[CARRIERS].empty == "No parties declared, or no friendly route between them."
    assert titles[CHANGED].items == [] and titles[CHANGED].empty.startswith("Nothing to compare")
    assert b.picture is not None and b.picture.svg.count('class="n"') == 3
    assert "All 3 stakeholders" in b.picture.caption
    assert "<svg" in to_html(b) and "## What changed" in to_markdown(b)


# -- printed ---------------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_page_one_prints_on_one_page_and_the_appendix_starts_on_page_two(sample, paper):
    out, *_ = sample
    b = _briefing(sample)
    with Browser() as browser:
        visit = browser.open(out / "index.html")
        pages = pdf_pages(visit.page.pdf(format=paper))
        assert visit.requests == [visit.url], "the briefing loaded something"
        assert not visit.console_errors()
    one = pages[0]
    assert one.startswith("Briefing: bh As of 18 December 2024")
    for s in b.summary:
        assert s.title in one, (paper, s.title)
        head, reason = s.items[0]
        assert head in one and reason in one, (paper, head)
        head, reason = s.items[-1]
        assert head in one and reason in one, (paper, head)
    assert one.endswith("in the same folder as this page."), one[-200:]
    assert pages[1].startswith("Appendix As of 2024-12-18")
    assert _metric_words(one) == [] and SCORE.findall(_without_user_text(one)) == []
    assert "More in the appendix" not in one  # the sample's page one has room for every item
    # each section of the appendix starts a page
    starts = [p[:60] for p in pages[2:]]
    for title in ("Top influencers", "Trust nodes", "Brokers per pair of parties",
                  "Friction points and unbalanced triangles", "Cooling relationships",
                  "What changed since the previous period", "Glossary"):  # fmt: skip
        assert any(s.startswith(title) for s in starts), (paper, title, starts)


@pytest.mark.browser
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_public_briefing_says_so_on_page_one_and_still_fits(sample, paper):
    out, *_ = sample
    with Browser() as browser:
        visit = browser.open(out.parent.parent / "public" / "bh" / "index.html")
        pages = pdf_pages(visit.page.pdf(format=paper))
        assert not visit.console_errors()
    one = pages[0]
    assert "REDACTED. Public version" in one
    for title in (WHOM, CARRIERS, BREAKS, CHANGED):
        assert title in one, (paper, title)
    assert one.endswith("in the same folder as this page.")
    assert pages[1].startswith("Appendix")


@pytest.mark.browser
def test_the_picture_shows_on_screen_and_on_paper(sample, tmp_path):
    out, *_ = sample
    with Browser(viewport={"width": 900, "height": 1200}) as browser:
        visit = browser.open(out / "index.html")
        for media in ("screen", "print"):
            visit.page.emulate_media(media=media)
            box = visit.page.locator("svg.picture").bounding_box()
            assert box["width"] > 600 and 200 < box["height"] < 400, (media, box)
            png = visit.page.screenshot(clip=box)
            inked, total = count_pixels_unlike(png)
            assert inked > total * 0.08, (media, inked, total)  # ties, nodes and names drawn
        assert not visit.console_errors()
