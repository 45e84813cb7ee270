"""``graphkit friction``: stakeholders under pressure in the JSON and the CSV, as the contact
log says (issue 13: hostile attention used in friction)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.conftest import cli

#: Tess (T-1) gets two hostile contacts from Ari today and one from Bo one half-life ago;
#: Cy's warm contact and Di's neutral one (-0.05) are no pressure; Ed's comes after the
#: as-of date of the last test. Ari gets one hostile contact, from Tess alone.
LOG = [
    ("2024-12-31", "A-1", "T-1", -0.5),
    ("2024-12-31", "A-1", "T-1", -0.6),
    ("2024-07-04", "B-1", "T-1", -0.4),
    ("2024-12-31", "C-1", "T-1", 0.5),
    ("2024-12-31", "D-1", "T-1", -0.05),
    ("2024-12-31", "T-1", "A-1", -0.7),
    ("2025-01-05", "E-1", "T-1", -0.8),
]
EVIDENCE = (
    "T-1 (Tess): 3 hostile contacts from 2 stakeholders, most from A-1 (2, last 2024-12-31), "
    "B-1 (1, last 2024-07-04); pressure 2.50"
)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pressure")
    people = folder / "stakeholders.csv"
    with open(people, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "name", "party"])
        w.writerows([["A-1", "Ari", "Alvara"], ["B-1", "Bo", "Brenn"], ["C-1", "Cy", "Alvara"],
                     ["D-1", "Di", "Brenn"], ["E-1", "Ed", "Alvara"], ["T-1", "Tess", "Brenn"]])  # fmt: skip
    log = folder / "interactions.csv"
    with open(log, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["date", "source", "target", "sentiment"])
        w.writerows(LOG)
    db = folder / "store.db"
    result = cli("import", "-n", "p", "--stakeholders", people, "--interactions", log, store=db)
    assert result.exit_code == 0, result.stderr
    return db


def _json(store, *args):
    result = cli("friction", "-n", "p", "--as-of", "2024-12-31", *args, "--format", "json",
                 store=store)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_friction_json_lists_the_stakeholders_under_pressure(store):
    data = _json(store)
    assert data["summary"]["under_pressure"] == 1
    assert data["pressure"] == [
        {
            "stakeholder": "T-1",
            "name": "Tess",
            "hostile_contacts": 3,
            "initiators": 2,
            "pressure": pytest.approx(2.5),
            "last_contact": "2024-12-31",
            "by_initiator": [
                {"initiator": "A-1", "contacts": 2, "last_contact": "2024-12-31"},
                {"initiator": "B-1", "contacts": 1, "last_contact": "2024-07-04"},
            ],
            "evidence": EVIDENCE,
        }
    ]


def test_friction_csv_has_a_pressure_row(store):
    result = cli("friction", "-n", "p", "--as-of", "2024-12-31", "--format", "csv", store=store)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["kind", "stakeholders", "evidence"]
    pressed = [r for r in rows if r["kind"] == "pressure"]
    assert pressed == [{"kind": "pressure", "stakeholders": "T-1", "evidence": EVIDENCE}]
    table = cli("friction", "-n", "p", "--as-of", "2024-12-31", store=store).stdout
    assert "pressure" in table and "3 hostile contacts from 2 stakeholders" in table


def test_friction_pressure_follows_the_as_of_date(store):
    # the day before Ari's contacts only Bo's is known: one initiator, nobody under pressure
    assert _json(store, "--as-of", "2024-12-30")["pressure"] == []
    later = cli("friction", "-n", "p", "--as-of", "2025-01-05", "--format", "json", store=store)
    (tess,) = json.loads(later.stdout)["pressure"]
    assert (tess["hostile_contacts"], tess["initiators"]) == (4, 3)  # Ed's contact counts now


def test_the_friction_point_reason_agrees_with_the_friction_item(store):
    result = cli("influence", "-n", "p", "--as-of", "2024-12-31", "--format", "json", store=store)
    people = {s["id"]: s for s in json.loads(result.stdout)["stakeholders"]}
    assert "friction point" in people["T-1"]["roles"]  # negative ties with Ari and Bo
    assert people["T-1"]["reasons"]["friction point"].endswith(
        "; under pressure: 3 hostile contacts from 2 stakeholders, most from A-1 (2, last "
        "2024-12-31) (pressure 2.50)"
    )
    assert people["T-1"]["pressure"] == pytest.approx(2.5)
