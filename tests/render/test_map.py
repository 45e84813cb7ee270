"""``graphkit map``: the HTML map in a real headless Chromium (tests/browser.py).

Offline (no request but the file), no console error, nothing from a contact log ever runs
(the injection corpus in tests/data/injection/), every hover card shows the data as
literal text, search / filters / focus work with real clicks and keystrokes, and the same
input gives the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import graphkit
from graphkit.errors import NotFound
from graphkit.pipeline import analyse_negotiation, analyse_over_time
from graphkit.render import map as gkmap
from graphkit.render.map import render_map, select_stakeholders, write_map
from graphkit.scope import Scope
from tests.browser import MAP_DRAWN, Browser, count_pixels_unlike
from tests.conftest import DATA, SAMPLE, cli
from tests.processes import run_graphkit

#: The injection corpus: script, event-handler, javascript:, template, quote and href
#: payloads in ids, names, parties, organisations, roles, tracks, tie types and notes. Its
#: own folder: every CSV directly in tests/data is a single-file import case.
INJECTION = {
    kind: DATA / "injection" / f"{kind}.csv"
    for kind in ("stakeholders", "interactions", "relationships")
}
#: Elements a hover card may contain: text containers only.
CARD_TAGS = {"DIV", "B", "TABLE", "TR", "TH", "TD"}


# -- fixtures ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The Blue-Harbor sample in a fresh embedded store, its analysis and its map."""
    folder = tmp_path_factory.mktemp("sample")
    store = graphkit.open_store(folder / "store.db", create=True)
    graphkit.import_files(
        store,
        "blue-harbor",
        stakeholders=SAMPLE / "stakeholders.csv",
        interactions=SAMPLE / "interactions.csv",
        relationships=SAMPLE / "relationships.csv",
    )
    analysis = analyse_negotiation(store, "blue-harbor")
    notes = store.load("blue-harbor").stakeholders.set_index("id")["notes"].to_dict()
    # with its timeline, as `graphkit map` draws it
    timeline = analyse_over_time(store, "blue-harbor", Scope(), now=analysis)
    path = write_map(analysis, folder / "map.html", notes=notes, timeline=timeline)
    yield {"store": store, "db": folder / "store.db", "analysis": analysis, "map": path,
           "timeline": timeline}  # fmt: skip
    store.close()


@pytest.fixture(scope="module")
def injection(tmp_path_factory):
    """The injection corpus imported with the CLI, and its map written with the CLI."""
    folder = tmp_path_factory.mktemp("injection")
    db = folder / "store.db"
    args = [f"--{kind}={path}" for kind, path in INJECTION.items()]
    result = cli("import", "-n", "injection", *args, store=db)
    assert result.exit_code == 0, result.stderr
    out = folder / "map.html"
    result = cli("map", "-n", "injection", "--output", out, store=db)
    assert result.exit_code == 0, result.stderr
    store = graphkit.open_store(db)
    data = store.load("injection")
    analysis = analyse_negotiation(store, "injection")
    yield {"db": db, "map": out, "data": data, "analysis": analysis}
    store.close()


@pytest.fixture(scope="module")
def browser():
    with Browser() as b:
        yield b


def _open(browser, path):
    visit = browser.open(path)
    visit.page.wait_for_function(MAP_DRAWN, timeout=20_000)
    return visit


def _people(page) -> list[dict]:
    return page.evaluate("JSON.parse(document.getElementById('gk-nodes').textContent)")


def _ties(page) -> list[dict]:
    """The page's tie records, with the ends (u < v) filled in where they were left out."""
    ties = page.evaluate("JSON.parse(document.getElementById('gk-edges').textContent)")
    for t in ties:
        t.setdefault("u", t["from"])
        t.setdefault("v", t["to"])
    return ties


# Page coordinates of nodes and of points on edges, from the vis Network itself.
_NODE_POINTS = """(ids) => {
  const net = window.graphkitMap.network;
  const box = document.getElementById('gk-network').getBoundingClientRect();
  const at = net.getPositions(ids);
  const out = {};
  for (const id of ids) {
    const p = net.canvasToDOM(at[id]);
    out[id] = net.getNodeAt(p) === id ? [box.left + p.x, box.top + p.y] : null;
  }
  return out;
}"""
_EDGE_POINTS = """(ids) => {
  // A point on each edge that no other shown edge comes within 14 map units of (vis shows
  // the card of the last edge within 10 units) and that no node covers.
  const map = window.graphkitMap, net = map.network;
  const box = document.getElementById('gk-network').getBoundingClientRect();
  const all = map.edges.get({filter: e => !e.hidden});
  const at = net.getPositions();
  const dist = (p, a, b) => {
    const dx = b.x - a.x, dy = b.y - a.y, len = dx * dx + dy * dy;
    const t = len ? Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len)) : 0;
    return Math.hypot(p.x - a.x - t * dx, p.y - a.y - t * dy);
  };
  const free = d => [[0, 0], [8, 8], [-8, 8], [8, -8], [-8, -8]].every(
    ([x, y]) => net.getNodeAt({x: d.x + x, y: d.y + y}) === undefined);
  const out = {};
  for (const id of ids) {
    const e = map.edges.get(id);
    const a = at[e.from], b = at[e.to];
    out[id] = null;
    for (let k = 0; k <= 70 && out[id] === null; k++) {
      const t = 0.5 + (k % 2 ? 1 : -1) * Math.ceil(k / 2) * 0.01;
      const p = {x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y)};
      if (all.some(o => o.id !== id && dist(p, at[o.from], at[o.to]) < 14)) continue;
      const d = net.canvasToDOM(p);
      if (free(d) && net.getEdgeAt(d) === id) out[id] = [box.left + d.x, box.top + d.y];
    }
  }
  return out;
}"""
_ONLY_EDGE = """(id) => {
  const edges = window.graphkitMap.edges;
  edges.update(edges.getIds().map(i => ({id: i, hidden: id !== null && i !== id})));
}"""
_BACKGROUND = """() => {
  const net = window.graphkitMap.network;
  const box = document.getElementById('gk-network').getBoundingClientRect();
  for (let y = 8; y < box.height; y += 12)
    for (let x = 8; x < box.width; x += 12)
      if (net.getNodeAt({x, y}) === undefined && net.getEdgeAt({x, y}) === undefined)
        return [box.left + x, box.top + y];
  return null;
}"""
_TOOLTIP_SHOWS = """(text) => {
  const t = document.querySelector('div.vis-tooltip');
  return !!t && getComputedStyle(t).visibility === 'visible' && t.textContent.includes(text);
}"""
_TOOLTIP = """() => {
  const t = document.querySelector('div.vis-tooltip');
  return {text: t.textContent, tags: [...t.querySelectorAll('*')].map(e => e.tagName)};
}"""


def _hover(page, point, expect: str, park) -> dict:
    """Move the real mouse onto ``point`` and return the hover card once it shows ``expect``."""
    page.mouse.move(*park)
    page.wait_for_function(
        "() => { const t = document.querySelector('div.vis-tooltip');"
        " return !t || getComputedStyle(t).visibility !== 'visible'; }",
        timeout=5_000,
    )
    page.mouse.move(point[0], point[1], steps=3)
    page.wait_for_function(_TOOLTIP_SHOWS, arg=expect, timeout=5_000)
    return page.evaluate(_TOOLTIP)


def _label(person: dict) -> str:
    return (
        person["sid"] if person["name"] == person["sid"] else f"{person['name']} ({person['sid']})"
    )


def _visible(page) -> tuple[int, int]:
    nodes, edges = page.evaluate(
        "() => [graphkitMap.nodes.get({filter: n => !n.hidden}).length,"
        " graphkitMap.edges.get({filter: e => !e.hidden}).length]"
    )
    return nodes, edges


def _dimmed(page) -> int:
    return page.evaluate(
        "() => graphkitMap.nodes.get({filter: n => !n.hidden &&"
        " n.color.background.startsWith('rgba(200,200,200')}).length"
    )


# -- the sample map in Chromium -------------------------------------------------------------


@pytest.mark.browser
def test_sample_map_renders_offline_without_errors(sample, browser):
    visit = _open(browser, sample["map"])
    page = visit.page
    try:
        visit.next_frame()  # the first drawing is on screen
        canvas = page.locator("#gk-network canvas")
        shot = canvas.screenshot()
        drawn, total = count_pixels_unlike(shot)
        # 61 stakeholders and 252 ties cover far more than 2% of the canvas; a blank or
        # failed drawing covers nothing.
        assert drawn > 0.02 * total, (drawn, total)
        assert visit.requests == [visit.url]
        assert visit.console_errors() == []
        assert visit.dialogs == []
        assert page.evaluate("graphkitMap.nodes.length") == 61
        assert page.evaluate("graphkitMap.edges.length") == 252
        assert page.text_content("#gk-title") == "blue-harbor — relationship map"
        assert page.text_content("#gk-subtitle") == (
            "as of 2024-12-18 · showing 61 of 61 stakeholders, 252 ties"
        )
        assert page.title() == "blue-harbor — relationship map"
        parties = page.locator("#gk-parties li").all_text_contents()
        assert parties == ["Alvara27", "Dalvenia27", "Coastal Seas Council7"]
    finally:
        visit.close()


@pytest.mark.slow
@pytest.mark.browser
def test_sample_hover_cards_carry_the_reasons(sample, browser):
    analysis = sample["analysis"]
    visit = _open(browser, sample["map"])
    page = visit.page
    try:
        people = {p["sid"]: p for p in _people(page)}
        park = page.evaluate(_BACKGROUND)
        flagged = [sid for sid, r in analysis.reasons.items() if r]
        points = page.evaluate(_NODE_POINTS, [people[s]["id"] for s in flagged])
        for sid in flagged:
            card = _hover(page, points[str(people[sid]["id"])], sid, park)
            row = analysis.stakeholders.loc[sid]
            for text in (row["name"], row["organization"], row["role"], row["party"]):
                assert text in card["text"], (sid, text)
            for role, reason in analysis.reasons[sid].items():
                assert role in card["text"] and reason in card["text"], (sid, role)
            assert (
                f"rank {int(analysis.stakeholders['influence'].rank(ascending=False)[sid])} of 61"
                in card["text"]
            )
            assert set(card["tags"]) <= CARD_TAGS
        # a tie card: the strongest negative tie that another tie does not cover
        ties = _ties(page)
        negatives = sorted((t for t in ties if "negative" in t.get("f", [])), key=lambda t: -t["n"])
        points = page.evaluate(_EDGE_POINTS, [t["id"] for t in negatives])
        negative = next(t for t in negatives if points[str(t["id"])])
        point = points[str(negative["id"])]
        first = next(p for p in people.values() if p["id"] == negative["u"])
        card = _hover(page, point, _label(first), park)
        assert f"contacts{negative['n']} (" in card["text"]
        assert f"last contact{negative['last']}" in card["text"]
        assert f"sentiment{negative['s']}" in card["text"]
        assert "negative: contacts (or a declared tie) mostly hostile" in card["text"]
        assert visit.console_errors() == []
    finally:
        visit.close()


@pytest.mark.browser
def test_search_box_focuses_a_stakeholder_with_real_keystrokes(sample, browser):
    analysis = sample["analysis"]
    visit = _open(browser, sample["map"])
    page = visit.page
    try:
        people = {p["sid"]: p for p in _people(page)}
        m01 = people["M-01"]["id"]
        page.click("#gk-search")
        page.keyboard.type("solheim")
        page.wait_for_function("() => document.querySelectorAll('#gk-matches button').length === 1")
        assert page.text_content("#gk-matches button") == (
            "Ingrid Solheim (M-01) — Coastal Seas Council"
        )
        page.keyboard.press("Enter")
        status = page.text_content("#gk-status")
        degree = int(((analysis.ties["u"] == "M-01") | (analysis.ties["v"] == "M-01")).sum())
        assert status.startswith(f"Focus: Ingrid Solheim (M-01) — {degree} ties.")
        assert page.evaluate("graphkitMap.network.getSelectedNodes()") == [m01]
        assert _dimmed(page) == 61 - 1 - degree
        # the focused stakeholder is centred in the view
        x, y = page.evaluate(_NODE_POINTS, [m01])[str(m01)]
        box = page.locator("#gk-network").bounding_box()
        assert abs(x - (box["x"] + box["width"] / 2)) < 3
        assert abs(y - (box["y"] + box["height"] / 2)) < 3
        # accents and case are ignored; no match says so
        page.fill("#gk-search", "")
        page.click("#gk-search")
        page.keyboard.type("DUARTE MENDONCA")
        page.wait_for_function("() => document.querySelectorAll('#gk-matches button').length")
        assert page.text_content("#gk-matches button").startswith("Duarte Mendonça (A-02)")
        page.keyboard.press("Escape")
        page.keyboard.type("nobody-at-all")
        assert page.text_content("#gk-status") == "No stakeholder matches “nobody-at-all”."
        assert visit.console_errors() == []
    finally:
        visit.close()


@pytest.mark.browser
def test_party_role_and_track_filters_with_real_clicks(sample, browser):
    analysis = sample["analysis"]
    df, ties = analysis.stakeholders, analysis.ties
    visit = _open(browser, sample["map"])
    page = visit.page
    try:
        assert _visible(page) == (61, 252)
        # party: untick the Coastal Seas Council
        council = set(df.index[df["party"] == "Coastal Seas Council"])
        page.locator("#gk-parties label", has_text="Coastal Seas Council").click()
        kept = int((~ties["u"].isin(council) & ~ties["v"].isin(council)).sum())
        assert _visible(page) == (61 - len(council), kept)
        assert page.text_content("#gk-filter-status") == (
            f"Filtered: {61 - len(council)} of 61 stakeholders, {kept} of 252 ties visible."
        )
        page.locator("#gk-parties label", has_text="Coastal Seas Council").click()
        assert _visible(page) == (61, 252)
        # roles: only friction points, then friction points or brokers
        friction = {s for s in df.index if "friction point" in df.at[s, "roles"]}
        brokers = {s for s in df.index if "broker" in df.at[s, "roles"]}
        page.locator("#gk-roles label", has_text="friction point").click()
        between = int((ties["u"].isin(friction) & ties["v"].isin(friction)).sum())
        assert _visible(page) == (len(friction), between)
        page.locator("#gk-roles label", has_text="broker").click()
        either = friction | brokers
        between = int((ties["u"].isin(either) & ties["v"].isin(either)).sum())
        assert _visible(page) == (len(either), between)
        page.click("#gk-reset")
        assert _visible(page) == (61, 252)
        # track, chosen with the keyboard: ties with a contact on the track
        contacts = analysis.model.contacts
        on = contacts[contacts["track"] == "fisheries"]
        pairs = {tuple(sorted(p)) for p in zip(on["source"], on["target"], strict=True)}
        with_track = [(u, v) for u, v in zip(ties["u"], ties["v"], strict=True) if (u, v) in pairs]
        involved = {x for pair in with_track for x in pair}
        page.focus("#gk-track")
        page.keyboard.press("ArrowDown")  # "all tracks" -> "fisheries"
        if page.input_value("#gk-track") == "":  # a select that opened its list: choose
            page.keyboard.press("Enter")
        assert page.input_value("#gk-track") == "fisheries"
        assert _visible(page) == (len(involved), len(with_track))
        assert visit.console_errors() == []
    finally:
        visit.close()


@pytest.mark.browser
def test_click_focuses_a_neighbourhood_and_background_click_resets(sample, browser):
    analysis = sample["analysis"]
    visit = _open(browser, sample["map"])
    page = visit.page
    try:
        people = {p["sid"]: p for p in _people(page)}
        b17 = people["B-17"]["id"]
        point = page.evaluate(_NODE_POINTS, [b17])[str(b17)]
        assert point is not None
        page.mouse.click(*point)
        degree = int(((analysis.ties["u"] == "B-17") | (analysis.ties["v"] == "B-17")).sum())
        assert page.evaluate("graphkitMap.network.getSelectedNodes()") == [b17]
        assert _dimmed(page) == 61 - 1 - degree
        dim_edges = page.evaluate(
            "() => graphkitMap.edges.get({filter: e => e.color.color.startsWith('rgba(200,200,200')}).length"
        )
        assert dim_edges == 252 - degree
        assert "Focus: Dr. Katarina Pavlović (B-17)" in page.text_content("#gk-status")
        page.mouse.click(*page.evaluate(_BACKGROUND))
        assert _dimmed(page) == 0
        assert page.evaluate("graphkitMap.network.getSelectedNodes()") == []
        assert page.text_content("#gk-status") == ""
        # Escape resets too
        page.mouse.click(*point)
        assert _dimmed(page) > 0
        page.keyboard.press("Escape")
        assert _dimmed(page) == 0
        assert visit.console_errors() == []
    finally:
        visit.close()


# -- injection: nothing from the data ever runs ----------------------------------------------


@pytest.mark.slow
@pytest.mark.browser
def test_injection_corpus_never_runs_and_shows_as_text(injection, browser):
    data, analysis = injection["data"], injection["analysis"]
    visit = _open(browser, injection["map"])
    page = visit.page
    try:
        people = _people(page)
        by_sid = {p["sid"]: p for p in people}
        assert set(by_sid) == set(data.stakeholders["id"])
        park = page.evaluate(_BACKGROUND)
        assert park is not None
        points = page.evaluate(_NODE_POINTS, [p["id"] for p in people])
        for row in data.stakeholders.itertuples():
            point = points[str(by_sid[row.id]["id"])]
            assert point is not None, f"stakeholder {row.id!r} is covered on the map"
            card = _hover(page, point, row.name, park)
            assert set(card["tags"]) <= CARD_TAGS, card["tags"]
            for text in (row.id, row.name, row.party, row.organization, row.role, row.notes):
                assert text in card["text"], (row.id, text)
            for role, reason in analysis.reasons.get(row.id, {}).items():
                assert f"{role}: {reason}" in card["text"], (row.id, role)
        # every tie card: both ends, declared types and notes, tracks, contact notes
        ties = _ties(page)
        inter, rel = data.interactions, data.relationships
        seen_notes: set[str] = set()
        for t in ties:
            u, v = people[t["u"]], people[t["v"]]
            # Ties of a ten-stakeholder map can lie on one line: show one tie at a time.
            page.evaluate(_ONLY_EDGE, t["id"])
            point = page.evaluate(_EDGE_POINTS, [t["id"]])[str(t["id"])]
            assert point is not None, f"tie {u['sid']!r} - {v['sid']!r} is covered on the map"
            card = _hover(page, point, f"{_label(u)} — {_label(v)}", park)
            assert set(card["tags"]) <= CARD_TAGS, card["tags"]
            pair = {u["sid"], v["sid"]}
            mine = inter[inter["source"].isin(pair) & inter["target"].isin(pair)]
            for track in set(mine["track"]) - {""}:
                assert track in card["text"]
            for note in mine.sort_values("date", ascending=False)["notes"][:3]:
                assert note in card["text"]
                seen_notes.add(note)
            declared = rel[rel["source"].isin(pair) & rel["target"].isin(pair)]
            for kind, note in zip(declared["type"], declared["notes"], strict=True):
                assert kind in card["text"] and note in card["text"]
        page.evaluate(_ONLY_EDGE, None)
        assert {n for n in inter["notes"] if n} <= seen_notes
        # legend, track menu and search results show the strings as text too
        legend = page.text_content("#gk-parties")
        for party in set(data.stakeholders["party"]):
            assert party in legend
        options = page.locator("#gk-track option").all_text_contents()
        assert set(options) == {"all tracks", *set(inter["track"])}
        page.click("#gk-search")
        page.keyboard.type("<img")
        page.wait_for_function("() => document.querySelectorAll('#gk-matches button').length")
        assert '<img src=x onerror="window.__pwned=1">' in page.text_content("#gk-matches")
        page.keyboard.press("Enter")
        # nothing ran, nothing was added to the document, nothing was fetched
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert visit.dialogs == []
        assert visit.requests == [visit.url]
        assert visit.console_errors() == []
        # three JSON blocks and the timeline's, vis-network, the map: no script of the data
        assert page.evaluate("document.scripts.length") == 6
        assert (
            page.evaluate("document.querySelectorAll('img, iframe, a, object, embed').length") == 0
        )
        assert page.evaluate("document.querySelectorAll('style').length") == 2
        handlers = page.evaluate(
            "() => [...document.querySelectorAll('*')].filter(e =>"
            " [...e.attributes].some(a => a.name.startsWith('on'))).length"
        )
        assert handlers == 0
    finally:
        visit.close()


@pytest.mark.browser
def test_injection_in_title_and_payloads_absent_from_markup(injection, browser, tmp_path):
    payload = "<script>window.__pwned=1</script><img src=x onerror=window.__pwned=1>"
    html = render_map(injection["analysis"], title=payload, subtitle=payload)
    raw = injection["map"].read_text(encoding="utf-8")
    for text in (html, raw):
        parser = _Tags()
        parser.feed(text)
        # the JSON blocks (stakeholders, ties, metadata; the timeline's when there is one),
        # then vis-network and the map: nothing else
        data = [a.get("id") for a, _ in parser.scripts if a.get("type") == "application/json"]
        assert data[:3] == ["gk-meta", "gk-nodes", "gk-edges"] and data[3:] in (
            [],
            ["gk-timeline-data"],
        )
        assert len(parser.scripts) == len(data) + 2
        assert "<img" not in text and "<svg onload" not in text and "<iframe" not in text
        assert "window.__pwned" not in _outside_scripts(text)
    path = tmp_path / "titled.html"
    path.write_text(html, encoding="utf-8")
    visit = _open(browser, path)
    try:
        assert visit.page.text_content("#gk-title") == f"{payload} — relationship map"
        assert visit.page.title() == f"{payload} — relationship map"
        assert visit.page.evaluate("typeof window.__pwned") == "undefined"
        assert visit.console_errors() == [] and visit.dialogs == []
    finally:
        visit.close()


def _outside_scripts(html: str) -> str:
    return re.sub(r"<script[^>]*>.*?</script>", "", html, flags=re.S)


# -- the file itself ----------------------------------------------------------------------


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.styles: list[str] = []
        self._in: str | None = None
        self._attrs: dict[str, str | None] = {}

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._in, self._attrs = tag, dict(attrs)
            self._text = ""

    def handle_data(self, data):
        if self._in:
            self._text += data

    def handle_endtag(self, tag):
        if tag == self._in == "script":
            self.scripts.append((self._attrs, self._text))
        elif tag == self._in == "style":
            self.styles.append(self._text)
        if tag == self._in:
            self._in = None


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_csp_allows_exactly_the_inlined_scripts_and_styles(sample):
    html = sample["map"].read_text(encoding="utf-8")
    parser = _Tags()
    parser.feed(html)
    metas = [a for t, a in parser.tags if t == "meta" and a.get("http-equiv")]
    assert len(metas) == 1 and metas[0]["http-equiv"] == "Content-Security-Policy"
    policy = dict(
        (part.split()[0], part.split()[1:])
        for part in metas[0]["content"].split(";")
        if part.strip()
    )
    assert policy["default-src"] == ["'none'"]
    assert policy["img-src"] == ["data:"]
    assert policy["base-uri"] == ["'none'"]
    code = [text for attrs, text in parser.scripts if "type" not in attrs]
    data = [text for attrs, text in parser.scripts if attrs.get("type") == "application/json"]
    assert len(code) == 2 and len(data) == 4  # stakeholders, ties, metadata, the timeline
    assert sorted(policy["script-src"]) == sorted(_sha(t) for t in code)
    assert sorted(policy["style-src"]) == sorted(_sha(t) for t in parser.styles)
    assert "'unsafe-inline'" not in html and "'unsafe-eval'" not in html
    for text in code:
        assert not re.search(r"</[a-zA-Z]", text) and "<!--" not in text
    # the only references in the markup are in-page ones
    for tag, attrs in parser.tags:
        for name in ("src", "href", "action", "srcset", "xlink:href", "poster", "data"):
            assert name not in attrs, (tag, name)
    assert "vis.Network" in code[1] and "vis-network" in code[0]
    assert "@version 9.1.2" in code[0]  # the newest copy bundled with pyvis


def test_page_json_is_inert_and_round_trips():
    value = {"x": "</script><!-- & > \u2028\u2029 <b>", "<": [1.5, None, True]}
    text = gkmap._page_json(value)
    assert not set(text) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(text) == value


def test_inline_script_escapes_end_tags_only_where_the_tokenizer_sees_them():
    assert gkmap.inline_script('a="</script>";b=/<\\/b>/') == 'a="<\\/script>";b=/<\\/b>/'
    # "</" not followed by a letter is harmless and left alone (a regular expression here)
    assert gkmap.inline_script("/</.test(c)") == "/</.test(c)"
    with pytest.raises(ValueError):
        gkmap.inline_script("x = '<!--'")


def test_same_input_gives_byte_identical_html(sample, tmp_path):
    again = analyse_negotiation(sample["store"], "blue-harbor")
    notes = sample["store"].load("blue-harbor").stakeholders.set_index("id")["notes"].to_dict()
    timeline = analyse_over_time(sample["store"], "blue-harbor", Scope(), now=again)
    page = render_map(again, notes=notes, timeline=timeline)
    assert page == sample["map"].read_text(encoding="utf-8")
    outputs = []
    for seed in ("1", "987"):
        out = tmp_path / f"map-{seed}.html"
        done = run_graphkit(
            "map", "-n", "blue-harbor", "--store", sample["db"], "--output", out,
            env={"PYTHONHASHSEED": seed}, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0] == sample["map"].read_bytes()


# -- selection and layout ----------------------------------------------------------------------


def test_max_nodes_keeps_every_flagged_stakeholder_and_says_what_is_left_out(sample):
    analysis = sample["analysis"]
    df = analysis.stakeholders
    flagged = {
        s for s in df.index if {"broker", "trust node", "friction point"} & set(df.at[s, "roles"])
    }
    sel = select_stakeholders(analysis, max_nodes=20)
    assert len(sel.ids) == 20 and flagged <= set(sel.ids)
    rest = df.drop(index=list(flagged)).sort_values("influence", ascending=False)
    assert set(sel.ids) - flagged == set(rest.index[: 20 - len(flagged)])
    assert sel.omitted.startswith("41 less influential stakeholders")
    html = render_map(analysis, max_nodes=20)
    meta = json.loads(re.search(r'id="gk-meta">(.*?)</script>', html).group(1))
    assert meta["subtitle"].endswith(f"showing 20 of 61 stakeholders, {sel.ties_shown} ties")
    assert meta["notices"] == [sel.omitted]
    # fewer slots than flagged stakeholders: every flagged one stays anyway
    assert set(select_stakeholders(analysis, max_nodes=3).ids) == flagged


def test_focus_and_depth_select_the_neighbourhood(sample):
    analysis = sample["analysis"]
    ties = analysis.ties
    near = set(ties.loc[ties["u"] == "B-17", "v"]) | set(ties.loc[ties["v"] == "B-17", "u"])
    assert set(select_stakeholders(analysis, focus="B-17").ids) == near | {"B-17"}
    two = set(select_stakeholders(analysis, focus="B-17", depth=2).ids)
    assert two > near and all(
        ((ties["u"] == s) & ties["v"].isin(near | {"B-17"})).any()
        or ((ties["v"] == s) & ties["u"].isin(near | {"B-17"})).any()
        for s in two - near - {"B-17"}
    )
    small = select_stakeholders(analysis, focus="B-17", depth=2, max_nodes=5)
    assert "B-17" in small.ids
    with pytest.raises(NotFound, match=r'--focus "b-17": no stakeholder .* Did you mean "B-17"'):
        select_stakeholders(analysis, focus="b-17")
    assert select_stakeholders(analysis, focus=" ingrid SOLHEIM").focus == "M-01"  # the name
    with pytest.raises(NotFound, match=r'Did you mean "Ingrid Solheim" \(M-01\)\?'):
        select_stakeholders(analysis, focus="Ingrid Solhiem")
    with pytest.raises(NotFound, match=r"List the ids with: graphkit influence -n blue-harbor"):
        select_stakeholders(analysis, focus="nobody")


def test_layout_sets_the_parties_apart_with_bridges_between(sample):
    html = sample["map"].read_text(encoding="utf-8")
    nodes = json.loads(re.search(r'id="gk-nodes">(.*?)</script>', html).group(1))
    meta = json.loads(re.search(r'id="gk-meta">(.*?)</script>', html).group(1))
    party = {i: p["name"] for i, p in enumerate(meta["parties"])}
    groups: dict[str, list[tuple[float, float]]] = {}
    for n in nodes:
        groups.setdefault(party[n["party"]], []).append((n["x"], n["y"]))

    def centre(points):
        return (sum(x for x, _ in points) / len(points), sum(y for _, y in points) / len(points))

    def spread(points):
        cx, cy = centre(points)
        return (sum((x - cx) ** 2 + (y - cy) ** 2 for x, y in points) / len(points)) ** 0.5

    names = sorted(groups)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            (ax, ay), (bx, by) = centre(groups[a]), centre(groups[b])
            gap = ((ax - bx) ** 2 + (ay - by) ** 2) ** 0.5
            assert gap > spread(groups[a]) + spread(groups[b]), (a, b)
    # the two sides left and right, the mediators between them
    centres = {p: centre(g) for p, g in groups.items()}
    assert centres["Alvara"][0] < centres["Coastal Seas Council"][0] < centres["Dalvenia"][0]
    # every broker and trust node is in the third of its party nearest the other parties
    df = sample["analysis"].stakeholders
    by_sid = {n["sid"]: n for n in nodes}

    def reach(point, own):
        """Summed distance from a point to the centres of the other parties."""
        return sum(
            ((point[0] - x) ** 2 + (point[1] - y) ** 2) ** 0.5
            for p, (x, y) in centres.items()
            if p != own
        )

    bridges = [s for s in df.index if {"broker", "trust node"} & set(df.at[s, "roles"])]
    assert len(bridges) == 6
    for sid in bridges:
        own = df.at[sid, "party"]
        mates = sorted(reach(point, own) for point in groups[own])
        me = reach((by_sid[sid]["x"], by_sid[sid]["y"]), own)
        assert mates.index(me) < len(mates) / 3, sid


# -- the command -------------------------------------------------------------------------------


def test_cli_writes_the_default_path_and_reports_it(sample, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("map", "-n", "blue-harbor", store=sample["db"])
    assert result.exit_code == 0, result.stderr
    path = Path("reports") / "blue-harbor" / "map.html"
    assert result.stdout == f"{path}\n"
    assert "61 of 61 stakeholders, 252 ties" in result.stderr
    assert path.read_bytes() == sample["map"].read_bytes()


@pytest.mark.browser
def test_cli_options_and_errors(sample, tmp_path, browser):
    out = tmp_path / "deep" / "m01.html"
    result = cli(
        "map", "-n", "blue-harbor", "--focus", "M-01", "--depth", "1", "--track", "fisheries",
        "--max-nodes", "10", "--output", out, store=sample["db"],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    meta = json.loads(re.search(r'id="gk-meta">(.*?)</script>', html).group(1))
    assert meta["shown"] >= 1 and "track fisheries" in meta["subtitle"]
    assert meta["notices"][0].startswith("Neighbourhood of Ingrid Solheim (M-01)")
    visit = _open(browser, out)
    try:
        m01 = next(p["id"] for p in _people(visit.page) if p["sid"] == "M-01")
        assert visit.page.evaluate("graphkitMap.network.getSelectedNodes()") == [m01]
        assert visit.page.text_content("#gk-status") == (
            "Neighbourhood of Ingrid Solheim (M-01) (selected)."
        )
        assert visit.console_errors() == [] and visit.requests == [visit.url]
    finally:
        visit.close()

    result = cli("map", "-n", "blue-harbor", "--focus", "M-1", "--output", out, store=sample["db"])
    assert result.exit_code == 1
    assert result.stderr.startswith('Error: --focus "M-1": no stakeholder with that id')
    assert 'Did you mean "M-01"' in result.stderr

    result = cli("map", "-n", "blue-harbr", "--output", out, store=sample["db"])
    assert result.exit_code == 1
    assert 'no negotiation "blue-harbr"' in result.stderr

    result = cli("map", "-n", "blue-harbor", "--depth", "2", "--output", out, store=sample["db"])
    assert result.exit_code == 1
    assert result.stderr == "Error: --depth applies only with --focus ID\n"

    result = cli("map", "-n", "blue-harbor", "--max-nodes", "0", store=sample["db"])
    assert result.exit_code == 2

    result = cli("map", "-n", "blue-harbor", "--output", tmp_path, store=sample["db"])
    assert result.exit_code == 2  # a folder, not a file

    blocked = tmp_path / "file"
    blocked.write_text("x")
    result = cli("map", "-n", "blue-harbor", "--output", blocked / "m.html", store=sample["db"])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: cannot write the map to {blocked / 'm.html'}")


def _page_text(html: str) -> str:
    """Every string of the page's three JSON blocks, decoded (escapes undone)."""
    blocks = re.findall(r'<script type="application/json" id="gk-\w+">(.*?)</script>', html)
    assert len(blocks) == 3
    return json.dumps([json.loads(b) for b in blocks], ensure_ascii=False)


def test_cli_public_and_redacted_maps_carry_no_notes(sample, tmp_path):
    import csv

    notes = set()
    for name in ("stakeholders.csv", "interactions.csv", "relationships.csv"):
        with open(SAMPLE / name, newline="", encoding="utf-8") as fh:
            notes |= {r["notes"] for r in csv.DictReader(fh) if len(r.get("notes", "")) >= 12}
    full = _page_text(sample["map"].read_text(encoding="utf-8"))
    assert sum(note in full for note in notes) >= 10  # the team's map carries the notes
    for flag, banner in (("--public", "Public version"), ("--redact=notes", "notes were removed")):
        out = tmp_path / f"{flag.strip('-').split('=')[0]}.html"
        result = cli("map", "-n", "blue-harbor", flag, "--output", out, store=sample["db"])
        assert result.exit_code == 0, result.stderr
        html = out.read_text(encoding="utf-8")
        text = _page_text(html)
        assert not [note for note in notes if note in text], flag
        meta = json.loads(re.search(r'id="gk-meta">(.*?)</script>', html).group(1))
        assert banner in meta["notices"][0], flag
    # --public also drops the confidential contacts before anything is computed
    with open(SAMPLE / "interactions.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    confidential = sum(r["confidential"] == "yes" for r in rows)
    assert confidential > 0

    def contacts(path):
        html = path.read_text(encoding="utf-8")
        ties = json.loads(re.search(r'id="gk-edges">(.*?)</script>', html).group(1))
        return sum(t["n"] for t in ties)

    assert contacts(sample["map"]) == len(rows)
    assert contacts(tmp_path / "public.html") == len(rows) - confidential
    assert contacts(tmp_path / "redact.html") == len(rows)


def test_default_path_stays_inside_reports():
    assert gkmap.default_map_path("blue-harbor") == Path("reports/blue-harbor/map.html")
    assert gkmap.default_map_path("talks v1.2", "out") == Path("out/talks v1.2/map.html")
    for bad in ("../x", "a/b", "..", ".hidden", "/etc", "a\\b", ""):
        with pytest.raises(graphkit.GraphkitError):
            gkmap.default_map_path(bad)


# -- names that are JavaScript property names --------------------------------------------------

#: Tracks and parties named like the properties every JavaScript object inherits.
PROTO_NAMES = ("constructor", "toString", "__proto__")


@pytest.fixture(scope="module")
def proto_map(tmp_path_factory):
    """Six stakeholders in parties named constructor, toString and __proto__, with contacts
    on tracks of those names (and on fisheries)."""
    folder = tmp_path_factory.mktemp("proto")
    people = folder / "stakeholders.csv"
    people.write_text(
        "id,name,party\nP-1,Pia,constructor\nP-2,Per,constructor\nQ-1,Quin,toString\n"
        "Q-2,Qadir,toString\nR-1,Rosa,__proto__\nR-2,Remy,__proto__\n",
        encoding="utf-8",
    )
    contacts = [("P-1", "Q-1", "constructor"), ("Q-1", "P-1", "constructor"),
                ("Q-2", "R-1", "toString"), ("R-1", "Q-2", "toString"),
                ("P-2", "R-2", "__proto__"), ("R-2", "P-2", "__proto__"),
                ("P-1", "R-1", "fisheries"), ("P-2", "Q-2", "fisheries"),
                ("P-1", "P-2", "fisheries"), ("R-1", "R-2", "__proto__")]  # fmt: skip
    log = folder / "interactions.csv"
    log.write_text(
        "date,source,target,sentiment,track\n"
        + "".join(f"2024-03-{n + 1:02d},{a},{b},0.5,{t}\n" for n, (a, b, t) in enumerate(contacts)),
        encoding="utf-8",
    )
    db = folder / "store.db"
    result = cli("import", "-n", "proto", "--stakeholders", people, "--interactions", log, store=db)
    assert result.exit_code == 0, result.stderr
    out = folder / "map.html"
    assert cli("map", "-n", "proto", "--output", out, store=db).exit_code == 0
    on = {}
    for a, b, t in contacts:
        on.setdefault(t, set()).add(tuple(sorted((a, b))))
    return {"map": out, "ties_on": on}


def _shown_sids(page) -> set[str]:
    return set(
        page.evaluate(
            "() => { const people = JSON.parse(document.getElementById('gk-nodes').textContent);"
            " return graphkitMap.nodes.get({filter: n => !n.hidden}).map(n => people[n.id].sid); }"
        )
    )


def _shown_ties(page) -> set[tuple[str, str]]:
    pairs = page.evaluate(
        "() => { const people = JSON.parse(document.getElementById('gk-nodes').textContent);"
        " return graphkitMap.edges.get({filter: e => !e.hidden})"
        ".map(e => [people[e.from].sid, people[e.to].sid]); }"
    )
    return {tuple(sorted(p)) for p in pairs}


@pytest.mark.browser
def test_track_filter_treats_javascript_property_names_as_data(proto_map, browser):
    visit = _open(browser, proto_map["map"])
    page = visit.page
    try:
        options = page.locator("#gk-track option").all_text_contents()
        assert options == ["all tracks", "__proto__", "constructor", "fisheries", "toString"]
        for track in (*PROTO_NAMES, "fisheries"):
            page.select_option("#gk-track", track)
            ties = proto_map["ties_on"][track]
            assert _shown_sids(page) == {x for pair in ties for x in pair}, track
            assert _shown_ties(page) == ties, track
        page.select_option("#gk-track", "")
        assert _visible(page) == (6, 7)
        assert visit.console_errors() == []
    finally:
        visit.close()


@pytest.mark.browser
def test_party_filter_and_focus_with_javascript_property_names(proto_map, browser):
    visit = _open(browser, proto_map["map"])
    page = visit.page
    try:
        legend = page.locator("#gk-parties li").all_text_contents()
        assert sorted(legend) == ["__proto__2", "constructor2", "toString2"]
        for party, members in (("constructor", {"P-1", "P-2"}), ("__proto__", {"R-1", "R-2"})):
            page.locator("#gk-parties label", has_text=party).click()
            assert _shown_sids(page) == {"P-1", "P-2", "Q-1", "Q-2", "R-1", "R-2"} - members
            page.locator("#gk-parties label", has_text=party).click()
        people = {p["sid"]: p["id"] for p in _people(page)}
        page.evaluate(f"graphkitMap.focusOn({people['R-1']}, false)")
        # R-1's neighbours: Q-2, P-1, R-2; everyone else is dimmed
        assert _dimmed(page) == 2
        assert visit.console_errors() == []
    finally:
        visit.close()
