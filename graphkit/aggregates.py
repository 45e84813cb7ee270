"""Contacts aggregated per ordered pair: the figures every tie measure is made of.

Pure functions over pandas (:mod:`graphkit.graph` builds the ties from them). A store
computes the same figures on its side (``Store.load_ties``: Neo4j in Cypher, see
``cypher/aggregate_ties.cypher``) and sends those, one row per ordered pair, instead of
every contact.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from graphkit.scope import DEFAULT_HALF_LIFE

_EPOCH = pd.Timestamp("1970-01-01")

#: |sentiment| above which a tie counts as positive or negative.
SIGN_THRESHOLD = 0.1


#: The per-ordered-pair aggregates of the contacts ``source -> target`` (one row each, see
#: :func:`directed_aggregates`): what a store sends instead of the contacts.
AGGREGATE_COLUMNS = [
    "source", "target", "contacts", "strength", "weighted_sentiment", "positive", "warm",
    "hostile", "sought_strength", "hostile_strength", "hostile_last", "first_contact",
    "last_contact", "last_contacts", "last_sentiment_sum", "prev_contacts", "prev_sentiment_sum",
]  # fmt: skip
#: Their integer columns (the rest but the ids and dates are floats).
AGGREGATE_COUNTS = [
    "contacts", "positive", "warm", "hostile", "last_contacts", "prev_contacts",
]  # fmt: skip
#: Their ISO-date columns (``hostile_last`` is ``""`` without hostile contacts).
AGGREGATE_DATES = ["hostile_last", "first_contact", "last_contact"]
#: The columns of :attr:`TieModel.contacts`.
CONTACT_COLUMNS = [
    "date", "source", "target", "channel", "track", "sentiment", "confidential", "notes",
    "weight", "age", "dayno",
]  # fmt: skip


def as_date(text: str) -> date:
    return date.fromisoformat(str(text)[:10])


def weigh_contacts(interactions: pd.DataFrame, as_of: str, half_life_days: float) -> pd.DataFrame:
    """The contacts up to ``as_of`` (:data:`CONTACT_COLUMNS`), each with its recency weight
    ``2 ** (-age / half_life_days)``, its ``age`` in days and its ``dayno``.

    >>> i = pd.DataFrame({"date": ["2024-01-01", "2024-07-01"], "source": ["a", "b"],
    ...                   "target": ["b", "a"]})
    >>> weigh_contacts(i, "2024-06-29", 180)[["date", "weight", "age"]].to_dict("records")
    [{'date': '2024-01-01', 'weight': 0.5, 'age': 180.0}]
    """
    contacts = contact_frame(interactions)
    as_of = as_date(as_of).isoformat()
    contacts = contacts[contacts["date"].str[:10] <= as_of].copy()
    day = pd.to_datetime(contacts["date"].str[:10], format="%Y-%m-%d")
    age = (pd.Timestamp(as_of) - day).dt.days.to_numpy(dtype=float)
    contacts["weight"] = np.exp2(-age / float(half_life_days))
    contacts["age"] = age
    # Day numbers: min/max on integers, not strings (pandas falls back to Python for those).
    contacts["dayno"] = (day - _EPOCH).dt.days.to_numpy(dtype=np.int64)
    return contacts.reset_index(drop=True)


def directed_aggregates(
    interactions: pd.DataFrame,
    *,
    as_of: str,
    half_life_days: float = DEFAULT_HALF_LIFE,
    period_days: int | None = None,
) -> pd.DataFrame:
    """Per ordered pair ``(source, target)``, the figures of its contacts up to ``as_of``
    that every tie measure is made of (:data:`AGGREGATE_COLUMNS`), sorted by the pair.

    With ``w = 2 ** (-age / half_life_days)`` each contact's recency weight and ``T`` the
    :data:`SIGN_THRESHOLD`: ``contacts`` (how many), ``strength`` (sum of ``w``),
    ``weighted_sentiment`` (sum of ``w * sentiment``), ``positive`` (sentiment >= 0),
    ``warm`` (> T), ``hostile`` (< -T), ``sought_strength`` and ``hostile_strength`` (sum
    of ``w`` of the contacts at least -T, and below), ``hostile_last`` (day of the last
    hostile contact, ``""`` without), ``first_contact`` and ``last_contact`` (ISO days),
    and per period of ``period_days`` (default: the half-life) ``last_contacts`` and
    ``last_sentiment_sum`` (age below one period: count and sum of sentiments),
    ``prev_contacts`` and ``prev_sentiment_sum`` (from one period to two).

    Sums are rounded to :data:`AGGREGATE_DIGITS` significant digits, so that the same
    contacts summed in another order (by another store) almost always give the same
    figures to the last bit, hence the same ranks among equals.

    >>> i = pd.DataFrame({"date": ["2024-01-01", "2024-06-29", "2024-06-29"],
    ...                   "source": ["a", "a", "b"], "target": ["b", "b", "a"],
    ...                   "sentiment": [0.5, -0.5, 0.25]})
    >>> d = directed_aggregates(i, as_of="2024-06-29", half_life_days=180)
    >>> d[["source", "target", "contacts", "strength", "hostile", "hostile_last"]].values.tolist()
    [['a', 'b', 2, 1.5, 1, '2024-06-29'], ['b', 'a', 1, 1.0, 0, '']]
    """
    period = int(period_days or half_life_days)
    return aggregate_contacts(weigh_contacts(interactions, as_of, half_life_days), period)


#: Significant digits the sums of :func:`directed_aggregates` keep (see there): far more
#: than any output shows, far fewer than the 15-16 of a float, whose last bits depend on
#: the order of the sum.
AGGREGATE_DIGITS = 10


def _round_significant(x: pd.Series, digits: int = AGGREGATE_DIGITS) -> pd.Series:
    """``x`` rounded to ``digits`` significant digits (0 stays 0).

    >>> _round_significant(pd.Series([0.1 + 0.2, 1234.56789012345, 0.0])).tolist()
    [0.3, 1234.56789, 0.0]
    >>> a, b = 0.1 + 0.2 + 0.3, 0.3 + 0.2 + 0.1  # the same sum in another order
    >>> r = _round_significant(pd.Series([a, b])).tolist()
    >>> a == b, r[0] == r[1]
    (False, True)
    """
    v = x.to_numpy(dtype=float)
    nonzero = np.isfinite(v) & (v != 0)
    exponent = np.floor(np.log10(np.abs(np.where(nonzero, v, 1.0))))
    scale = 10.0 ** (digits - 1 - exponent)
    out = np.where(nonzero, np.round(v * scale) / scale, v)
    return pd.Series(out, index=x.index, dtype=float)


def aggregate_contacts(contacts: pd.DataFrame, period: int) -> pd.DataFrame:
    """:func:`directed_aggregates` of contacts already weighed (:func:`weigh_contacts`)."""
    if contacts.empty:
        return aggregate_frame(pd.DataFrame(columns=AGGREGATE_COLUMNS))
    sentiment, weight, age = contacts["sentiment"], contacts["weight"], contacts["age"]
    hostile = sentiment < -SIGN_THRESHOLD
    in_last = age < period
    in_prev = (age >= period) & (age < 2 * period)
    c = pd.DataFrame(
        {
            "source": contacts["source"].astype(str),
            "target": contacts["target"].astype(str),
            "weight": weight,
            "ws": weight * sentiment,
            "positive": (sentiment >= 0).astype(int),
            "warm": (sentiment > SIGN_THRESHOLD).astype(int),
            "hostile": hostile.astype(int),
            "sought_w": weight.where(~hostile, 0.0),
            "hostile_w": weight.where(hostile, 0.0),
            "hostile_day": contacts["dayno"].where(hostile, -1),
            "dayno": contacts["dayno"],
            "in_last": in_last.astype(int),
            "s_last": sentiment.where(in_last, 0.0),
            "in_prev": in_prev.astype(int),
            "s_prev": sentiment.where(in_prev, 0.0),
        }
    )
    out = (
        c.groupby(["source", "target"], sort=True)
        .agg(
            contacts=("weight", "size"),
            strength=("weight", "sum"),
            weighted_sentiment=("ws", "sum"),
            positive=("positive", "sum"),
            warm=("warm", "sum"),
            hostile=("hostile", "sum"),
            sought_strength=("sought_w", "sum"),
            hostile_strength=("hostile_w", "sum"),
            hostile_last=("hostile_day", "max"),
            first_contact=("dayno", "min"),
            last_contact=("dayno", "max"),
            last_contacts=("in_last", "sum"),
            last_sentiment_sum=("s_last", "sum"),
            prev_contacts=("in_prev", "sum"),
            prev_sentiment_sum=("s_prev", "sum"),
        )
        .reset_index()
    )
    out["hostile_last"] = out["hostile_last"].where(out["hostile_last"] >= 0)
    return aggregate_frame(out)


def aggregate_frame(agg: pd.DataFrame) -> pd.DataFrame:
    """Aggregates in one shape whatever computed them: :data:`AGGREGATE_COLUMNS` with their
    types, sums rounded to :data:`AGGREGATE_DIGITS` significant digits, sorted by the pair.

    A store may send days as day numbers since 1970 (``None``: no such day), which are
    shorter than ISO text, and ``sought_strength`` as ``None`` where it is ``strength``
    (no hostile contact: the same sum)."""
    out = agg.reindex(columns=AGGREGATE_COLUMNS).copy()
    out["sought_strength"] = out["sought_strength"].astype(float).fillna(out["strength"])
    for column in AGGREGATE_COLUMNS:
        if column in ("source", "target"):
            out[column] = out[column].astype(str)
        elif column in AGGREGATE_COUNTS:
            out[column] = out[column].fillna(0).astype(np.int64)
        elif column in AGGREGATE_DATES:
            days = out[column]
            if pd.api.types.is_numeric_dtype(days) or days.map(_is_day_number).all():
                days = pd.to_numeric(days)
                out[column] = iso_days(days.fillna(0)).where(days.notna(), "")
            else:
                out[column] = days.fillna("").astype(str).str[:10]
        else:
            out[column] = _round_significant(out[column].astype(float).fillna(0.0))
    return out.sort_values(["source", "target"], kind="stable").reset_index(drop=True)


def _is_day_number(value: object) -> bool:
    return value is None or isinstance(value, int | float | np.integer | np.floating)


def contact_frame(interactions: pd.DataFrame) -> pd.DataFrame:
    """The contact columns graphkit uses, each present (defaults for the missing ones)."""
    cols = ["date", "source", "target", "channel", "track", "sentiment", "confidential", "notes"]
    df = interactions.copy()
    for c in cols:
        if c not in df:
            df[c] = 0.0 if c == "sentiment" else (False if c == "confidential" else "")
    df = df[cols].reset_index(drop=True)
    df["date"] = df["date"].astype(str)
    df["sentiment"] = df["sentiment"].astype(float)
    return df


def iso_days(days: pd.Series) -> pd.Series:
    """Day numbers since 1970 as ISO dates."""
    return (_EPOCH + pd.to_timedelta(days, unit="D")).dt.strftime("%Y-%m-%d")


def day_numbers(days: pd.Series) -> pd.Series:
    """ISO dates as day numbers since 1970."""
    return (pd.to_datetime(days, format="%Y-%m-%d") - _EPOCH).dt.days
