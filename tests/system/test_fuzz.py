"""Property-based fuzzing of the importer (hypothesis).

Generated CSV files (random headers, encodings, delimiters, quoting, dates, numbers,
Unicode, huge and empty fields) never raise anything but a GraphkitError; a failed
import leaves the store exactly as it was; a successful one reconciles exactly:
read = added + updated + unchanged + rejected. bench/fuzz_import.py runs the same
property for 10,000+ cases.
"""

from __future__ import annotations

import codecs
import csv
import io
import sqlite3
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphkit import GraphkitError, Options, import_files
from graphkit.ingest.fields import FIELDS, REQUIRED
from graphkit.stores.sqlite import SQLiteStore

IDS = ["S-01", "S-02", "S-03", "s-01", "Ünïcødé", "=1+1", ""]

text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30
) | st.sampled_from(
    [
        "",
        " ",
        '"',
        '""',
        "a,b",
        "a;b",
        "line\nbreak",
        "x\r\ny",
        "\t",
        "=HYPERLINK(1)",
        "<script>",
        "x" * 5000,
    ]
)
dates = st.sampled_from(
    [
        "2024-01-05",
        "2024-02-30",
        "03/04/2024",
        "20240105",
        "2024-01-05T10:00:00+02:00",
        "45123",
        "",
        "yesterday",
    ]
)
numbers = st.sampled_from(["0.5", "-1", "1", "1.5", "0,5", "nan", "inf", "−0.3", "", "abc", "1e-3"])
signs = st.sampled_from(["+1", "-1", "1", "+", "-", "positive", "0", "", "maybe"])


CLEAN = {
    "id": st.sampled_from(["S-01", "S-02", "S-03", "S-04", "Ünïcødé", "=1+1"]),
    "source": st.sampled_from(["S-01", "S-02", "S-03"]),
    "target": st.sampled_from(["S-01", "S-02", "S-03", "new-1"]),
    "name": text.filter(lambda t: t.strip() != ""),
    "date": st.dates().map(str),
    "sentiment": st.floats(-1, 1).map(lambda x: f"{x:.3f}"),
    "weight": st.floats(0.1, 5).map(lambda x: f"{x:.2f}"),
    "sign": st.sampled_from(["+1", "-1"]),
    "type": st.sampled_from(["alliance", "rivalry", "Reports to"]),
}


def _cell(field: str, clean: bool):
    if clean and field in CLEAN:
        return CLEAN[field]
    if field in ("id", "source", "target"):
        return st.sampled_from(IDS) | text
    if field == "date":
        return dates
    if field in ("sentiment", "weight"):
        return numbers
    if field == "sign":
        return signs
    if field in ("confidential", "directed"):
        return st.sampled_from(["yes", "no", "", "maybe", "1"])
    if field in ("tier", "kind"):
        return st.sampled_from(["official", "State", "civil society", "minister", ""])
    return text


@st.composite
def csv_files(draw):
    kind = draw(st.sampled_from(sorted(FIELDS)))
    fields = list(FIELDS[kind])
    clean = draw(st.booleans())  # half the files are mostly valid, so both outcomes are exercised
    chosen = draw(st.lists(st.sampled_from(fields), unique=True, max_size=len(fields)))
    if clean:
        chosen = [f for f in fields if f in REQUIRED[kind]] + [
            f for f in chosen if f not in REQUIRED[kind]
        ]
    extras = draw(st.lists(st.text(min_size=1, max_size=8, alphabet="abcXYZ _-é"), max_size=2))
    header = [draw(st.sampled_from([f, f.upper(), f" {f} ", f.title()])) for f in chosen] + extras
    rows = draw(
        st.lists(
            st.tuples(*[_cell(f, clean) for f in chosen], *[text for _ in extras]), max_size=12
        )
    )
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    out = io.StringIO()
    if draw(st.booleans()):
        quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
        writer = csv.writer(
            out,
            delimiter=delimiter,
            quoting=quoting,
            lineterminator=draw(st.sampled_from(["\n", "\r\n", "\r"])),
        )
        writer.writerow(header)
        writer.writerows(rows)
    else:  # hand-made, possibly broken quoting
        out.write(delimiter.join(header) + "\n")
        for row in rows:
            out.write(delimiter.join(row) + "\n")
    body = out.getvalue()
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1-declared"]))
    if encoding == "utf-16":
        data = codecs.BOM_UTF16_LE + body.encode("utf-16-le")
    elif encoding == "cp1252":
        data = body.encode("cp1252", errors="replace")
    elif encoding == "latin-1-declared":
        data = body.encode("latin-1", errors="replace")
    else:
        data = body.encode(encoding)
    declared = (
        "latin-1"
        if encoding == "latin-1-declared"
        else draw(st.sampled_from([None, None, "cp1252"]))
    )
    return kind, data, declared, draw(st.booleans())


def snapshot(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


BASE = "id,name\nS-01,Ana\nS-02,Bo\nS-03,Chen\n"


def check(case) -> str:
    """Run one generated file through the importer; return 'ok' or 'rejected'."""
    kind, data, encoding, create_missing = case
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        db = root / "s.db"
        base = root / "base.csv"
        base.write_text(BASE, encoding="utf-8")
        store = SQLiteStore(db)
        try:
            import_files(store, "fuzz", stakeholders=base)
            before = snapshot(db)
            path = root / "input.csv"
            path.write_bytes(data)
            try:
                result = import_files(
                    store,
                    "fuzz",
                    **{kind: path},
                    options=Options(encoding=encoding, create_missing=create_missing),
                )
            except GraphkitError:
                assert snapshot(db) == before, "a rejected import changed the store"
                return "rejected"
            counts = result.counts[kind]
            assert counts.read == counts.added + counts.updated + counts.unchanged + counts.rejected
            again = import_files(
                store,
                "fuzz",
                **{kind: path},
                options=Options(encoding=encoding, create_missing=create_missing),
            )
            assert again.counts[kind].added == 0 and again.counts[kind].updated == 0, (
                "re-import changed something"
            )
            return "ok"
        finally:
            store.close()


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(csv_files())
def test_importer_never_crashes_and_counts_reconcile(case):
    check(case)
