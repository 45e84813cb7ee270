"""Graph exports that open in Gephi, networkx and pandas: GraphML, GEXF, node-link JSON,
and the metrics as CSV (formula-injection safe).

Every stakeholder carries its metrics and roles as attributes, and the team's own fields
as ``field:<header>`` (:mod:`graphkit.analysis.team_fields`); every tie its strength,
sentiment, sign, contacts and flags. Lists become ``"; "``-joined text (GraphML and
GEXF attributes are scalars); NaN becomes an empty string.

GraphML and GEXF are XML 1.0, which cannot hold C0 control characters other than tab,
line feed and carriage return, U+FFFE, U+FFFF or lone surrogates: in those two files such
characters (in names, ids, notes, ...) are shown as visible escapes (``\\x0b``,
``\\x00``; :func:`graphkit.render.text.xml_safe`) so that the files always load. The
node-link JSON keeps the exact text. Every file is written through
:mod:`graphkit.safefile`.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any, cast
from xml.etree.ElementTree import Element

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from graphkit.analysis import metrics
from graphkit.analysis.negotiation import Analysis
from graphkit.render.text import xml_safe, xml_unsafe
from graphkit.safefile import atomic_open, write_text_atomic

NODE_ATTRS = (
    "name", "party", "organization", "role", "tier", "kind", *metrics.names("export"), "roles", "why",
    "notes",
)  # fmt: skip
EDGE_ATTRS = (
    "strength", "sentiment", "sign", "contacts", "reciprocity", "trust", "first_contact", "last_contact",
    "declared_types", "unbalanced_triangles", "flags",
)  # fmt: skip


def _scalar(value: Any) -> Any:
    if isinstance(value, list | tuple | set):
        return "; ".join(map(str, value))
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, bool):
        return value
    return value if isinstance(value, int | float | str) else str(value)


def analysis_graph(analysis: Analysis) -> nx.Graph:
    """The tie graph with every metric as a node or edge attribute (scalars only), and the
    team's own fields as node attributes ``field:<header>`` (numbers for a numeric field,
    text otherwise; absent where a stakeholder has no value), after ``why``."""
    G: nx.Graph[str] = nx.Graph(negotiation=analysis.negotiation, as_of=analysis.model.as_of)
    df = analysis.stakeholders
    fields = analysis.team_fields()
    for label, row in df.iterrows():
        sid = cast(str, label)  # the index holds the stakeholder ids
        attrs: dict[str, Any] = {}
        for a in NODE_ATTRS:
            if a == "notes":  # the team's fields go after the metrics, before the notes
                attrs.update((f.name, f.values[sid]) for f in fields if sid in f.values)
            if a in row.index:
                attrs[a] = _scalar(row[a])
        G.add_node(sid, **attrs)
    for t in analysis.ties.itertuples(index=False):
        u, v = cast(str, t.u), cast(str, t.v)  # stakeholder ids
        G.add_edge(u, v, **{a: _scalar(getattr(t, a)) for a in EDGE_ATTRS})
    return G


def write_graphml(analysis: Analysis, path: Path, *, graph: nx.Graph | None = None) -> Path:
    """GraphML; the keys are named after their attributes (``<key id="influence">``) when
    every name can be a key id (an XML NMTOKEN: letters, digits, ``.-_:``), as metric names
    can; otherwise, e.g. for a team field ``field:Influence (1-5)``, they are numbered
    (``d0``, ``d1``, ...). ``attr.name`` always holds the name."""
    G = _xml_ready(graph if graph is not None else analysis_graph(analysis))
    with atomic_open(path, "wb") as f:
        nx.write_graphml(G, f, encoding="utf-8", named_key_ids=_nmtoken_names(G))
    return path


_NMTOKEN = re.compile(r"[A-Za-z0-9._:-]+")


def _nmtoken_names(G: nx.Graph) -> bool:
    """Whether every attribute name of ``G`` is an NMTOKEN (ASCII, to be sure)."""
    names = {*G.graph}
    for _, d in G.nodes(data=True):
        names.update(d)
    for _, _, d in G.edges(data=True):
        names.update(d)
    return all(_NMTOKEN.fullmatch(str(n)) for n in names)


def write_gexf(analysis: Analysis, path: Path, *, graph: nx.Graph | None = None) -> Path:
    """GEXF 1.2; a redaction notice (``graph.graph["redacted"]``) goes in
    ``<meta><description>``, since GEXF keeps no graph attributes."""
    G = _xml_ready(graph if graph is not None else analysis_graph(analysis))
    writer = GEXFWriter(encoding="utf-8")
    note = G.graph.get("redacted")
    if note:
        meta = writer.xml.find("meta")
        if meta is None:  # pragma: no cover - GEXFWriter always writes <meta>
            raise RuntimeError("networkx's GEXFWriter wrote no <meta> element")
        description = Element("description")
        description.text = f"REDACTED. {note}"
        meta.insert(0, description)
    writer.add_graph(G)
    with atomic_open(path, "wb") as f:
        writer.write(f)
    return path


def write_node_link(analysis: Analysis, path: Path, *, graph: nx.Graph | None = None) -> Path:
    data = nx.node_link_data(
        graph if graph is not None else analysis_graph(analysis), edges="links"
    )
    write_text_atomic(path, json.dumps(data, indent=1, ensure_ascii=False))
    return path


def _xml_ready(G: nx.Graph) -> nx.Graph:
    """``G`` itself when its text fits in XML 1.0, else a copy with :func:`xml_safe` text
    (node order kept)."""

    def unsafe(value: Any) -> bool:
        return isinstance(value, str) and xml_unsafe(value)

    def values(attrs: dict) -> bool:
        return any(unsafe(k) or unsafe(v) for k, v in attrs.items())

    if not (
        values(G.graph)
        or any(unsafe(n) or values(d) for n, d in G.nodes(data=True))
        or any(values(d) for _, _, d in G.edges(data=True))
    ):
        return G

    def fix(value: Any) -> Any:
        return xml_safe(value) if isinstance(value, str) else value

    def fixed(attrs: dict) -> dict:
        return {fix(k): fix(v) for k, v in attrs.items()}

    H = G.__class__()
    H.graph.update(fixed(G.graph))
    H.add_nodes_from((fix(n), fixed(d)) for n, d in G.nodes(data=True))
    H.add_edges_from((fix(u), fix(v), fixed(d)) for u, v, d in G.edges(data=True))
    return H
