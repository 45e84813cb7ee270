"""``graphkit friction``: where it may break, each item with the evidence behind it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from graphkit.analysis.friction import pressure_evidence
from graphkit.analysis.negotiation import Analysis
from graphkit.graph import TieModel
from graphkit.render.views import View
from graphkit.words import count

FRICTION_COLUMNS = ["kind", "stakeholders", "evidence"]


def friction_items(analysis: Analysis) -> dict[str, list[dict[str, Any]]]:
    """Negative and cooling ties, one-sided ties, unbalanced triangles and stakeholders under
    pressure, with the dates, tracks and sentiment of the contacts behind each."""
    model = analysis.model
    names = analysis.stakeholders["name"].to_dict()
    ties = analysis.ties
    neg = ties[ties["sign"] < 0].sort_values("sentiment")
    one = analysis.one_sided
    cited = [*zip(neg["u"], neg["v"], strict=True), *zip(one["u"], one["v"], strict=True)]
    evidence = _contact_evidence(model, cited)
    negative = [
        {
            "a": u,
            "b": v,
            "a_name": names.get(u, u),
            "b_name": names.get(v, v),
            "sentiment": sentiment,
            "contacts": int(contacts),
            "declared": declared,
            "unbalanced_triangles": int(unbalanced_triangles),
            "evidence": evidence.get((u, v), "") or f"declared {declared}",
        }
        for u, v, sentiment, contacts, declared, unbalanced_triangles in zip(
            neg["u"],
            neg["v"],
            neg["sentiment"],
            neg["contacts"],
            neg["declared_types"],
            neg["unbalanced_triangles"],
            strict=True,
        )
    ]
    cool = analysis.cooling
    cooling = [
        {
            "a": u,
            "b": v,
            "a_name": names.get(u, u),
            "b_name": names.get(v, v),
            "evidence": why,
        }
        for u, v, why in zip(cool["u"], cool["v"], cool["why"], strict=True)
    ]
    one_sided = [
        {
            "initiator": initiator,
            "receiver": receiver,
            "contacts": int(contacts),
            "evidence": f"{names.get(initiator, initiator)} initiated all "
            f"{count(int(contacts), 'contact')} with "
            f"{names.get(receiver, receiver)}; " + evidence.get((u, v), ""),
        }
        for initiator, receiver, contacts, u, v in zip(
            one["initiator"], one["receiver"], one["contacts"], one["u"], one["v"], strict=True
        )
    ]
    tri = analysis.triangles
    signs = {
        (u, v): int(sign) for u, v, sign in zip(ties["u"], ties["v"], ties["sign"], strict=True)
    }
    unbalanced = []
    if len(tri):
        bad = tri[~tri["balanced"].astype(bool)]
        for a, b, c, kind in zip(bad["a"], bad["b"], bad["c"], bad["type"], strict=True):
            trio = sorted((a, b, c))
            pairs = [(trio[0], trio[1]), (trio[1], trio[2]), (trio[0], trio[2])]
            unbalanced.append(
                {
                    "stakeholders": trio,
                    "type": kind,
                    "evidence": "; ".join(
                        f"{x}-{y} {'+' if signs.get((x, y), 0) > 0 else '-'}" for x, y in pairs
                    ),
                }
            )
    pressure = [
        {
            "stakeholder": p["stakeholder"],
            "name": names.get(p["stakeholder"], p["stakeholder"]),
            "hostile_contacts": p["hostile_contacts"],
            "initiators": p["initiators"],
            "pressure": p["pressure"],
            "last_contact": p["last_contact"],
            "by_initiator": [
                {"initiator": sid, "contacts": n, "last_contact": last}
                for sid, n, last in p["by_initiator"]
            ],
            "evidence": f"{_label(p['stakeholder'], names)}: {pressure_evidence(p)}; "
            f"pressure {p['pressure']:.2f}",
        }
        for p in analysis.pressure
    ]
    return {
        "negative": negative,
        "cooling": cooling,
        "one_sided": one_sided,
        "unbalanced_triangles": unbalanced,
        "pressure": pressure,
    }


def _label(sid: str, names: Mapping[Any, Any]) -> str:
    name = names.get(sid, sid)
    return f"{sid} ({name})" if name and name != sid else sid


def friction(analysis: Analysis) -> View:
    """Negative, cooling and one-sided ties, unbalanced triangles and stakeholders under
    pressure, with the summary."""
    items = friction_items(analysis)
    s = analysis.summary
    keys = (
        "triangles", "balanced_triangles", "unbalanced_triangles", "balance_ratio",
        "weakly_balanced_triangles", "weak_balance_ratio", "frustration_index",
        "frustration_exact", "triangles_by_type", "negative_ties", "cooling_ties",
        "one_sided_ties", "under_pressure",
    )  # fmt: skip
    return View(
        friction_rows(items),
        FRICTION_COLUMNS,
        document={
            "negotiation": analysis.negotiation,
            "as_of": analysis.model.as_of,
            "summary": {k: s[k] for k in keys},  # type: ignore[literal-required]
            **items,
        },
    )


def friction_rows(items: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    rows = [
        {"kind": "negative tie", "stakeholders": f"{i['a']} - {i['b']}", "evidence": i["evidence"]}
        for i in items["negative"]
    ]
    rows += [
        {"kind": "cooling tie", "stakeholders": f"{i['a']} - {i['b']}", "evidence": i["evidence"]}
        for i in items["cooling"]
    ]
    rows += [
        {
            "kind": "one-sided tie",
            "stakeholders": f"{i['initiator']} -> {i['receiver']}",
            "evidence": i["evidence"],
        }
        for i in items["one_sided"]
    ]
    rows += [
        {"kind": "pressure", "stakeholders": i["stakeholder"], "evidence": i["evidence"]}
        for i in items["pressure"]
    ]
    rows += [
        {
            "kind": f"unbalanced triangle {i['type']}",
            "stakeholders": " / ".join(i["stakeholders"]),
            "evidence": i["evidence"],
        }
        for i in items["unbalanced_triangles"]
    ]
    return rows


def _contact_evidence(model: TieModel, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """Per tie of ``pairs``: how many contacts, when, on which tracks, the tie's sentiment
    (the recency-weighted mean of its contacts', as everywhere) and the last contact's. Only
    these ties' contacts are read (:meth:`~graphkit.graph.TieModel.contacts_between`)."""
    c = model.contacts_between(pairs)
    if c.empty:
        return {}
    s, t = c["source"], c["target"]
    c = c.assign(u=s.where(s < t, t), v=t.where(s < t, s), day=c["date"].str[:10])
    tie = {(u, v): x for u, v, x in zip(model.ties["u"], model.ties["v"],
                                         model.ties["sentiment"], strict=True)}  # fmt: skip
    out: dict[tuple[str, str], str] = {}
    for key, g in c.groupby(["u", "v"], sort=False):
        u, v = cast("tuple[str, str]", key)
        tracks = g["track"].replace("", "no track").value_counts()
        last = g.sort_values("date")["sentiment"].iloc[-1]
        out[(u, v)] = (
            f"{count(len(g), 'contact')} {g['day'].min()}..{g['day'].max()} ("
            + ", ".join(f"{k} {n}" for k, n in tracks.items())
            + f"), sentiment {tie[u, v]:+.2f} (recency-weighted), last contact {last:+.2f} "
            f"on {g['day'].max()}"
        )
    return out
