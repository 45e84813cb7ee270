"""Words that fit the data (issue 14, point 3): counts in the singular or plural as the
number says, no party counts in a negotiation without parties, and one reason in the same
words in the table, the JSON ``why``, the briefing and the map."""

from __future__ import annotations

import html
import json
import re

import pytest

from graphkit.words import count, plural
from tests.conftest import SAMPLE_FILES, cli


@pytest.mark.parametrize(
    ("n", "noun", "text"),
    [(1, "contact", "1 contact"), (2, "contact", "2 contacts"), (0, "party", "0 parties"),
     (1, "party", "1 party"), (5, "negative tie", "5 negative ties"), (2, "day", "2 days")],
)  # fmt: skip
def test_count_fits_the_number(n, noun, text):
    assert count(n, noun) == text


def test_plural_of_the_last_word():
    assert plural("unbalanced triangle") == "unbalanced triangles"
    assert plural("hostile contact") == "hostile contacts"


def test_a_negotiation_without_parties_gets_no_party_counts(tmp_path, store_path):
    # GDELT-like: countries, no parties; every reason must read without "parties"
    (tmp_path / "log.csv").write_text(
        "date,source,target,sentiment\n"
        + "".join(f"2024-01-{d:02d},{s},HUB,0.5\n" for d, s in enumerate("ABCDEFGH", start=1))
        + "2024-01-20,HUB,A,0.4\n2024-01-21,A,B,-0.6\n2024-01-22,B,A,-0.6\n",
        encoding="utf-8",
    )
    assert cli("import", "-n", "g", "--interactions", tmp_path / "log.csv", "--create-missing",
               store=store_path).exit_code == 0  # fmt: skip
    doc = json.loads(cli("influence", "-n", "g", "--format", "json", store=store_path).stdout)
    why = " ".join(r["why"] for r in doc["stakeholders"])
    assert "sought out by 8 stakeholders in 8 positive or neutral contacts" in why
    assert "parties" not in why and "party" not in why


def test_counts_of_one_are_singular_in_the_reasons(tmp_path, store_path):
    (tmp_path / "p.csv").write_text("id,name,party\na,A,X\nb,B,Y\nc,C,X\n", encoding="utf-8")
    (tmp_path / "l.csv").write_text(
        "date,source,target,sentiment\n2024-01-01,b,a,0.5\n2024-01-02,c,b,0.5\n", encoding="utf-8"
    )
    assert cli("import", "-n", "t", "--stakeholders", tmp_path / "p.csv", "--interactions",
               tmp_path / "l.csv", store=store_path).exit_code == 0  # fmt: skip
    doc = json.loads(cli("influence", "-n", "t", "--format", "json", store=store_path).stdout)
    a = next(r for r in doc["stakeholders"] if r["id"] == "a")
    assert "sought out by 1 stakeholder from 1 party in 1 positive or neutral contact" in a["why"]
    assert not re.search(r"\b1 (stakeholders|parties|contacts)\b", json.dumps(doc))


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    root = tmp_path_factory.mktemp("words")
    store = root / "s.db"
    assert cli("import", "-n", "bh", *SAMPLE_FILES, store=store).exit_code == 0
    table = cli("influence", "-n", "bh", store=store)
    doc = json.loads(cli("influence", "-n", "bh", "--format", "json", store=store).stdout)
    out = root / "out"
    written = cli("report", "-n", "bh", "--output-dir", out, store=store)
    assert written.exit_code == 0, written.output
    return table.stdout, doc, out / "bh"


def test_the_same_reason_in_the_table_the_json_the_briefing_and_the_map(report):
    table, doc, out = report
    page = (out / "map.html").read_text("utf-8")
    nodes = json.loads(
        re.search(r'<script type="application/json" id="gk-nodes">(.*?)</script>', page, re.S)[1]
    )
    on_map = json.dumps(nodes, ensure_ascii=False)
    briefing = html.unescape((out / "index.html").read_text("utf-8"))
    checked = 0
    for r in doc["stakeholders"]:
        for role, text in r["reasons"].items():
            assert f"{role}: {text}" in r["why"]
            assert f"{r['id']} {r['name']}: " in table and text in table, (r["id"], role)
            assert json.dumps(text, ensure_ascii=False)[1:-1] in on_map, (r["id"], role)
            if role in ("influencer", "friction point"):  # the briefing's own sections
                assert text in briefing, (r["id"], role)
            checked += 1
    assert checked >= 15
