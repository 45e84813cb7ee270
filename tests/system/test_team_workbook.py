"""Issue 12's acceptance: a prep team's real workbook goes in with one profile.

The workbook has title rows above the headers, the team's own column names, tone in
words, day-first dates, a "Confidential?" column and the team's own fields; a cp1252 CSV
of declared ties lies beside it. One profile imports all of it with exact counts;
``--public`` then leaves out exactly the confidential contacts, searched for in every
output file; a week later the corrected workbook (one contact corrected, one deleted,
five added) imports with the same profile and ``--sync``, with exact counts.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import cli

PEOPLE = [
    # Person, Party, Ministry, Influence (1-5), Interest (1-5), Stance
    ("Ana Lobo", "Alvara", "Fisheries", 5, 4, "supports"),
    ("Rui Costa", "Alvara", "Finance", 3, 2, "opposes"),
    ("Inês Sá", "Alvara", "Coast Guard", 2, 5, "undecided"),
    ("Tomás García", "Dalvenia", "Fisheries", 4, 4, "supports"),
    ("Željko Kos", "Dalvenia", "Defence", 5, 1, "opposes"),
    ("Mara Horvat", "Dalvenia", "Energy", 2, 3, "supports"),
    ("Ingrid Dahl", "Council", "Mediation", 4, 5, "neutral"),
    ("Pieter Berg", "Council", "Mediation", 3, 4, "neutral"),
]
TONES = {"Positive": 0.6, "Cordial": 0.3, "Neutral": 0.0, "Tense": -0.4, "Hostile": -0.8}
#: Dates used only by confidential contacts: none of them may show in a public output.
SECRET_DAYS = ("17/03/2024", "19/03/2024", "21/03/2024")


def contacts() -> list[tuple]:
    """(Person, Met with, Date of meeting, Tone, Confidential?, Note)."""
    rows = []
    pairs = [("Ana Lobo", "Ingrid Dahl"), ("Tomás García", "Ingrid Dahl"),
             ("Ana Lobo", "Tomás García"), ("Rui Costa", "Željko Kos"),
             ("Inês Sá", "Mara Horvat"), ("Pieter Berg", "Rui Costa"),
             ("Mara Horvat", "Ingrid Dahl"), ("Željko Kos", "Pieter Berg")]  # fmt: skip
    tones = list(TONES)
    for i, (a, b) in enumerate(pairs * 3):
        day = 13 + i % 15  # 13..27: some day above 12 decides day-first
        rows.append((a, b, f"{day:02d}/05/2024", tones[i % 5], "No", f"meeting {i}"))
    # three confidential contacts, each the only contact of its pair
    for (a, b), day in zip(
        [("Ana Lobo", "Željko Kos"), ("Inês Sá", "Pieter Berg"), ("Rui Costa", "Mara Horvat")],
        SECRET_DAYS,
        strict=True,
    ):
        rows.append((a, b, day, "Cordial", "Yes", "back channel"))
    return rows


def workbook(path: Path, rows: list[tuple]) -> Path:
    wb = openpyxl.Workbook()
    people = wb.active
    people.title = "Stakeholders"
    people.append(["Blue-Harbor prep team - stakeholder map"])
    people.append(["Updated weekly; do not circulate"])
    people.append([])
    people.append(["Person", "Party", "Ministry", "Influence (1-5)", "Interest (1-5)", "Stance"])
    for p in PEOPLE:
        people.append(list(p))
    log = wb.create_sheet("Contacts")
    log.append(["Contact log"])
    log.append([])
    log.append(["Person", "Met with", "Date of meeting", "Tone", "Confidential?", "Note"])
    for r in rows:
        log.append(list(r))
    wb.save(path)
    return path


PROFILE = """
negotiation = "harbor-team"

[[stakeholders]]
path = "team.xlsx"
sheet = "Stakeholders"
[stakeholders.map]
name = "Person"
party = "Party"
organization = "Ministry"

[[interactions]]
path = "team.xlsx"
sheet = "Contacts"
[interactions.map]
source = "Person"
target = "Met with"
date = "Date of meeting"
sentiment = "Tone"
confidential = "Confidential?"
notes = "Note"
[interactions.values.sentiment]
Positive = 0.6
Cordial = 0.3
Neutral = 0
Tense = -0.4
Hostile = -0.8

[[relationships]]
path = "ties.csv"
encoding = "cp1252"
[relationships.map]
source = "From"
target = "To"
type = "Relation"
"""


@pytest.fixture
def team(tmp_path):
    workbook(tmp_path / "team.xlsx", contacts())
    (tmp_path / "ties.csv").write_bytes(
        "From,To,Relation,Sign\nTomás García,Ana Lobo,alliance,1\nŽeljko Kos,Rui Costa,rivalry,-1\n"
        .encode("cp1252")
    )  # fmt: skip
    (tmp_path / "prep.toml").write_text(PROFILE, encoding="utf-8")
    return tmp_path


def imported(result) -> list[dict]:
    """The rows of the import's JSON, one per kind: stakeholders, interactions, ties."""
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["files"]


def counts(rows: list[dict], *fields: str) -> list[tuple]:
    return [tuple(r[f] for f in fields) for r in rows]


def test_the_workbook_goes_in_with_one_profile(team):
    store = team / "s.db"
    rows = imported(cli("import", "--profile", team / "prep.toml", "--format", "json", store=store))
    assert counts(rows, "read", "added", "rejected") == [(8, 8, 0), (27, 27, 0), (2, 2, 0)]
    again = imported(cli("import", "--profile", team / "prep.toml", "--format", "json",
                         store=store))  # fmt: skip
    assert counts(again, "added", "updated", "unchanged") == [(0, 0, 8), (0, 0, 27), (0, 0, 2)]
    doc = json.loads(cli("influence", "-n", "harbor-team", "--format", "json", store=store).stdout)
    assert doc["summary"]["contacts"] == 27
    names = {r["name"] for r in doc["stakeholders"]}
    assert names == {p[0] for p in PEOPLE}  # the cp1252 ties named them right: no "TomÃ¡s"
    fields = {r["name"]: r.get("fields", {}) for r in doc["stakeholders"]}
    assert fields["Ana Lobo"]["Influence (1-5)"] == 5 and fields["Ana Lobo"]["Stance"] == "supports"


def test_public_leaves_out_exactly_the_confidential_contacts(team, tmp_path):
    store = team / "s.db"
    imported(cli("import", "--profile", team / "prep.toml", "--format", "json", store=store))
    secret = [f"2024-03-{d[:2]}" for d in SECRET_DAYS]
    full = cli("report", "-n", "harbor-team", "--output-dir", tmp_path / "full", store=store)
    public = cli("report", "-n", "harbor-team", "--public", "--output-dir", tmp_path / "pub",
                 store=store)  # fmt: skip
    assert full.exit_code == 0 and public.exit_code == 0, public.stderr
    full_text = "".join(p.read_text("utf-8") for p in (tmp_path / "full").rglob("*") if p.is_file())
    assert all(day in full_text for day in secret)  # the search would find them
    for path in (tmp_path / "pub" / "harbor-team").iterdir():
        text = path.read_text("utf-8")
        for needle in (*secret, *SECRET_DAYS, "back channel"):
            assert needle not in text, f"{needle} in {path.name}"
    doc = json.loads(cli("influence", "-n", "harbor-team", "--format", "json", store=store).stdout)
    graph = json.loads((tmp_path / "pub" / "harbor-team" / "graph.json").read_text("utf-8"))
    contacts_shown = sum(link["contacts"] for link in graph["edges"])
    assert doc["summary"]["contacts"] - contacts_shown == 3  # exactly the three left out


def test_a_week_later_the_corrected_workbook_syncs_with_the_same_profile(team):
    store = team / "s.db"
    imported(cli("import", "--profile", team / "prep.toml", "--format", "json", store=store))
    rows = contacts()
    person, met, day, _, conf, note = rows[0]
    rows[0] = (person, met, day, "Hostile", conf, note)  # corrected tone
    del rows[5]  # deleted
    rows += [("Ana Lobo", "Mara Horvat", f"{d:02d}/06/2024", "Positive", "No", "new")
             for d in range(3, 8)]  # five added  # fmt: skip
    workbook(team / "team.xlsx", rows)
    week = imported(cli("import", "--profile", team / "prep.toml", "--sync", "--format", "json",
                        store=store))  # fmt: skip
    assert counts(week, "added", "updated", "removed", "unchanged") == [
        (0, 0, 0, 8), (5, 1, 1, 25), (0, 0, 0, 2)
    ]  # fmt: skip
