"""The two-minute briefing: the same content as Markdown and as one static HTML page.

The HTML has no script at all, a Content-Security-Policy of ``default-src 'none'``
(only its own inline style), and every user-supplied string escaped, so it opens
offline and nothing in a contact log can run in it. It prints cleanly. In both, control
characters and the bidi overrides and isolates that would reorder the text around them
are shown as visible escapes (``\\u202e``: :func:`graphkit.render.text.visible_text`).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any, cast

import pandas as pd

from graphkit.analysis.change import Change
from graphkit.analysis.negotiation import Analysis
from graphkit.render.text import visible_text
from graphkit.words import count


@dataclass
class Section:
    title: str
    intro: str = ""
    items: list[tuple[str, str]] = field(default_factory=list)  # (headline, reason)
    empty: str = "None."


@dataclass
class Briefing:
    title: str
    subtitle: str
    headline: list[tuple[str, str]]
    sections: list[Section]
    redacted: str = ""
    map_link: str | None = "map.html"


def _name(df: pd.DataFrame, sid: str) -> str:
    """The name of stakeholder ``sid`` (a text column: ``graph._stakeholder_frame``)."""
    return str(df.at[sid, "name"])


def _roles(df: pd.DataFrame, sid: str) -> tuple[str, ...]:
    """The roles stakeholder ``sid`` holds (``analyse`` stores them as a tuple)."""
    return cast("tuple[str, ...]", df.at[sid, "roles"])


def _noted(analysis: Analysis, sid: str, reason: str) -> str:
    df = analysis.stakeholders
    notes = str(df.at[sid, "notes"]) if "notes" in df else ""  # a text column, like name
    return f"{reason}. Notes: {notes}" if notes else reason


def _label(analysis: Analysis, sid: str) -> str:
    row = analysis.stakeholders.loc[sid]
    extra = ", ".join(x for x in (row["role"], row["organization"], row["party"]) if x)
    return f"{row['name']} ({sid})" + (f" — {extra}" if extra else "")


def build_briefing(
    analysis: Analysis, change: Change | None = None, *, redacted: str = "", top: int = 5
) -> Briefing:
    """Collect what an ambassador needs before a round, each item with its reason."""
    s = analysis.summary
    df = analysis.stakeholders
    ratio = "n/a" if s["balance_ratio"] is None else f"{s['balance_ratio']:.2f}"
    headline = [
        ("Stakeholders", f"{s['stakeholders']}"),
        ("Parties", ", ".join(s["parties"]) or "none declared"),
        ("Contacts / ties", f"{s['contacts']} / {s['ties']}"),
        ("Negative ties", f"{s['negative_ties']}"),
        (
            "Balance",
            f"{ratio} ({s['unbalanced_triangles']} of {count(s['triangles'], 'triangle')} "
            "unbalanced)",
        ),
        ("Cooling ties", f"{s['cooling_ties']}"),
    ]
    sections = []
    infl = [sid for sid in df["influence"].nlargest(top).index if "influencer" in _roles(df, sid)]
    sections.append(Section("Top influencers", "Sought out most, weighted by recency (PageRank).",
                            [(_label(analysis, sid), analysis.reasons[sid]["influencer"]) for sid in infl]))  # fmt: skip
    trust = [sid for sid in df.index if "trust node" in _roles(df, sid)]
    trust.sort(key=lambda sid: -cast(float, df.at[sid, "trust"]))
    sections.append(Section("Trust nodes", "Trusted by more than one party: positive, two-way, recent contacts.",
                            [(_label(analysis, sid), _noted(analysis, sid, analysis.reasons[sid]["trust node"])) for sid in trust]))  # fmt: skip
    pairs = []
    for (a, b), shares in sorted(analysis.party_pairs.items()):
        best = sorted(shares.items(), key=lambda x: -x[1])[:3]
        if best:
            text = "; ".join(f"{_name(df, sid)} ({sid}) {100 * v:.0f}%" for sid, v in best)
            pairs.append(
                (f"{a} – {b}", f"share of shortest paths between the parties through: {text}")
            )
    sections.append(
        Section(
            "Brokers per pair of parties", "Who the paths between two parties run through.", pairs
        )
    )
    fr = [
        sid
        for sid in df["friction"].sort_values(ascending=False).index
        if "friction point" in _roles(df, sid)
    ]
    items = [
        (_label(analysis, sid), _noted(analysis, sid, analysis.reasons[sid]["friction point"]))
        for sid in fr
    ]
    tri = analysis.triangles
    unb = tri[~tri["balanced"].astype(bool)] if len(tri) else tri
    for t in unb.head(8).itertuples():
        ids = cast("tuple[str, str, str]", (t.a, t.b, t.c))  # stakeholder ids
        names = " / ".join(f"{_name(df, x)} ({x})" for x in ids)
        items.append((f"Unbalanced triangle {t.type}", names))
    if len(unb) > 8:
        items.append(
            (
                "…",
                f"and {len(unb) - 8} more unbalanced triangles (graphkit friction lists them all)",
            )
        )
    sections.append(
        Section(
            "Friction points and unbalanced triangles",
            "Negative ties and triads that pull apart.",
            items,
        )
    )
    cool = []
    for t in analysis.cooling.sort_values("last_sentiment").itertuples():
        u, v = cast(str, t.u), cast(str, t.v)  # stakeholder ids
        cool.append((f"{_name(df, u)} ({u}) – {_name(df, v)} ({v})", str(t.why)))
    sections.append(
        Section(
            "Cooling relationships",
            f"Sentiment or contact falling between the last two {analysis.model.period_days}-day periods.",
            cool,
        )
    )
    if change is not None:
        ch = []
        for kind, rows in (
            ("Warmed", change.warmed),
            ("Cooled", change.cooled),
            ("Broken", change.broken),
            ("Formed", change.formed),
        ):
            for r in rows[:6]:
                pair = f"{_name(df, r['a']) if r['a'] in df.index else r['a']} – {_name(df, r['b']) if r['b'] in df.index else r['b']}"
                if kind == "Formed":
                    ch.append(
                        (
                            f"{kind}: {pair}",
                            f"first contact {r['first_contact']}, sentiment {r['sentiment']:+.2f}",
                        )
                    )
                else:
                    ch.append(
                        (
                            f"{kind}: {pair}",
                            f"sentiment {r['before']:+.2f} → {r['after']:+.2f}"
                            + (f"; {r['why']}" if r.get("why") else ""),
                        )
                    )
        for r in change.roles[:8]:
            moves = ", ".join([*(f"+{g}" for g in r["gained"]), *(f"−{x}" for x in r["lost"])])
            ch.append((f"Role change: {r['name']} ({r['id']})", moves))
        bal = change.balance
        if bal.get("before") is not None and bal.get("after") is not None:
            ch.append(
                (
                    "Balance",
                    f"{bal['before']:.2f} → {bal['after']:.2f} ({bal['unbalanced_before']} → {bal['unbalanced_after']} unbalanced triangles)",
                )
            )
        sections.append(Section("What changed since the previous period", "", ch, "No change."))
    return Briefing(
        title=f"Briefing: {analysis.negotiation}",
        subtitle=f"As of {analysis.model.as_of}. Generated by graphkit from the contact log; every item says why.",
        headline=headline,
        sections=sections,
        redacted=redacted,
    )


def to_markdown(b: Briefing) -> str:
    out = [f"# {b.title}", "", b.subtitle, ""]
    if b.redacted:
        out += [f"> **REDACTED.** {b.redacted}", ""]
    out += ["| | |", "|---|---|"] + [f"| {_md(k)} | {_md(v)} |" for k, v in b.headline] + [""]
    for s in b.sections:
        out += [f"## {s.title}", ""]
        if s.intro:
            out += [_md(s.intro), ""]
        out += [f"- **{_md(h)}**: {_md(r)}" for h, r in s.items] or [s.empty]
        out.append("")
    if b.map_link:
        out += [f"Relationship map: [{b.map_link}]({b.map_link})", ""]
    return "\n".join(out)


def _md(text: Any) -> str:
    """Markdown-inert text: no HTML, links or table breaks from user data, and no hidden
    reordering (control and bidi characters shown as escapes)."""
    t = visible_text(text).replace("\r", " ").replace("\n", " ")
    for ch in "\\`*_[]<>|":
        t = t.replace(ch, "\\" + ch)
    return t


_CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.15rem;border-bottom:1px solid #ccc;padding-bottom:.2rem;margin-top:1.6rem}
.sub{color:#555;margin-top:0}.redacted{background:#fff3cd;border:1px solid #e0b000;padding:.5rem .8rem;font-weight:600}
table.head{border-collapse:collapse;margin:1rem 0}table.head th{text-align:left;padding:.2rem 1rem .2rem 0;color:#555;font-weight:500}
ul{padding-left:1.2rem}li{margin:.35rem 0}li b{font-weight:600}.why{color:#333}.intro{color:#555;font-style:italic}
@media print{body{margin:0;max-width:none;font-size:11pt}a{color:#000}h2{break-after:avoid}li{break-inside:avoid}}
"""


def _html(text: Any) -> str:
    """HTML-escaped text with control and bidi characters shown as escapes."""
    return html.escape(visible_text(text))


def to_html(b: Briefing) -> str:
    e = _html
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(b.title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(b.title)}</h1>",
        f'<p class="sub">{e(b.subtitle)}</p>',
    ]
    if b.redacted:
        parts.append(f'<p class="redacted">REDACTED. {e(b.redacted)}</p>')
    parts.append(
        '<table class="head">'
        + "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in b.headline)
        + "</table>"
    )
    for s in b.sections:
        parts.append(f"<h2>{e(s.title)}</h2>")
        if s.intro:
            parts.append(f'<p class="intro">{e(s.intro)}</p>')
        if s.items:
            parts.append(
                "<ul>"
                + "".join(
                    f'<li><b>{e(h)}</b>: <span class="why">{e(r)}</span></li>' for h, r in s.items
                )
                + "</ul>"
            )
        else:
            parts.append(f"<p>{e(s.empty)}</p>")
    if b.map_link:
        parts.append(f'<p>Relationship map: <a href="{e(b.map_link)}">{e(b.map_link)}</a></p>')
    parts.append("</body></html>\n")
    return "\n".join(parts)
