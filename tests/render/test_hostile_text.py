"""Control characters and bidi overrides in the data: shown, never obeyed.

A stakeholder named ``Eve\\x1b]52;c;...\\x07`` must not write the terminal's clipboard when
``graphkit influence`` prints it, ``\\u202e`` must not reorder a briefing, and ``\\x0b`` or
NUL must not make a GraphML or GEXF file unreadable. On a terminal (tables, "Why:" lines,
errors, progress) such characters appear as visible escapes; in HTML and Markdown the
controls and bidi characters do too; GraphML and GEXF escape what XML 1.0 forbids; JSON and
CSV keep the exact text (JSON as ``\\u`` escapes).
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from xml.etree import ElementTree

import networkx as nx
import pytest

from graphkit.render.tables import neutralise_cell, to_json
from graphkit.render.text import terminal_safe, visible_text, xml_safe
from tests.browser import Browser
from tests.conftest import cli

#: An OSC 52 clipboard write, BEL, C1 CSI, a right-to-left override, VT and NUL.
NAME = "Eve<b>\x1b]52;c;SGVsbG8=\x07 \x9b31m\u202eevil\x0b\x00end"
PARTY = "Brenn\x1b[31m\u202e"
TRACK = "fish\x1b[2J\u2066"
ODD_ID = "Z\x1b[5m"
#: The escapes a terminal shows for NAME, PARTY and ODD_ID.
NAME_SHOWN = "Eve<b>\\x1b]52;c;SGVsbG8=\\x07 \\x9b31m\\u202eevil\\x0b\\x00end"
PARTY_SHOWN = "Brenn\\x1b[31m\\u202e"
ODD_ID_SHOWN = "Z\\x1b[5m"
RAW = ["\x1b", "\x07", "\x9b", "\u202e", "\u2066", "\x0b", "\x00"]


def _no_raw(data: bytes | str) -> list[str]:
    """The hostile characters that occur raw in ``data`` (bytes: UTF-8)."""
    if isinstance(data, bytes):
        return [c for c in RAW if c.encode("utf-8") in data]
    return [c for c in RAW if c in data]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """Two parties bridged by a mediator with a hostile name; a hostile party, track and id."""
    folder = tmp_path_factory.mktemp("hostile")
    people = folder / "stakeholders.csv"
    with open(people, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "name", "party", "kind", "notes"])
        w.writerows(
            [
                ["A-1", "Ana", "Alvara", "state", ""],
                ["A-2", "Abe", "Alvara", "state", ""],
                ["B-1", "Bo", PARTY, "state", ""],
                ["B-2", "Bea", PARTY, "state", ""],
                ["M-1", NAME, "Council", "mediator", "note " + NAME],
                ["Z-1", "Zed", "Council", "mediator", ""],
            ]
        )
    ties = [("A-1", "M-1", 0.8), ("M-1", "A-1", 0.7), ("A-2", "M-1", 0.6), ("M-1", "A-2", 0.6),
            ("B-1", "M-1", 0.7), ("M-1", "B-1", 0.8), ("B-2", "M-1", 0.5), ("M-1", "B-2", 0.5),
            ("A-1", "A-2", 0.6), ("B-1", "B-2", 0.6), ("A-1", "B-1", -0.8), ("B-1", "A-1", -0.7)]  # fmt: skip
    rows = [
        [f"2024-{1 + 3 * k:02d}-{10 + n:02d}", a, b, s, TRACK, "met " + NAME]
        for n, (a, b, s) in enumerate(ties)
        for k in range(3)
    ]
    rows += [["2024-07-01", "Z-1", "A-1", 0.6, "energy", ""]]
    rows += [["2024-07-02", "A-1", "Z-1", 0.6, "energy", ""]]
    log = folder / "interactions.csv"
    with open(log, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["date", "source", "target", "sentiment", "track", "notes"])
        w.writerows(rows)
    db = folder / "store.db"
    result = cli("import", "-n", "h", "--stakeholders", people, "--interactions", log, store=db)
    assert result.exit_code == 0, result.stderr
    # Imports now refuse ids with control characters, but graphkit 0.1.0 accepted them and
    # stores written then still hold them: plant one, so every output is tested with it.
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = OFF")
    for table, column in (("stakeholders", "id"), ("interactions", "source"),
                          ("interactions", "target")):  # fmt: skip
        conn.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = 'Z-1'", (ODD_ID,))
    conn.close()
    return {"db": db, "folder": folder}


# -- the terminal -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["influence", "-n", "h"], [f"{NAME_SHOWN}  Council", f"{PARTY_SHOWN}      0."]),
        (["brokers", "-n", "h"], [NAME_SHOWN, f"Alvara - {PARTY_SHOWN}"]),
        (["friction", "-n", "h"], ["fish\\x1b[2J\\u2066"]),
        (["path", "-n", "h", "--from", "A-1", "--to", "B-2"], [NAME_SHOWN]),
        (
            ["path", "-n", "h", "--from", "B-1", "--to", ODD_ID],
            [f"No trusted chain from B-1 to {ODD_ID_SHOWN}.", f"hostile to B-1 or {ODD_ID_SHOWN}"],
        ),
        (["whatif", "-n", "h", "--remove", "A-2"], [f"{NAME_SHOWN} (M-1) rises"]),
        (["whatif", "-n", "h", "--remove", "M-1"], [f"{PARTY_SHOWN} - Council", ODD_ID_SHOWN]),
        (
            ["diff", "-n", "h", "--from", "2024-03-01", "--to", "2024-07-30"],
            [f"A-1 - {ODD_ID_SHOWN}"],
        ),
    ],
    ids=["influence", "brokers", "friction", "path", "path-none", "whatif", "whatif-split", "diff"],
)
def test_tables_show_controls_as_visible_escapes(hostile, args, shown):
    result = cli(*args, store=hostile["db"])
    assert result.exit_code == 0, result.stderr
    assert _no_raw(result.stdout_bytes) == [] and _no_raw(result.stderr_bytes) == []
    for text in shown:
        assert text in result.stdout, text


def test_why_lines_cannot_write_the_clipboard(hostile):
    result = cli("influence", "-n", "h", store=hostile["db"])
    assert b"\x1b]52" not in result.stdout_bytes and b"\x07" not in result.stdout_bytes
    why = result.stdout.split("\nWhy:\n")[1].splitlines()
    line = next(x for x in why if x.startswith("  M-1 "))
    assert line.startswith(f"  M-1 {NAME_SHOWN}: influencer: PageRank")
    assert f"100% of Alvara-{PARTY_SHOWN} paths" in line


def test_json_and_csv_keep_the_exact_text(hostile):
    result = cli("influence", "-n", "h", "--format", "json", store=hostile["db"])
    assert _no_raw(result.stdout_bytes) == []  # C0 escaped by JSON, C1 and bidi by graphkit
    people = {p["id"]: p for p in json.loads(result.stdout)["stakeholders"]}
    assert people["M-1"]["name"] == NAME and people["B-1"]["party"] == PARTY
    assert ODD_ID in people
    result = cli("influence", "-n", "h", "--format", "csv", store=hostile["db"])
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert rows["M-1"]["name"] == NAME and rows["B-2"]["party"] == PARTY


@pytest.mark.parametrize("lone", [{}, {"lone": "\ud800"}], ids=["orjson", "json-fallback"])
def test_to_json_escapes_c1_and_bidi_but_decodes_to_the_same_text(lone):
    # orjson writes the document; a lone surrogate (which it refuses) goes through json
    value = {"name": NAME, "party": PARTY, "sep": "\u2028\u2029", "esc": "\x1b[2J", **lone}
    text = to_json(value)
    assert _no_raw(text) == [] and "\u2028" not in text and "\ud800" not in text
    assert "\x1b" not in text and "\\u001b" in text
    assert "\\u009b" in text and "\\u202e" in text
    assert json.loads(text) == value


def test_error_messages_escape_text_from_a_csv(hostile, tmp_path):
    # a GraphkitError printed by _fail that lists the file's headers
    log = tmp_path / "log.csv"
    log.write_text(f"date,source,target,Evil\x1b]52;c;eA==\x07{PARTY}\n", encoding="utf-8")
    result = cli("import", "-n", "e", "--interactions", log, "--map", "source=Nope",
                 store=tmp_path / "e.db")  # fmt: skip
    assert result.exit_code == 1
    assert _no_raw(result.stderr_bytes) == []
    assert result.stderr.startswith('Error: --map source=Nope: no column "Nope" in the given files')
    assert f"Evil\\x1b]52;c;eA==\\x07{PARTY_SHOWN}" in result.stderr
    assert result.stderr.count("\n") == 1
    # the list of import problems: one line each, a line break in a cell included
    bad = tmp_path / "bad.csv"
    with open(bad, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(
            [["date", "source", "target"], ["2024-01-01", "A-1", "\x1b]52;c;eA==\x07"],
             ["2024-01-02", "A-1", "two\nlines\u202e"]]
        )  # fmt: skip
    result = cli("import", "-n", "h", "--interactions", bad, store=hostile["db"])
    assert result.exit_code == 1
    assert _no_raw(result.stderr_bytes) == []
    lines = result.stderr.splitlines()
    assert lines[-1].startswith("Error: 2 problems found")
    assert len(lines) == 3
    assert '"\\x1b]52;c;eA==\\x07"' in lines[0] and '"two\\nlines\\u202e"' in lines[1]


def test_progress_lines_escape_file_names(tmp_path):
    # Ids with control characters are refused at import now (tests/ingest/test_similar_ids.py);
    # file names still reach the summary table and the progress lines.
    log = tmp_path / "log\x1b[8m\u202e.csv"
    log.write_text("id,date,source,target,sentiment\n1,2024-01-01,P-1,Q-1,0.5\n", "utf-8")
    args = ("import", "-n", "p", "--interactions", log, "--create-missing")
    assert cli(*args, store=tmp_path / "p.db").exit_code == 0
    log.write_text("id,date,source,target,sentiment\n1,2024-01-01,P-1,Q-1,-0.5\n", "utf-8")
    result = cli(*args, store=tmp_path / "p.db")
    assert result.exit_code == 0, result.stderr
    assert _no_raw(result.stderr_bytes) == [] and _no_raw(result.stdout_bytes) == []
    assert "log\\x1b[8m\\u202e.csv: fields changed in the 1 updated record: sentiment 1" in (
        result.stderr
    )
    assert "log\\x1b[8m\\u202e.csv" in result.stdout


# -- files --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def report(hostile):
    out = hostile["folder"] / "reports"
    result = cli("report", "-n", "h", "--output-dir", out, store=hostile["db"])
    assert result.exit_code == 0, result.stderr
    return out / "h"


def test_briefing_shows_bidi_and_controls_visibly_and_still_escapes_html(report):
    page = (report / "index.html").read_text(encoding="utf-8")
    assert _no_raw(page) == []
    assert "Eve&lt;b&gt;\\x1b]52;c;SGVsbG8=\\x07 \\x9b31m\\u202eevil\\x0b\\x00end" in page
    assert "<b>\\x1b" not in page
    md = (report / "briefing.md").read_text(encoding="utf-8")
    assert _no_raw(md) == []
    # Markdown-escaped: the backslash of each escape is doubled, so it renders as \u202e
    assert "Eve\\<b\\>\\\\x1b\\]52;c;SGVsbG8=\\\\x07 \\\\x9b31m\\\\u202eevil" in md
    # the picture of page one, inline and as briefing.svg: names as escaped, visible text
    svg = (report / "briefing.svg").read_text(encoding="utf-8")
    assert _no_raw(svg) == []
    assert "Eve&lt;b&gt;\\x1b]52;c;SGVsbG8=\\x07 \\x9b31m\\u202eevil" in svg
    picture = ElementTree.fromstring(svg)  # well-formed XML, whatever the names
    assert NAME_SHOWN in [t.text for t in picture.iter("{http://www.w3.org/2000/svg}text")]
    assert re.search(r"<svg .*?</svg>", page, re.S)[0] in svg


def test_graphml_and_gexf_always_load(report):
    expected = xml_safe(NAME)
    assert "\x0b" not in expected and "\x00" not in expected and "\x1b" not in expected
    for name, read in (("graph.graphml", nx.read_graphml), ("graph.gexf", nx.read_gexf)):
        G = read(report / name)
        assert G.nodes["M-1"]["name"] == expected, name
        assert G.nodes["M-1"]["notes"] == "note " + expected, name
        assert G.nodes["B-1"]["party"] == xml_safe(PARTY), name
        assert xml_safe(ODD_ID) in G, name
    data = json.loads((report / "graph.json").read_text(encoding="utf-8"))
    names = {n["id"]: n["name"] for n in data["nodes"]}
    assert names["M-1"] == NAME  # node-link JSON keeps the exact text
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO((report / "metrics.csv").read_text()))}
    assert rows["M-1"]["name"] == NAME


@pytest.mark.browser
def test_map_shows_bidi_and_controls_visibly(report):
    html = (report / "map.html").read_text(encoding="utf-8")
    assert _no_raw(html) == []  # not even inside the JSON blocks
    with Browser() as browser:
        visit = browser.open(report / "map.html")
        page = visit.page
        page.wait_for_function("() => !!(window.graphkitMap && window.graphkitMap.drawn)")
        people = page.evaluate("JSON.parse(document.getElementById('gk-nodes').textContent)")
        m1 = next(p for p in people if p["sid"] == "M-1")
        assert m1["name"] == NAME  # the data is exact
        label = page.evaluate(f"graphkitMap.nodes.get({m1['id']}).label")
        assert label == visible_text(NAME)
        assert PARTY_SHOWN in page.text_content("#gk-parties")
        options = page.locator("#gk-track option").all_text_contents()
        assert "fish\\x1b[2J\\u2066" in options
        values = page.evaluate(
            "[...document.querySelectorAll('#gk-track option')].map(o => o.value)"
        )
        assert TRACK in values  # the filter still matches the exact track
        page.click("#gk-search")
        page.keyboard.type("Eve")
        page.wait_for_function("() => document.querySelectorAll('#gk-matches button').length")
        assert page.text_content("#gk-matches button").startswith(visible_text(NAME))
        text = page.evaluate("() => document.body.innerText + document.title")
        assert _no_raw(text) == []
        assert visit.console_errors() == [] and visit.requests == [visit.url]
        visit.close()


# -- the functions --------------------------------------------------------------------------


def test_terminal_safe_escapes_every_control_and_bidi_character():
    controls = [chr(c) for c in (*range(0x20), *range(0x7F, 0xA0))]
    bidi = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
            "\u2069", "\u200e", "\u200f", "\u061c"]  # fmt: skip
    for ch in [*controls, *bidi, "\u2028", "\u2029", "\ud800"]:
        out = terminal_safe(f"a{ch}b")
        assert ch not in out and re.fullmatch(r"a\\(x[0-9a-f]{2}|u[0-9a-f]{4}|[tnr])b", out), ch
    assert terminal_safe("a\nb") == "a\\nb" and terminal_safe("a\nb", newlines=True) == "a\nb"
    assert terminal_safe("tab\there") == "tab\\there"
    plain = "Ελληνικά · العربية · 中文 · Łódź · C:\\Users · 👩‍💻 · نیم‌فاصله"
    assert terminal_safe(plain) == plain  # letters, emoji (ZWJ) and Persian ZWNJ unchanged


def test_visible_text_and_xml_safe():
    assert visible_text("a\u202eb\tc\nd\x00") == "a\\u202eb\tc\nd\\x00"
    assert xml_safe("a\x00b\x0bc\ufffe\uffff\ud800\td\ne\rf\u202e") == (
        "a\\x00b\\x0bc\\ufffe\\uffff\\ud800\td\ne\rf\u202e"
    )


@pytest.mark.parametrize(
    "cell",
    ["=1+1", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1", "\n=1", "\x00x",
     "\uff1dHYPERLINK(\"http://x\")", "\uff0b1", "\uff0d1", "\uff20SUM(A1)",
     " =1+1", "   +1", "\u00a0=1", "\u3000\uff1d1", "\u200b=1", "\u202e=1", "\ufeff@x",
     "\x1b=1"],
)  # fmt: skip
def test_formulas_are_neutralised_in_every_width_and_behind_spaces(cell):
    assert neutralise_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["a-b", "x=1", " plain", "'=already quoted", "", "Łódź", "1"])
def test_plain_text_and_numbers_stay_as_they_are(cell):
    assert neutralise_cell(cell) == cell
    assert (
        neutralise_cell(-1.5) == -1.5 and neutralise_cell(3) == 3 and neutralise_cell(None) is None
    )
