"""The team's own fields: the extra columns of a stakeholder map, typed for display.

A prep team's stakeholder map often carries its own columns ("Influence (1-5)", "Stance",
"Portfolio"). The importer keeps every column that names no field as the stakeholder's
``attributes`` (``{header: value}``); :func:`team_fields` reads them from the
``attributes`` column of a stakeholder frame and says, per field, whether it is numeric.

numeric
    Every value the field has is a number: an ``int`` or a finite ``float``, or text that
    reads as a plain decimal number (``4``, ``-2``, ``+3``, ``3.5``, ``.5``; no
    exponent, thousands separator or decimal comma). Its values are carried as numbers:
    all ``int``, or all ``float`` when any is not a whole number written without a point.
    A numeric field can size the map.
text
    Any other field (one value that is not a number is enough). Its values are carried as
    text. Text fields are free text, like notes: ``--redact notes`` and ``--public``
    remove them from every output (:func:`without_text_fields`).

Missing values (no such key, ``None``, empty text, ``NaN``) are left out: a stakeholder
without a value has no entry. The team fields are not metrics (:mod:`.metrics`): they are
the team's own data, carried next to the metrics and never computed.

Flat outputs (CSV columns, graph export attributes) name a field :data:`PREFIX` + its
header (``field:Stance``), so that it never takes the name of a metric or column; the JSON
document keeps the header itself inside a ``fields`` object.

>>> people = pd.DataFrame(
...     {"attributes": [{"Influence (1-5)": "4", "Stance": "supports"}, {"Influence (1-5)": 2}]},
...     index=["a", "b"],
... )
>>> [(f.label, f.numeric, dict(f.values)) for f in team_fields(people)]
[('Influence (1-5)', True, {'a': 4, 'b': 2}), ('Stance', False, {'a': 'supports'})]
>>> [dict(x) for x in without_text_fields(people)["attributes"]]
[{'Influence (1-5)': '4'}, {'Influence (1-5)': 2}]
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

#: Flat outputs name a team field ``field:<header>``: a metric name never holds a colon.
PREFIX = "field:"
#: Text that reads as a number: an optional sign, digits, at most one decimal point.
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)")

Value = int | float | str


@dataclass(frozen=True)
class TeamField:
    """One extra column of the stakeholder map: its header, whether it is numeric, and the
    value of each stakeholder that has one (``{stakeholder id: value}``)."""

    label: str
    numeric: bool
    values: Mapping[str, Value]

    @property
    def name(self) -> str:
        """The column or attribute name in flat outputs: ``field:<label>``."""
        return PREFIX + self.label

    def text(self, sid: str) -> str:
        """The value of ``sid`` as display text (``""`` without one)."""
        value = self.values.get(sid)
        return "" if value is None else display(value)

    @property
    def bounds(self) -> tuple[float, float] | None:
        """``(lowest, highest)`` value of a numeric field (None for text or no values)."""
        if not self.numeric or not self.values:
            return None
        numbers = [float(v) for v in self.values.values()]
        return min(numbers), max(numbers)


def display(value: Value) -> str:
    """A value as text: whole floats without ``.0`` (``4.0`` -> ``4``), others as Python
    writes them (the shortest text that reads back as the same number)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def team_fields(stakeholders: pd.DataFrame) -> tuple[TeamField, ...]:
    """The team fields of ``stakeholders`` (index: id; an ``attributes`` column of dicts),
    ordered by header (ignoring case). No ``attributes`` column: no fields."""
    if "attributes" not in stakeholders.columns:
        return ()
    raw: dict[str, dict[str, Any]] = {}
    for sid, attributes in zip(stakeholders.index, stakeholders["attributes"], strict=True):
        if not isinstance(attributes, Mapping):
            continue
        for label, value in attributes.items():
            value = _present(value)
            if value is not None:
                raw.setdefault(str(label), {})[str(sid)] = value
    return tuple(
        _typed(label, raw[label]) for label in sorted(raw, key=lambda x: (x.casefold(), x))
    )


def text_field_labels(stakeholders: pd.DataFrame) -> frozenset[str]:
    """The headers of the text fields of ``stakeholders``: what redaction removes."""
    return frozenset(f.label for f in team_fields(stakeholders) if not f.numeric)


def without_text_fields(
    stakeholders: pd.DataFrame, labels: frozenset[str] | None = None
) -> pd.DataFrame:
    """A copy of ``stakeholders`` whose ``attributes`` keep only the numeric fields (the
    frame given is not changed; the same frame when there is nothing to remove).

    ``labels``: the headers to remove (default: :func:`text_field_labels` of
    ``stakeholders``), e.g. those found on another frame of the same stakeholders.
    """
    text = text_field_labels(stakeholders) if labels is None else labels
    if not text or "attributes" not in stakeholders.columns:
        return stakeholders
    kept = [
        {k: v for k, v in a.items() if str(k) not in text} if isinstance(a, Mapping) else {}
        for a in stakeholders["attributes"]
    ]
    return stakeholders.assign(attributes=pd.Series(kept, index=stakeholders.index, dtype=object))


def _present(value: Any) -> Any:
    """``value``, or None when it is missing (None, empty or blank text, NaN)."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _is_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, str) and _NUMBER.fullmatch(value.strip()) is not None


def _typed(label: str, values: dict[str, Any]) -> TeamField:
    if not all(_is_number(v) for v in values.values()):
        return TeamField(label, False, {sid: _as_text(v) for sid, v in values.items()})
    numbers = {sid: _as_number(v) for sid, v in values.items()}
    if any(isinstance(v, float) for v in numbers.values()):
        numbers = {sid: float(v) for sid, v in numbers.items()}
    return TeamField(label, True, numbers)


def _as_number(value: Any) -> int | float:
    if isinstance(value, int | float):
        return value
    text = value.strip()
    return float(text) if "." in text else int(text)


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return display(value)
    return str(value)
