"""``graphkit influence`` and ``graphkit brokers``: stakeholders ranked, with why.

>>> INFLUENCE_COLUMNS[:4]
['rank', 'id', 'name', 'party']
"""

from __future__ import annotations

from typing import Any, cast

import pandas as pd

from graphkit.analysis import brokers as _brokers
from graphkit.analysis import metrics
from graphkit.analysis.negotiation import Analysis
from graphkit.render.views import View
from graphkit.scope import DEFAULT_SORT
from graphkit.words import count

#: The table of ``influence``: a few metrics; the CSV and JSON carry all of them.
INFLUENCE_COLUMNS = [
    "rank", "id", "name", "party", "influence", "betweenness", "trust", "friction", "roles",
]  # fmt: skip
INFLUENCE_CSV_COLUMNS = [
    "rank", "id", "name", "party", "organization", "role", "power", "interest",
    *metrics.names("csv"), "roles", "why",
]  # fmt: skip
#: The declared ratings (1-5) among those columns: empty when not declared.
DECLARED = ("power", "interest")


def influence_rows(
    analysis: Analysis, top: int | None = None, by: str = DEFAULT_SORT
) -> list[dict[str, Any]]:
    """One row per stakeholder, ranked by ``by`` (:meth:`Analysis.ranked`; ``rank`` is None
    without a value), with every CSV column and the team's own fields (``field:<header>``:
    :func:`field_columns`)."""
    fields = analysis.team_fields()
    rows = []
    ranked = analysis.ranked(top, by)
    kept = [c for c in INFLUENCE_CSV_COLUMNS if c in ranked.columns]
    for sid, r in zip(ranked.index, ranked.to_dict("records"), strict=True):
        row = {"id": sid, **{c: r[c] for c in kept}}
        row["rank"] = None if pd.isna(r["rank"]) else int(r["rank"])
        row["roles"] = list(r["roles"])
        row.update((c, int(r[c]) or None) for c in DECLARED if c in r)
        row.update((f.name, f.values.get(sid)) for f in fields)
        rows.append(row)
    return rows


def field_columns(analysis: Analysis) -> list[str]:
    """The CSV columns of the team's own fields, after the metrics: ``field:<header>`` each
    (:mod:`graphkit.analysis.team_fields`); none when the stakeholder map has none."""
    return [f.name for f in analysis.team_fields()]


def influence(analysis: Analysis, top: int | None = None, by: str = DEFAULT_SORT) -> View:
    """The ranking by ``by`` (influence unless told): a headline, the table and the reasons
    (table); every metric and the team's own fields (CSV, JSON)."""
    rows = influence_rows(analysis, top, by)
    s = analysis.summary
    ratio = "n/a" if s["balance_ratio"] is None else f"{s['balance_ratio']:.3f}"
    m = metrics.get(by)
    first = "lowest" if m.order == "low" else "highest"
    headline = (
        f"{analysis.negotiation} as of {analysis.model.as_of}: "
        f"{count(s['stakeholders'], 'stakeholder')}, {count(s['ties'], 'tie')}, "
        f"{count(s['contacts'], 'contact')}; balance ratio {ratio} "
        f"({s['unbalanced_triangles']} of {count(s['triangles'], 'triangle')} unbalanced)"
    )
    order = f"Ranked by {m.label}, {first} first (tied values share a rank; --sort for another)"
    flagged = [r for r in rows if r["why"]]
    why = ["", "Why:", *(f"  {r['id']} {r['name']}: {r['why']}" for r in flagged)]
    columns = (
        INFLUENCE_COLUMNS
        if by in INFLUENCE_COLUMNS
        else [*INFLUENCE_COLUMNS[:4], by, *INFLUENCE_COLUMNS[4:]]
    )
    return View(
        rows,
        columns,
        document=analysis.to_dict(top, by),
        csv_columns=[*INFLUENCE_CSV_COLUMNS, *field_columns(analysis)],
        before=[headline, order, ""],
        after=why if flagged else [],
    )


BROKER_COLUMNS = [
    "parties", "id", "name", "party", "share", "betweenness", "coordinator", "itinerant",
    "representative", "gatekeeper", "liaison", "total", "cut_vertex", "broker",
]  # fmt: skip


def broker_rows(
    analysis: Analysis, *, per_pair: int = 5, min_share: float = 0.01
) -> list[dict[str, Any]]:
    """Per pair of parties, the stakeholders most shortest paths between them pass through."""
    df = analysis.stakeholders
    rows = []
    for (a, b), shares in sorted(analysis.party_pairs.items()):
        best = sorted(((s, v) for s, v in shares.items() if v >= min_share), key=lambda x: -x[1])[
            :per_pair
        ]
        for sid, share in best:
            r = cast(pd.Series, df.loc[sid])  # one row: stakeholder ids are unique
            rows.append(
                {
                    "parties": f"{a} - {b}",
                    "id": sid,
                    "name": r["name"],
                    "party": r["party"],
                    "share": share,
                    "betweenness": r["betweenness"],
                    **{k: int(r[k]) for k in (*_brokers.ROLES, "total")},
                    "cut_vertex": bool(r["cut_vertex"]),
                    "broker": "broker" in r["roles"],
                }
            )
    return rows


def brokers(analysis: Analysis, *, per_pair: int = 5) -> View:
    """Per pair of parties, who carries the traffic between them."""
    rows = broker_rows(analysis, per_pair=per_pair)
    reasons = {sid: r.get("broker") for sid, r in analysis.reasons.items() if "broker" in r}
    return View(
        rows,
        BROKER_COLUMNS,
        document={
            "negotiation": analysis.negotiation,
            "as_of": analysis.model.as_of,
            "brokers": rows,
            "why": reasons,
        },
        empty_note="No paths between parties: the negotiation has fewer than two parties with ties.",
    )


def metric_list() -> View:
    """Every metric: its name (the column and JSON key), label, the graph it runs on, its
    definition with the reference, and where it goes."""
    rows = [
        {
            "name": m.name,
            "label": m.label,
            "graph": m.graph,
            "definition": m.definition,
            "outputs": sorted(m.outputs),
        }
        for m in metrics.METRICS
    ]
    return View(rows, ["name", "graph", "definition"], document=rows, csv_columns=list(rows[0]))
