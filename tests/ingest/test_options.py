"""Options per kind and per file: a file's own options win over its kind's, and both over
the import's; maps merge key by key."""

from __future__ import annotations

from graphkit.ingest import Options


def test_a_files_options_win_over_its_kinds_and_the_imports():
    o = Options(
        encoding="utf-8",
        mapping={"source": "Person", "target": "Met with"},
        overrides={
            "interactions": {"encoding": "cp1252", "mapping": {"target": "With"}},
            "week-12.csv": {"encoding": "latin-1", "date_format": "%d/%m/%Y"},
        },
    )
    week = o.for_file("interactions", "week-12.csv")
    assert week.encoding == "latin-1" and week.date_format == "%d/%m/%Y"
    assert week.mapping == {"source": "Person", "target": "With"}
    assert week.overrides == {}
    other = o.for_file("interactions", "week-13.csv")
    assert other.encoding == "cp1252" and other.date_format is None
    people = o.for_file("stakeholders", "map.csv")
    assert people.encoding == "utf-8" and people.mapping == o.mapping


def test_without_overrides_the_options_are_the_imports():
    o = Options(encoding="cp1252")
    assert o.for_file("interactions", "a.csv") is o
