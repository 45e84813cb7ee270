"""The Python API: what a notebook calls, in the CLI's words.

::

    import graphkit

    store = graphkit.open_store("talks.db", create=True)
    graphkit.import_files(store, "blue-harbor", stakeholders="stakeholders.csv",
                          interactions="interactions.csv")
    result = graphkit.analyse(store, "blue-harbor", as_of="2024-06-30", track="fisheries")
    result.stakeholders.head(10)    # ranked by influence, every metric, roles and why
    result.ties, result.contacts    # pandas DataFrames; dates are datetime64
    G = result.to_networkx()        # the tie graph the exports hold
    result.map()                    # the relationship map, inline in Jupyter

:func:`analyse` takes the filters of the analysis commands under their option names
(``as_of`` for ``--as-of``, ``half_life_days`` for ``--half-life`` ...) and returns a
:class:`Result`, whose tables are copies: changing them changes nothing else. The full
analysis, as the CLI's views use it, is :attr:`Result.analysis`.
"""

from __future__ import annotations

import html
import os
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from graphkit.scope import (
    DEFAULT_ALPHA,
    DEFAULT_HALF_LIFE,
    DEFAULT_MIN_TRUST_CONTACTS,
    DEFAULT_SORT,
    Scope,
    Sharing,
)
from graphkit.words import count

if TYPE_CHECKING:
    import networkx as nx

    from graphkit.analysis.negotiation import Analysis
    from graphkit.stores.base import Store

#: The columns of :attr:`Result.ties`, in order.
TIE_COLUMNS = [
    "source", "target", "strength", "sentiment", "sign", "contested", "contacts",
    "reciprocity", "trust", "first_contact", "last_contact", "declared", "flags",
]  # fmt: skip


def analyse(
    store: Store | str | os.PathLike[str],
    negotiation: str,
    *,
    as_of: str | None = None,
    since: str | None = None,
    track: str | None = None,
    party: str | None = None,
    half_life_days: float = DEFAULT_HALF_LIFE,
    alpha: float = DEFAULT_ALPHA,
    min_trust_contacts: int = DEFAULT_MIN_TRUST_CONTACTS,
    undirected: bool = False,
    pair_sample: int | None = None,
    public: bool = False,
    redact_notes: bool = False,
    progress: Callable[[str], None] | None = None,
) -> Result:
    """Analyse one negotiation, as ``graphkit influence`` does with the same options.

    ``store`` is an open store (:func:`graphkit.open_store`) or where one is (a path, or a
    ``neo4j://`` / ``bolt://`` address): opened and closed here, never created.
    ``as_of``, ``since`` are ISO dates (``"2024-06-30"``); ``public`` leaves out what was
    marked confidential, ``redact_notes`` the free-text notes, as ``--public`` and
    ``--redact notes`` do. A bad value raises :class:`graphkit.GraphkitError` saying
    which and why.
    """
    from graphkit.pipeline import analyse_negotiation
    from graphkit.stores import open_store

    scope = Scope(
        as_of=as_of,
        since=since,
        track=track,
        party=party,
        half_life_days=half_life_days,
        alpha=alpha,
        min_trust_contacts=min_trust_contacts,
        undirected=undirected,
        pair_sample=pair_sample,
    )
    sharing = Sharing(public=public, redact_notes=redact_notes)
    given = isinstance(store, str | os.PathLike)
    opened = open_store(store) if isinstance(store, str | os.PathLike) else store
    from graphkit.stores.sqlite import SQLiteStore

    try:
        analysis = analyse_negotiation(
            opened, negotiation, scope, sharing=sharing, progress=progress or (lambda m: None)
        )
    except BaseException:
        if given:
            opened.close()
        raise
    result = Result(analysis, sharing)
    if given and isinstance(opened, SQLiteStore):  # it gave every contact with the ties
        opened.close()
    elif given:  # Neo4j: the contacts are read from it when shown (result.contacts, maps)
        weakref.finalize(result, opened.close)
    return result


def _dates(values: pd.Series) -> pd.Series:
    """ISO dates or date-times as ``datetime64`` (an empty one is ``NaT``)."""
    return pd.to_datetime(values.astype(str).replace("", None), format="ISO8601")


class Result:
    """One negotiation analysed: tables, the graph, the map.

    Attributes are computed on use and are copies. Dates are ``datetime64`` (``NaT`` where
    there is none). ``role`` is the stakeholder's role as the stakeholder map gives it (a
    job title: "Deputy Minister"); ``roles`` are the roles graphkit finds (influencer,
    broker, trust node, friction point), each explained in ``why`` and :attr:`reasons`.
    Every metric is defined in docs/metrics.md (``graphkit metrics`` lists them).
    """

    def __init__(self, analysis: Analysis, sharing: Sharing | None = None):
        #: The full analysis (:class:`graphkit.analysis.negotiation.Analysis`).
        self.analysis = analysis
        self.sharing = sharing or Sharing()

    def __repr__(self) -> str:
        s = self.summary
        return (
            f"<graphkit.Result {self.negotiation} as of {self.as_of.date()}: "
            f"{count(s['stakeholders'], 'stakeholder')}, {count(s['ties'], 'tie')}, "
            f"{count(s['contacts'], 'contact')}>"
        )

    @property
    def negotiation(self) -> str:
        return self.analysis.negotiation

    @property
    def as_of(self) -> pd.Timestamp:
        """The day the analysis is as of (``--as-of``, by default the last contact's)."""
        return pd.Timestamp(self.analysis.model.as_of)

    @property
    def summary(self) -> dict[str, Any]:
        """The numbers of the whole negotiation (the JSON ``summary``; docs/metrics.md)."""
        return dict(self.analysis.summary)

    @property
    def stakeholders(self) -> pd.DataFrame:
        """One row per stakeholder (index: id), ranked by influence: ``rank``, the map's
        columns (name, party, organization, role, ...), every metric, ``roles``, ``why``."""
        return self.ranked()

    def ranked(self, by: str = DEFAULT_SORT, top: int | None = None) -> pd.DataFrame:
        """Stakeholders ranked by the metric ``by`` (``graphkit influence --sort``): ``rank``
        1 is the highest (the lowest for constraint), tied values share it; the first
        ``top``."""
        df = self.analysis.ranked(top, by).copy()
        df["rank"] = df["rank"].astype("Int64")
        df["roles"] = df["roles"].map(list)
        return df[["rank", *[c for c in df.columns if c != "rank"]]]

    @property
    def ties(self) -> pd.DataFrame:
        """One row per tie (a pair of stakeholders with contacts or a declared
        relationship): ``source``, ``target``, ``strength``, ``sentiment``, ``sign``,
        ``contested``, ``contacts``, ``reciprocity``, ``trust``, ``first_contact`` and
        ``last_contact`` (datetime64), ``declared`` (the declared types), ``flags``."""
        t = self.analysis.ties.rename(columns={"declared_types": "declared"})
        out = t[TIE_COLUMNS].copy()
        for column in ("first_contact", "last_contact"):
            out[column] = _dates(out[column])
        out["flags"] = out["flags"].map(list)
        return out.reset_index(drop=True)

    @property
    def contacts(self) -> pd.DataFrame:
        """The contacts the analysis used (within its dates, track and party; without
        the confidential ones when public): ``date`` (datetime64), ``source``, ``target``,
        ``channel``, ``track``, ``sentiment``, ``confidential``, ``notes``, and ``weight``,
        the recency weight each carries (``2 ** (-age / half-life)``)."""
        c = self.analysis.model.contacts
        columns = [
            "date", "source", "target", "channel", "track", "sentiment", "confidential",
            "notes", "weight",
        ]  # fmt: skip
        out = c[columns].copy()
        out["date"] = _dates(out["date"])
        return out.reset_index(drop=True)

    @property
    def declared(self) -> pd.DataFrame:
        """The declared relationships that held on the as-of day: ``source``, ``target``,
        ``type``, ``sign``, ``weight``, ``directed``, ``since`` and ``until`` (datetime64;
        ``NaT``: open), ``notes``."""
        out = self.analysis.model.declared.copy()
        for column in ("since", "until"):
            out[column] = _dates(out[column])
        return out.reset_index(drop=True)

    @property
    def reasons(self) -> dict[str, dict[str, str]]:
        """``{stakeholder id: {role: why}}``: the reason of each role, as every output
        gives it."""
        return {sid: dict(r) for sid, r in self.analysis.reasons.items()}

    def to_dict(self, top: int | None = None, by: str = DEFAULT_SORT) -> dict[str, Any]:
        """The document of ``graphkit influence --format json``."""
        return self.analysis.to_dict(top, by)

    def to_networkx(self) -> nx.Graph[str]:
        """The tie graph, as graph.graphml, graph.gexf and graph.json hold it: every
        stakeholder a node with its ``label`` (name), metrics and roles; every tie an edge
        with its ``weight`` (strength), ``sentiment`` and the rest (README, "The graph
        exports"). A new graph each call."""
        from graphkit.render.exports import analysis_graph

        return analysis_graph(self.analysis)

    def map(self, **options: Any) -> Map:
        """The relationship map (``graphkit map``): ``focus``, ``depth``, ``max_nodes``,
        ``title`` as there. Shown inline in Jupyter; :meth:`Map.save` writes it."""
        from graphkit.render.map import render_map

        page = render_map(self.analysis, notice=self.sharing.notice or None, **options)
        return Map(page)

    def _repr_html_(self) -> str:
        """A headline and the ten most influential, for Jupyter."""
        top = self.ranked(top=10)[["rank", "name", "party", "influence", "roles"]]
        top = top.assign(roles=top["roles"].map(", ".join))
        return f"<p>{html.escape(repr(self))}</p>" + top.to_html(escape=True)


class Map:
    """A relationship map: one self-contained, offline HTML page (:attr:`html`)."""

    #: Height of the map inline in a notebook.
    HEIGHT = "640px"

    def __init__(self, page: str):
        self.html = page

    def __repr__(self) -> str:
        return f"<graphkit.Map {len(self.html):,} characters of HTML>"

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the page to ``path`` (atomically, never through a link) and return it."""
        from graphkit.safefile import check_target, write_text_atomic

        target = Path(path)
        check_target(target)
        return write_text_atomic(target, self.html, what="the map")

    def _repr_html_(self) -> str:
        """The page in a sandboxed frame (its scripts run, apart from the notebook's)."""
        return (
            f'<iframe srcdoc="{html.escape(self.html, quote=True)}" sandbox="allow-scripts" '
            f'style="width:100%;height:{self.HEIGHT};border:0" title="relationship map">'
            "</iframe>"
        )
