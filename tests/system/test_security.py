"""Security, in one place: Cypher injection, HTML and script injection in maps and
briefings, spreadsheet formula injection in CSV exports, path traversal through
negotiation names, and credentials that never appear anywhere.

See SECURITY.md for what graphkit protects and what it assumes.
"""

from __future__ import annotations

import ast
import csv
import io
import re

import pandas as pd
import pytest

from graphkit import import_files
from tests.browser import MAP_DRAWN, Browser
from tests.conftest import DATA, ROOT, SAMPLE, cli
from tests.processes import run_graphkit

BASE = DATA / "base_stakeholders.csv"
MARKER = "Marker-Secret-7f3a9c"
INJECTION = DATA / "injection"
HOSTILE = [
    "Quote \"double\" and 'single'",
    "Back`tick`s and `}) DETACH DELETE n //",
    "'}) MATCH (n) DETACH DELETE n //",
    "Line one\nline two\r\nline three",
    "Ελληνικά · العربية · 中文 · русский · ✓",
    "<script>alert(1)</script> & \\ backslash",
]


# -- Cypher -------------------------------------------------------------------------


def test_cypher_is_never_built_from_strings():
    """Every query sent to Neo4j is the text of a file in cypher/ (values as $parameters);
    no f-string, concatenation or % formatting builds Cypher in graphkit."""
    source = (ROOT / "graphkit" / "stores" / "neo4j.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
             and n.func.attr in ("run", "execute_query")]  # fmt: skip
    assert calls
    for call in calls:
        first = call.args[0]
        ok = (isinstance(first, ast.Call) and getattr(first.func, "id", "") == "query") or (
            isinstance(first, ast.Name) and first.id in ("statement", "text")
        )
        assert ok, f"line {call.lineno}: Cypher not taken from cypher/: {ast.unparse(first)}"
    for path in (ROOT / "cypher").glob("*.cypher"):
        text = path.read_text(encoding="utf-8")
        assert text.startswith("// "), f"{path.name} lacks its header comment"
        assert not re.search(r"\{\{|%s|\+\s*'", text), path.name


def test_hostile_text_round_trips_exactly_and_changes_nothing_else(store, tmp_path):
    import_files(store, "talks", stakeholders=BASE)
    before = store.load("talks")
    path = tmp_path / "hostile.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "name", "party", "organization", "role", "notes", HOSTILE[1]])
        for n, text in enumerate(HOSTILE):
            writer.writerow([f"H-{n}`'\"", text, text, text, text, text, text])
    log = tmp_path / "log.csv"
    with open(log, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["date", "source", "target", "channel", "track", "notes"])
        for n, text in enumerate(HOSTILE):
            writer.writerow(["2024-01-02", f"H-{n}`'\"", "S-01", text, text, text])
    result = import_files(store, "talks", stakeholders=path, interactions=log)
    assert result.counts["stakeholders"].added == len(HOSTILE)
    data = store.load("talks")
    got = data.stakeholders.set_index("id")
    for n, text in enumerate(HOSTILE):
        row = got.loc[f"H-{n}`'\""]
        assert (row["name"], row["party"], row["organization"], row["role"], row["notes"]) == (
            text,
        ) * 5
        assert row["attributes"] == {HOSTILE[1]: text}
    notes = sorted(data.interactions.notes)
    assert notes == sorted(HOSTILE)
    assert set(data.interactions.track) == set(HOSTILE)
    # Nothing else changed: the original five stakeholders are exactly as they were.
    pd.testing.assert_frame_equal(
        data.stakeholders[data.stakeholders.id.isin(before.stakeholders.id)].reset_index(drop=True),
        before.stakeholders,
    )
    assert [r["name"] for r in store.negotiations()] == ["talks"]
    again = import_files(store, "talks", stakeholders=path, interactions=log)
    assert (again.counts["stakeholders"].unchanged, again.counts["interactions"].unchanged) == (
        6,
        6,
    )


def test_csv_exports_neutralise_formulas(tmp_path):
    people = tmp_path / "p.csv"
    people.write_text(
        'id,name,party\n=1+1,"=HYPERLINK(""http://x"",""y"")",+party\n@2,-minus,\tTab\n',
        encoding="utf-8",
    )
    log = tmp_path / "l.csv"
    log.write_text(
        "date,source,target,sentiment\n2024-01-01,=1+1,@2,0.5\n2024-01-02,@2,=1+1,0.5\n",
        encoding="utf-8",
    )
    store = tmp_path / "s.db"
    assert (
        cli(
            "import", "-n", "f", "--stakeholders", people, "--interactions", log, store=store
        ).exit_code
        == 0
    )
    out = cli("influence", "-n", "f", "--format", "csv", store=store).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    cells = [c for r in rows for c in r.values()]
    assert all(not c.startswith(("=", "+", "@", "\t", "\r")) for c in cells if c)
    names = {r["name"] for r in rows}
    assert names == {'\'=HYPERLINK("http://x","y")', "'-minus"}
    assert {r["id"] for r in rows} == {"'=1+1", "'@2"}
    numbers = [float(r["influence"]) for r in rows]  # numbers stay numbers (negative ones too)
    assert sum(numbers) == pytest.approx(1.0)


@pytest.mark.slow
def test_negotiation_names_cannot_escape_reports(tmp_path):
    from graphkit.report import report_dir

    seed = run_graphkit(
        "import", "-n", "seed", "--stakeholders", BASE, "--store", tmp_path / "s.db"
    )
    assert seed.returncode == 0, seed.stderr
    for bad in ("../evil", "a/b", "..", "/etc", "x\\..\\y", ".hidden", "a\x00b"):
        with pytest.raises(Exception, match="not a valid negotiation name"):
            report_dir(tmp_path, bad)
        if "\x00" in bad:
            continue  # no command line can carry a NUL byte
        result = run_graphkit(
            "report", "-n", bad, "--output-dir", tmp_path / "reports", "--store", tmp_path / "s.db"
        )
        assert result.returncode == 1 and "is not a valid negotiation name" in result.stderr, bad
    assert not any(tmp_path.rglob("evil*"))
    assert (
        report_dir(tmp_path / "reports", "blue-harbor")
        == (tmp_path / "reports" / "blue-harbor").resolve()
    )


@pytest.mark.slow
@pytest.mark.neo4j
@pytest.mark.parametrize("debug", [False, True])
def test_wrong_password_marker_never_appears(neo4j_access, tmp_path, debug):
    # Its own user: Neo4j rate-limits a user after failed logins, and the other tests log in as neo4j.
    env = {"NEO4J_PASSWORD": MARKER, "NEO4J_URI": neo4j_access.uri, "NEO4J_USERNAME": "intruder"}
    pre = ["--debug"] if debug else []
    commands = [
        ["negotiations"],
        ["import", "-n", "x", "--stakeholders", DATA / "base_stakeholders.csv"],
        ["influence", "-n", "x"],
        ["report", "-n", "x", "--output-dir", tmp_path / "r"],
        ["path", "-n", "x", "--from", "S-01", "--to", "S-02"],
    ]
    for args in commands:
        result = run_graphkit(*pre, *args, "--store", neo4j_access.uri, env=env)
        assert result.returncode == 1
        assert MARKER not in result.stdout + result.stderr, args
        assert "refused the credentials" in result.stderr or "refused access" in result.stderr
    url = neo4j_access.uri.replace("bolt://", f"bolt://intruder2:{MARKER}@")
    result = run_graphkit(
        *pre, "negotiations", "--store", url, without=("NEO4J_PASSWORD", "NEO4J_USERNAME"),
        timeout=120,
    )  # fmt: skip
    assert result.returncode == 1 and MARKER not in result.stdout + result.stderr


@pytest.mark.slow
@pytest.mark.neo4j
@pytest.mark.parametrize("debug", [False, True])
def test_right_password_never_appears_in_outputs(neo4j_uri, neo4j_access, tmp_path, debug):
    secret = neo4j_access.password
    pre = ["--debug"] if debug else []
    outputs = []
    for args in (
        [
            "import",
            "-n",
            "blue-harbor",
            "--stakeholders",
            SAMPLE / "stakeholders.csv",
            "--interactions",
            SAMPLE / "interactions.csv",
        ],
        ["negotiations"],
        ["influence", "-n", "blue-harbor", "--write-back", "--format", "json"],
        ["report", "-n", "blue-harbor", "--output-dir", tmp_path / "r"],
        ["influence", "-n", "nope"],  # an error path too
    ):
        result = run_graphkit(*pre, *args, "--store", neo4j_uri)
        outputs.append(result.stdout + result.stderr)
    assert all(secret not in text for text in outputs)
    for path in (tmp_path / "r").rglob("*"):
        if path.is_file():
            assert secret not in path.read_text(encoding="utf-8", errors="replace"), path


# -- HTML and script ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def injection_outputs(tmp_path_factory):
    """The injection corpus imported, then its map and its briefing written, with the CLI."""
    folder = tmp_path_factory.mktemp("injection")
    db = folder / "s.db"
    args = [f"--{k}" for k in ("stakeholders", "interactions", "relationships")]
    files = [x for k in args for x in (k, INJECTION / f"{k[2:]}.csv")]
    assert cli("import", "-n", "injection", *files, store=db).exit_code == 0
    assert (
        cli("report", "-n", "injection", "--output-dir", folder / "reports", store=db).exit_code
        == 0
    )
    return folder / "reports" / "injection"


def _payloads():
    out = set()
    for name in ("stakeholders.csv", "interactions.csv", "relationships.csv"):
        with open(INJECTION / name, newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                out |= {v for v in row.values() if v and ("<" in v or "javascript:" in v)}
    return out


@pytest.mark.browser
@pytest.mark.parametrize("page", ["index.html", "map.html"])
def test_injection_corpus_never_runs_and_shows_as_text(injection_outputs, page):
    path = injection_outputs / page
    with Browser() as browser:
        visit = browser.open(path)  # returns after the load event
        if page == "map.html":  # the map's scripts have all run once it has drawn
            visit.page.wait_for_function(MAP_DRAWN, timeout=20_000)
        visit.next_frame()
        assert visit.requests == [visit.url], "the page tried to load something"
        assert visit.dialogs == []
        assert visit.page.evaluate("() => window.__pwned") is None
        assert not visit.console_errors()
        handlers = visit.page.evaluate(
            "() => [...document.querySelectorAll('*')].flatMap(e => [...e.attributes].filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name))"
        )
        assert handlers == [], "an event-handler attribute made it into the page"
        if page == "index.html":
            text = visit.page.evaluate("() => document.body.innerText")
            names = {
                "<script>window.__pwned=1</script>",
                'O\'Brien "the Fixer" <script>window.__pwned=1</script>',
            }
            shown = [p for p in _payloads() if p in text]
            assert names & set(shown) or shown, "payloads should appear as literal text"
            assert (
                visit.page.evaluate(
                    "() => document.querySelectorAll('script, img, iframe, a[href^=javascript]').length"
                )
                == 0
            )
            # One inline picture of the map, and nothing in it that runs, links or loads.
            svg = "svg.picture"
            assert visit.page.evaluate("() => document.querySelectorAll('svg').length") == 1
            assert visit.page.evaluate(f"() => document.querySelectorAll('{svg}').length") == 1
            active = "script, a, foreignObject, image, use, iframe, style, animate, set"
            assert (
                visit.page.evaluate(
                    f"() => [...document.querySelector('{svg}').querySelectorAll('*')]"
                    f".filter(e => e.matches('{active}') || e.hasAttribute('href')).length"
                )
                == 0
            )


def test_briefing_is_static_and_locked_down(injection_outputs):
    html = (injection_outputs / "index.html").read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    assert "default-src 'none'" in html
    md = (injection_outputs / "briefing.md").read_text(encoding="utf-8")
    assert ("<script>" not in md and "\\<script\\>" in md) or "script" not in md
