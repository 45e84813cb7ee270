"""Graph exports that open in Gephi, networkx and igraph: GraphML, GEXF 1.3, node-link
JSON, and the metrics as CSV (formula-injection safe).

Every stakeholder carries its ``label`` (the name; the id when the name is empty), its
metrics and roles as attributes, and the team's own fields as ``field:<header>``
(:mod:`graphkit.analysis.team_fields`); every tie its ``weight`` (the strength), strength,
sentiment, sign, contacts and flags. Lists become ``"; "``-joined text (GraphML and GEXF
attributes are scalars). A missing value (a number that is NaN, e.g. the constraint of a
stakeholder without non-negative ties, or no value at all) is left out of that node or
tie in all three files, never written as an empty string: GraphML and GEXF allow a node
without a ``<data>``/``<attvalue>`` for a key, and readers (networkx, igraph, Gephi) then
give no value or their own missing value. Every attribute has one type in every file
(metrics their registry kind: :mod:`graphkit.analysis.metrics`).

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
from networkx.readwrite.graphml import GraphMLWriter

from graphkit.analysis import metrics
from graphkit.analysis.negotiation import Analysis
from graphkit.render.text import xml_safe, xml_unsafe
from graphkit.safefile import atomic_open, write_text_atomic

NODE_ATTRS = (
    "label", "name", "party", "organization", "role", "tier", "kind", *metrics.names("export"),
    "roles", "why", "notes",
)  # fmt: skip
EDGE_ATTRS = (
    "weight", "strength", "sentiment", "sign", "contacts", "reciprocity", "trust", "first_contact",
    "last_contact", "declared_types", "unbalanced_triangles", "flags",
)  # fmt: skip
#: The metrics' Python types in the exports (``bool`` before ``int``: a bool is an int).
_KINDS: dict[str, type] = {"float": float, "int": int, "bool": bool}
_TYPES = {m.name: _KINDS[m.kind] for m in metrics.for_output("export") if m.kind in _KINDS}
#: The ties' numbers, as the same type on every tie.
_EDGE_TYPES: dict[str, type] = {
    "weight": float, "strength": float, "sentiment": float, "reciprocity": float, "trust": float,
    "sign": int, "contacts": int, "unbalanced_triangles": int,
}  # fmt: skip
#: What :func:`_scalar` gives for a missing value: the attribute is left out.
_MISSING = object()


def _scalar(value: Any, kind: type | None = None) -> Any:
    """``value`` as a scalar for the exports (``kind``: the type it must have), or
    :data:`_MISSING` for NaN and None."""
    if isinstance(value, list | tuple | set):
        return "; ".join(map(str, value))
    if hasattr(value, "item"):
        value = value.item()
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return _MISSING
    if kind is not None:
        return kind(value)
    if isinstance(value, bool):
        return value
    return value if isinstance(value, int | float | str) else str(value)


def _kept(pairs: Any) -> dict[str, Any]:
    return {k: v for k, v in pairs if v is not _MISSING}


def analysis_graph(analysis: Analysis) -> nx.Graph:
    """The tie graph with every metric as a node or edge attribute (scalars only; missing
    values left out), each node's ``label`` (its name, else its id), each tie's ``weight``
    (its strength), and the team's own fields as node attributes ``field:<header>``
    (numbers for a numeric field, text otherwise; absent where a stakeholder has no
    value), after ``why``."""
    G: nx.Graph[str] = nx.Graph(negotiation=analysis.negotiation, as_of=analysis.model.as_of)
    df = analysis.stakeholders
    fields = analysis.team_fields()
    for index, row in df.iterrows():
        sid = cast(str, index)  # the index holds the stakeholder ids
        attrs: dict[str, Any] = {}
        for a in NODE_ATTRS:
            if a == "label":
                name = row.get("name")
                attrs[a] = name if isinstance(name, str) and name.strip() else sid
                continue
            if a == "notes":  # the team's fields go after the metrics, before the notes
                attrs.update(
                    _kept((f.name, _scalar(f.values[sid])) for f in fields if sid in f.values)
                )
            if a in row.index:
                value = _scalar(row[a], _TYPES.get(a))
                if value is not _MISSING:
                    attrs[a] = value
        G.add_node(sid, **attrs)
    for t in analysis.ties.itertuples(index=False):
        u, v = cast(str, t.u), cast(str, t.v)  # stakeholder ids
        values = (
            (a, _scalar(getattr(t, "strength" if a == "weight" else a), _EDGE_TYPES.get(a)))
            for a in EDGE_ATTRS
        )
        G.add_edge(u, v, **_kept(values))
    return G


def write_graphml(analysis: Analysis, path: Path, *, graph: nx.Graph | None = None) -> Path:
    """GraphML; each key is named after its attribute (``<key id="influence">``) when the
    name can be a key id (an XML NMTOKEN: letters, digits, ``.-_:``), as metric names can,
    and is not taken: a tie's key that a stakeholder's has taken is ``edge.<name>``
    (``edge.trust``); any other key is numbered (``d0``, ``d1``, ... e.g. for a team field
    ``field:Influence (1-5)``). Key ids are unique, as GraphML requires (igraph refuses
    duplicates); ``attr.name`` always holds the name."""
    G = _xml_ready(graph if graph is not None else analysis_graph(analysis))
    writer = _GraphMLWriter(encoding="utf-8", infer_numeric_types=True)
    writer.add_graph_element(G)
    with atomic_open(path, "wb") as f:
        writer.dump(f)
    return path


_NMTOKEN = re.compile(r"[A-Za-z0-9._:-]+")


class _GraphMLWriter(GraphMLWriter):
    """networkx's GraphML writer with readable, unique key ids (:func:`write_graphml`)."""

    def get_key(self, name: str, attr_type: str, scope: str, default: Any) -> str:
        if (name, attr_type, scope) not in self.keys:
            taken = set(self.keys.values())
            candidates = (name, f"{scope}.{name}") if _NMTOKEN.fullmatch(name) else ()
            new_id = next((c for c in candidates if c not in taken), None)
            n = len(self.keys)
            while new_id is None or new_id in taken:
                new_id, n = f"d{n}", n + 1
            self.keys[(name, attr_type, scope)] = new_id
            attrs = {"id": new_id, "for": scope, "attr.name": name, "attr.type": attr_type}
            self.xml.insert(0, self.myElement("key", **attrs))
        return cast(str, self.keys[(name, attr_type, scope)])


#: GEXF 1.3 (networkx writes its ``xmlns:xsi`` without the ``www.``).
_GEXF_VERSION = "1.3"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"


def write_gexf(analysis: Analysis, path: Path, *, graph: nx.Graph | None = None) -> Path:
    """GEXF 1.3; the node label is the name, the tie weight the strength. GEXF keeps no
    graph attributes: the negotiation and date, and a redaction notice
    (``graph.graph["redacted"]``), go in ``<meta><description>``."""
    G = _xml_ready(graph if graph is not None else analysis_graph(analysis))
    writer = GEXFWriter(encoding="utf-8", version=_GEXF_VERSION)
    writer.xml.set("xmlns:xsi", _XSI)
    meta = writer.xml.find("meta")
    if meta is None:  # pragma: no cover - GEXFWriter always writes <meta>
        raise RuntimeError("networkx's GEXFWriter wrote no <meta> element")
    description = Element("description")
    about = f"graphkit: negotiation {G.graph.get('negotiation', '')}"
    if G.graph.get("as_of"):
        about += f", as of {G.graph['as_of']}"
    note = G.graph.get("redacted")
    description.text = f"REDACTED. {note} {about}." if note else f"{about}."
    meta.insert(0, description)
    writer.add_graph(G)
    with atomic_open(path, "wb") as f:
        writer.write(f)
    return path


def write_node_link(analysis: Analysis, path: Path, *, graph: nx.Graph | None = None) -> Path:
    """networkx's node-link JSON in its current form (ties under ``"edges"``), which
    ``networkx.node_link_graph(data)`` reads with its defaults (networkx 3.6; 3.4 and 3.5
    need ``edges="edges"``); the graph's attributes (negotiation, date, redaction notice)
    under ``"graph"``."""
    data = nx.node_link_data(
        graph if graph is not None else analysis_graph(analysis), edges="edges"
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
