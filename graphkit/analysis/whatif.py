"""What if stakeholders leave: the trusted channels, connectedness, brokers and balance
lost or changed when they are taken out of the negotiation.

Pure functions over :class:`~graphkit.graph.TieModel` and
:class:`~graphkit.analysis.negotiation.Analysis`; :func:`what_if` returns plain data.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx
import pandas as pd

from graphkit.analysis.negotiation import Analysis, analyse
from graphkit.analysis.trust import TRUSTING_TIE
from graphkit.graph import TieModel


def without(model: TieModel, remove: Iterable[str]) -> TieModel:
    """``model`` as if ``remove`` had never been part of the negotiation."""
    gone = set(remove)
    keep = ~model.ties["u"].isin(gone) & ~model.ties["v"].isin(gone)
    return TieModel(
        as_of=model.as_of,
        half_life_days=model.half_life_days,
        alpha=model.alpha,
        period_days=model.period_days,
        stakeholders=model.stakeholders[~model.stakeholders.index.isin(gone)],
        directed=model.directed[
            ~model.directed["source"].isin(gone) & ~model.directed["target"].isin(gone)
        ],
        ties=model.ties[keep].reset_index(drop=True),
        declared=model.declared[
            ~model.declared["source"].isin(gone) & ~model.declared["target"].isin(gone)
        ],
        fetch_contacts=lambda pairs: _without(
            model.contacts if pairs is None else model.contacts_between(pairs), gone
        ),
    )


def _without(contacts: pd.DataFrame, gone: set[str]) -> pd.DataFrame:
    return contacts[~contacts["source"].isin(gone) & ~contacts["target"].isin(gone)]


def _trusted_channels(analysis: Analysis) -> dict[tuple[str, str], list[tuple[str, str]]]:
    party = analysis.stakeholders["party"].to_dict()
    out: dict[tuple[str, str], list[tuple[str, str]]] = {}
    t = analysis.ties
    for u, v, trust in zip(t["u"], t["v"], t["trust"], strict=True):
        pu, pv = party.get(u, ""), party.get(v, "")
        if trust >= TRUSTING_TIE and pu and pv and pu != pv:
            out.setdefault(tuple(sorted((pu, pv))), []).append((u, v))
    return out


def _components(analysis: Analysis) -> list[set[str]]:
    G: nx.Graph[str] = nx.Graph()
    G.add_nodes_from(analysis.stakeholders.index)
    t = analysis.ties
    G.add_edges_from(zip(t.loc[t["sign"] >= 0, "u"], t.loc[t["sign"] >= 0, "v"], strict=True))
    return [c for c in nx.connected_components(G) if len(c) > 1]


def _known(before: Analysis, remove: Iterable[str]) -> list[str]:
    """``remove`` without repeats; KeyError for the first id that is not a stakeholder."""
    gone = list(dict.fromkeys(remove))
    unknown = [g for g in gone if g not in before.stakeholders.index]
    if unknown:
        raise KeyError(unknown[0])
    return gone


def analysis_without(before: Analysis, remove: Iterable[str]) -> Analysis:
    """The analysis of ``before``'s negotiation as if ``remove`` had never been part of it
    (every metric computed again on :func:`without`)."""
    return analyse(
        without(before.model, _known(before, remove)), before.negotiation, **before.options
    )


def what_if(before: Analysis, remove: Iterable[str]) -> dict[str, Any]:
    """What is lost if ``remove`` leave: trusted channels between parties, connectedness,
    brokers who rise or fall, and the change in structural balance.

    Plain data (lists, dicts, strings and numbers; ``json.dumps`` takes it). The analysis
    after the removal is :func:`analysis_without`.
    """
    gone = _known(before, remove)
    after = analysis_without(before, gone)
    ch_before, ch_after = _trusted_channels(before), _trusted_channels(after)
    channels = []
    for pair, links in sorted(ch_before.items()):
        left = ch_after.get(pair, [])
        if len(left) < len(links):
            channels.append(
                {
                    "parties": list(pair),
                    "before": len(links),
                    "after": len(left),
                    "lost_all": not left,
                    "lost": [list(x) for x in links if x not in left],
                }
            )
    splits = []
    for comp in _components(before):
        rest = comp - set(gone)
        pieces = [c & rest for c in _components(after) if c & rest]
        stranded = rest - set().union(*pieces) if pieces else rest
        if len(pieces) + len(stranded) > 1:
            splits.append(
                {
                    "size": len(comp),
                    "pieces": sorted((sorted(p) for p in pieces), key=len, reverse=True),
                    "isolated": sorted(stranded),
                }
            )
    b0 = before.stakeholders["betweenness"]
    b1 = after.stakeholders["betweenness"].reindex(b0.index)
    delta = (b1 - b0).drop(gone, errors="ignore").dropna()
    roles_before = before.stakeholders["roles"].drop(gone, errors="ignore")
    roles_after = after.stakeholders["roles"].reindex(roles_before.index)
    role_changes = [
        {
            "id": sid,
            "gained": sorted(set(roles_after[sid]) - set(r)),
            "lost": sorted(set(r) - set(roles_after[sid])),
        }
        for sid, r in zip(roles_before.index, roles_before, strict=True)
        if set(r) != set(roles_after[sid])
    ]
    return {
        "removed": [
            {
                "id": g,
                "name": before.stakeholders.at[g, "name"],
                "roles": list(before.stakeholders["roles"][g]),
            }
            for g in gone
        ],
        "trusted_channels": channels,
        "parties_cut_off": [c["parties"] for c in channels if c["lost_all"]],
        "splits": splits,
        "brokers_rising": [
            {"id": s, "betweenness_change": float(v)}
            for s, v in delta.sort_values(ascending=False).head(5).items()
            if v > 0
        ],
        "brokers_falling": [
            {"id": s, "betweenness_change": float(v)}
            for s, v in delta.sort_values().head(5).items()
            if v < 0
        ],
        "role_changes": role_changes,
        "balance_ratio": {
            "before": before.summary["balance_ratio"],
            "after": after.summary["balance_ratio"],
        },
        "unbalanced_triangles": {
            "before": before.summary["unbalanced_triangles"],
            "after": after.summary["unbalanced_triangles"],
        },
    }
