"""``graphkit path``, ``whatif`` and ``diff``: introductions, losses and change, in words
and numbers."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from graphkit.analysis.change import Change
from graphkit.analysis.introductions import IntroResult
from graphkit.analysis.negotiation import Analysis
from graphkit.analysis.stances import StanceMove
from graphkit.render.views import View

PATH_COLUMNS = [
    "chain", "step", "from", "to", "to_name", "trust", "contacts", "sentiment", "last_contact",
    "chain_trust",
]  # fmt: skip


def path_document(result: IntroResult) -> dict[str, Any]:
    """The JSON document of ``path``."""
    return {
        "from": result.source,
        "to": result.target,
        "excluded_hostile": result.excluded,
        "paths": [asdict(p) for p in result.paths],
        "partial": result.partial,
        **({"no_approach": result.no_approach} if result.no_approach else {}),
    }


def path(result: IntroResult, analysis: Analysis) -> View:
    """The chains, one row per link; what was left out and the closest approach in words."""
    names = analysis.stakeholders["name"].to_dict()
    rows = [
        {
            "chain": n,
            "step": i,
            "from": link["from"],
            "to": link["to"],
            "to_name": names.get(link["to"], link["to"]),
            "trust": link["trust"],
            "contacts": link["contacts"],
            "sentiment": link["sentiment"],
            "last_contact": link["last_contact"],
            "chain_trust": p.trust,
        }
        for n, p in enumerate(result.paths, start=1)
        for i, link in enumerate(p.links, start=1)
    ]
    source, target = result.source, result.target
    words = []
    if result.excluded:
        words += ["", f"Not used (hostile to {source} or {target}): " + ", ".join(result.excluded)]
    if not result.paths:
        words.append(f"No trusted chain from {source} to {target}.")
        p = result.partial
        if p:
            words.append(
                f"Closest approach: {' -> '.join(p['chain'])} (chain trust {p['trust']:.3f}); "
                f"{p['via']} is {p['steps_to_target']} step(s) from {target} over non-hostile "
                "ties: " + " -> ".join(p["onward"])
            )
        elif result.no_approach:
            words.append(result.no_approach)
    return View(
        rows, PATH_COLUMNS, document=path_document(result), after=words, table_if_empty=False
    )


def _ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _few(ids: list[str], limit: int = 5) -> str:
    return ", ".join(ids[:limit]) + (" ..." if len(ids) > limit else "")


def whatif(result: dict[str, Any], analysis: Analysis) -> View:
    """What is lost when stakeholders leave: one row per channel, split, broker and role."""
    names = analysis.stakeholders["name"].to_dict()
    rows: list[dict[str, Any]] = []
    for c in result["trusted_channels"]:
        a, b = c["parties"]
        lost = "loses every trusted channel" if c["lost_all"] else "loses trusted channels"
        rows.append(
            {"kind": "trusted channels", "what": f"{a} - {b}: {lost}", "before": c["before"],
             "after": c["after"]}
        )  # fmt: skip
    for sp in result["splits"]:
        pieces = " | ".join(_few(p) for p in sp["pieces"])
        rows.append(
            {"kind": "split", "what": f"{len(sp['pieces'])} parts and {len(sp['isolated'])} "
             f"isolated: {pieces}", "before": 1, "after": len(sp["pieces"]) + len(sp["isolated"])}
        )  # fmt: skip
    for key, word in (("brokers_rising", "rises"), ("brokers_falling", "falls")):
        for b in result[key]:
            who = f"{names.get(b['id'], b['id'])} ({b['id']})"
            change = f"{b['betweenness_change']:+.3f}"
            rows.append({"kind": "broker", "what": f"{who} {word}", "before": "", "after": change})
    for r in result["role_changes"]:
        moves = ", ".join([*(f"+{g}" for g in r["gained"]), *(f"-{x}" for x in r["lost"])])
        who = f"{names.get(r['id'], r['id'])} ({r['id']})"
        rows.append({"kind": "role", "what": f"{who}: {moves}", "before": "", "after": ""})
    br = result["balance_ratio"]
    rows.append(
        {"kind": "balance", "what": "balance ratio", "before": _ratio(br["before"]),
         "after": _ratio(br["after"])}
    )  # fmt: skip
    return View(rows, ["kind", "what", "before", "after"], document=result)


def change_document(change: Change) -> dict[str, Any]:
    """The change between two dates as plain data."""
    return asdict(change)


def diff(
    change: Change,
    negotiation: str,
    date_from: str,
    date_to: str,
    moves: list[StanceMove] | None = None,
) -> View:
    """Ties formed, broken, warmed and cooled, roles gained and lost, the balance, and who
    moved on each issue (with the contacts that preceded the move, in the JSON)."""
    rows = []
    for kind in ("formed", "broken", "warmed", "cooled"):
        for r in getattr(change, kind):
            if kind == "formed":
                detail = f"first contact {r['first_contact']}, sentiment {r['sentiment']:+.2f}"
            else:
                detail = f"sentiment {r['before']:+.2f} -> {r['after']:+.2f}" + (
                    f"; {r['why']}" if r.get("why") else ""
                )
            rows.append({"change": kind, "who": f"{r['a']} - {r['b']}", "detail": detail})
    for r in change.roles:
        gained = ", ".join([*(f"+{g}" for g in r["gained"]), *(f"-{x}" for x in r["lost"])])
        rows.append({"change": "roles", "who": r["id"], "detail": gained})
    b = change.balance
    if b["before"] is not None and b["after"] is not None:
        rows.append(
            {"change": "balance", "who": "", "detail": f"{b['before']:.3f} -> {b['after']:.3f}"}
        )
    for m in moves or []:
        rows.append({"change": "stance", "who": m.stakeholder, "detail": f"{m.issue}: {m.reason}"})
    document = {
        "negotiation": negotiation, "from": date_from, "to": date_to, **change_document(change),
        "stances": [asdict(m) for m in moves or []],
    }  # fmt: skip
    return View(rows, ["change", "who", "detail"], document=document)
