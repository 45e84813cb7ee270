"""Words for values (``--value-map``) and the types of the team's own fields.

A value map gives the words a file uses their values: ``Positive`` is sentiment 0.6,
``Restricted`` is confidential. A cell that matches a word (ignoring case and the spaces
around it) is replaced by its value before it is parsed as usual; words not in the map
are collected and reported once per column, with their counts and lines.

The extra columns of a stakeholder map (the team's own fields, kept as attributes) are
typed here: a column whose every non-empty cell is a plain number holds numbers.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from graphkit.errors import GraphkitError, Problem
from graphkit.ingest import fields as f

__all__ = [
    "VALUE_FIELDS",
    "ValueMap",
    "check_value_maps",
    "parse_value_map",
    "typed_attributes",
    "word_hint",
]


@dataclass(frozen=True)
class ValueField:
    """What a value map of one field may give."""

    #: Parses a mapped value (in graphkit's own scale), raising CellError; None: any text.
    check: Callable[[str], object] | None
    #: What a value is, for messages: "a number in [-1, 1]".
    takes: str
    #: Stands for a value in examples: ``--value-map "sentiment:Tense=NUMBER"``.
    placeholder: str
    #: Numbers: a failing cell is a word only when it does not look like a number.
    numeric: bool = False


def _sentiment(value: str) -> object:
    # Mapped values are in graphkit's own scale, [-1, 1]: never rescaled by --sentiment-range.
    return f.parse_sentiment(value, f.SentimentScale(), decimal_comma=False)


def _weight(value: str) -> object:
    return f.parse_weight(value, decimal_comma=False)


_YES_NO = ValueField(f.parse_bool, "yes or no", "yes")
_TEXT = ValueField(None, "any text", "TEXT")

#: The fields a value map may be given for. Ids, names, dates and notes take none.
VALUE_FIELDS: dict[str, ValueField] = {
    "sentiment": ValueField(
        _sentiment,
        "a number in [-1, 1], in graphkit's own scale (--sentiment-range does not rescale it)",
        "NUMBER",
        numeric=True,
    ),
    "weight": ValueField(_weight, "a positive number", "NUMBER", numeric=True),
    "sign": ValueField(f.parse_sign, "+1 or -1", "SIGN"),
    "confidential": _YES_NO,
    "directed": _YES_NO,
    "tier": ValueField(f.parse_tier, "one of: " + ", ".join(f.TIERS), "TIER"),
    "kind": ValueField(f.parse_kind, "one of: " + ", ".join(f.KINDS), "KIND"),
    "type": ValueField(f.parse_type, "a tie type such as alliance", "TYPE"),
    "power": ValueField(
        lambda v: f.parse_level(v, "power"), "a whole number from 1 to 5", "1-5", numeric=True
    ),
    "interest": ValueField(
        lambda v: f.parse_level(v, "interest"), "a whole number from 1 to 5", "1-5", numeric=True
    ),
    "stance": ValueField(
        f.parse_stance, "one of: " + ", ".join(f.STANCES) + " (or -2..+2)", "STANCE"
    ),
    "issue": _TEXT,
    "channel": _TEXT,
    "track": _TEXT,
    "party": _TEXT,
    "organization": _TEXT,
    "role": _TEXT,
}

_EXAMPLE = '--value-map "sentiment:Positive=0.6,Neutral=0,Tense=-0.4"'


def _word_key(word: str) -> str:
    """Words match ignoring case, Unicode normalisation and the spaces around them."""
    return unicodedata.normalize("NFC", word).strip().casefold()


def _as_text(value: object) -> str:
    """A value as a cell would hold it (profiles may give numbers and booleans)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return f._plain(float(value)) if isinstance(value, float) else str(value)
    return unicodedata.normalize("NFC", str(value)).strip()


def _field_of(key: str, option: str, shown: str) -> str:
    """The field a value map key names (``sentiment`` or ``interactions.sentiment``)."""
    kind, dot, name = key.rpartition(".")
    if dot and kind not in f.FIELDS:
        raise GraphkitError(
            f'{option} "{shown}": "{kind}" is not a file kind - use one of: ' + ", ".join(f.FIELDS)
        )
    if dot and name not in f.FIELDS[kind]:
        raise GraphkitError(
            f'{option} "{shown}": "{name}" is not a field of {kind} - use one of: '
            + ", ".join(n for n in f.FIELDS[kind] if n in VALUE_FIELDS)
        )
    if name not in VALUE_FIELDS:
        what = "takes no value map" if name in f.ALL_FIELDS else "is not a field"
        raise GraphkitError(
            f'{option} "{shown}": "{name}" {what} - value maps are for: '
            + ", ".join(sorted(VALUE_FIELDS))
        )
    return name


def _checked(
    name: str, pairs: Iterable[tuple[object, object]], option: str, shown: str
) -> dict[str, str]:
    """The words and values of ``pairs`` as text, each value checked for ``name``; a word
    given twice (in any case) with two values is refused."""
    spec = VALUE_FIELDS[name]
    out: dict[str, str] = {}
    seen: dict[str, str] = {}
    for raw_word, raw_value in pairs:
        word, value = _as_text(raw_word), _as_text(raw_value)
        if not word:
            raise GraphkitError(f'{option} "{shown}": a word is empty - write WORD=VALUE')
        if not value:
            raise GraphkitError(
                f'{option} "{shown}": "{word}" has no value - write {word}={spec.placeholder}'
            )
        if spec.check is not None:
            try:
                spec.check(value)
            except f.CellError:
                raise GraphkitError(
                    f'{option} "{shown}": "{value}" (for "{word}") is not a {name} value - '
                    f"give {spec.takes}"
                ) from None
        before = seen.setdefault(_word_key(word), value)
        if before != value:
            raise GraphkitError(
                f'{option} "{shown}": "{word}" is given twice, as {before} and as {value} '
                "(words match ignoring case) - keep one"
            )
        out[word] = value
    return out


def parse_value_map(spec: str, option: str = "--value-map") -> tuple[str, dict[str, str]]:
    """Parse ``FIELD:WORD=VALUE,WORD=VALUE,...``; the field may be qualified by its kind.

    Values are checked for the field (a sentiment is a plain number in [-1, 1], in
    graphkit's own scale: ``--sentiment-range`` does not rescale mapped values).

    >>> parse_value_map("sentiment:Positive=0.6,Tense=-0.4")
    ('sentiment', {'Positive': '0.6', 'Tense': '-0.4'})
    >>> parse_value_map("interactions.confidential: Restricted = yes, Open = no")
    ('interactions.confidential', {'Restricted': 'yes', 'Open': 'no'})
    >>> parse_value_map("Positive=0.6")
    Traceback (most recent call last):
    ...
    graphkit.errors.GraphkitError: --value-map "Positive=0.6" is not FIELD:WORD=VALUE,... - e.g. --value-map "sentiment:Positive=0.6,Neutral=0,Tense=-0.4"
    """
    key, sep, pairs = spec.partition(":")
    key = key.strip().lower()
    if not sep or not key or "=" in key:
        raise GraphkitError(f'{option} "{spec}" is not FIELD:WORD=VALUE,... - e.g. {_EXAMPLE}')
    name = _field_of(key, option, spec)
    words: list[tuple[str, str]] = []
    for item in pairs.split(","):
        if not item.strip():
            continue
        word, eq, value = item.partition("=")
        if not eq:
            raise GraphkitError(
                f'{option} "{spec}": "{item.strip()}" is not WORD=VALUE - e.g. {_EXAMPLE} '
                "(pairs are separated by commas: write decimals with a point, 0.6)"
            )
        words.append((word, value))
    if not words:
        raise GraphkitError(f'{option} "{spec}": no words are given - e.g. {_EXAMPLE}')
    return key, _checked(name, words, option, spec)


def check_value_maps(
    value_maps: Mapping[str, Mapping[str, object]], option: str = "--value-map"
) -> None:
    """Raise GraphkitError for a value map of an unknown field or with a wrong value
    (for value maps given as :class:`~graphkit.ingest.Options`, e.g. from a profile)."""
    for key, words in value_maps.items():
        shown = f"{key}:" + ",".join(f"{w}={v}" for w, v in words.items())
        name = _field_of(key.strip().lower(), option, shown)
        if not words:
            raise GraphkitError(f'{option} "{shown}": no words are given - e.g. {_EXAMPLE}')
        _checked(name, words.items(), option, shown)


def value_map_keys(value_maps: Mapping[str, object], kind: str, name: str) -> list[str]:
    """The keys of ``value_maps`` that apply to field ``name`` of ``kind`` files, in any
    case (the unqualified one first: a qualified map wins word by word).

    >>> value_map_keys({"Interactions.Sentiment": {}, "sentiment": {}}, "interactions", "sentiment")
    ['sentiment', 'Interactions.Sentiment']
    """
    wanted = (name, f"{kind}.{name}")
    keys = [k for k in value_maps if k.strip().lower() in wanted]
    return sorted(keys, key=lambda k: wanted.index(k.strip().lower()))


def _number_like(text: str) -> bool:
    """A number written wrongly (``1.5`` out of range, ``1_000``, ``inf``, ``NaN``,
    ``0x10``, digits of other scripts), not a word (``Tense``, ``n/a``, ``-``, ``?``)."""
    t = text.lower().lstrip("+-")
    if t in {"inf", "infinity", "nan"} or f._HEX.fullmatch(text):
        return True
    return any(c.isdigit() for c in text) and not any(c.isalpha() for c in text)


def _is_word(name: str, text: str) -> bool:
    """A cell the field refused that a value map could give a value: for numbers, a cell
    that is no number written wrongly; for the others, any cell."""
    if not text.strip():
        return False
    return not (VALUE_FIELDS[name].numeric and _number_like(text.strip()))


def word_hint(name: str, raw: str) -> str:
    """``, or give words their values with --value-map "..."`` for a refused word in a
    column without a value map; ``""`` when the field takes none or the cell is no word."""
    if name not in VALUE_FIELDS or VALUE_FIELDS[name].check is None or not _is_word(name, raw):
        return ""
    spec = VALUE_FIELDS[name]
    return (
        f', or give words their values: --value-map "{name}:{raw.strip()}={spec.placeholder},..."'
    )


#: How many words, and lines per word, a problem lists.
_WORDS_SHOWN, _LINES_SHOWN = 10, 3


class ValueMap:
    """The value map of one column: looks words up, and tallies the words it lacks."""

    __slots__ = ("_unknown", "_words", "key", "name")

    def __init__(self, name: str, words: Mapping[str, object], key: str):
        self.name, self.key = name, key
        checked = _checked(name, words.items(), "--value-map", key)
        self._words = {_word_key(w): v for w, v in checked.items()}
        #: word key -> [the word as first written, rows, first lines]
        self._unknown: dict[str, list[Any]] = {}

    def get(self, raw: str) -> str | None:
        """The value of the word in ``raw``, or None."""
        return self._words.get(_word_key(raw))

    def unknown(self, raw: str, line: int) -> bool:
        """Tally ``raw`` (refused by the field) as a word the map lacks; False when it is
        no word (``1.5`` out of range, ``1_000``): that cell gets its own problem."""
        if not _is_word(self.name, raw):
            return False
        word = raw.strip()
        entry = self._unknown.setdefault(_word_key(word), [word, 0, []])
        entry[1] += 1
        if len(entry[2]) < _LINES_SHOWN:
            entry[2].append(line)
        return True

    def problem(self, file: str, column: str) -> Problem | None:
        """One problem naming every word the map lacks, with its rows and first lines."""
        if not self._unknown:
            return None
        found = sorted(self._unknown.values(), key=lambda e: (-e[1], e[2][0]))
        shown = ", ".join(_word_rows(*e) for e in found[:_WORDS_SHOWN])
        if len(found) > _WORDS_SHOWN:
            shown += f" and {len(found) - _WORDS_SHOWN} more"
        n = len(found)
        spec = VALUE_FIELDS[self.name]
        more = ",".join(f"{e[0]}={spec.placeholder}" for e in found[:3])
        return Problem(
            file,
            None,
            column,
            f"{n} {'word' if n == 1 else 'words'} not in the value map for {self.name}: {shown}",
            f'add {"it" if n == 1 else "them"} to --value-map "{self.key}:...,{more}'
            f'{",..." if n > 3 else ""}", {"its" if n == 1 else "each"} value {spec.takes}',
        )


def _word_rows(word: str, rows: int, lines: list[int]) -> str:
    at = ", ".join(str(n) for n in lines) + (" ..." if rows > len(lines) else "")
    return f'"{word}" ({rows} {"row" if rows == 1 else "rows"}: {"line" if rows == 1 else "lines"} {at})'


# -- the team's own fields ------------------------------------------------------------

#: A whole number as written: digits with an optional sign (no point, no exponent).
_INTEGER = re.compile(r"[-+]?[0-9]+")
#: More significant digits than a float keeps exactly: an identifier, not a quantity.
_MAX_DIGITS = 15


def _number(text: str, decimal_comma: bool) -> int | float | None:
    """The number a cell of the team's fields holds, or None when it is text.

    Plain decimals (:func:`graphkit.ingest.fields.parse_number`) only; written as a whole
    number it is an ``int``, otherwise a ``float``. Codes stay text: a leading zero
    (``007``, ``0123``) or more than 15 digits (phone and account numbers).

    >>> _number("3", False), _number("-2.5", False), _number("0,5", True), _number("007", False)
    (3, -2.5, 0.5, None)
    """
    try:
        value = f.parse_number(text, decimal_comma=decimal_comma)
    except f.CellError:
        return None
    plain = text.strip().replace("\u2212", "-")
    mantissa = re.split(r"[eE]", plain)[0]
    digits = re.sub(r"[^0-9]", "", mantissa).lstrip("0")
    if re.match(r"[-+]?0[0-9]", mantissa) or len(digits) > _MAX_DIGITS:
        return None
    return int(plain) if _INTEGER.fullmatch(plain) else value


def typed_attributes(rows: list[tuple[Any, int, Any]]) -> list[tuple[Any, int, Any]]:
    """Stakeholder rows ``(file, line, record)`` with each extra column typed across the
    files: numbers (int or float, see :func:`_number`) when every non-empty cell of the
    column is one, else text as written. ``""`` (``--clear-empty``: remove) stays ``""``."""
    numeric: dict[str, bool] = {}
    for csv, _, record in rows:
        comma = csv.delimiter != ","
        for k, v in record.attributes.items():
            if v != "" and numeric.get(k, True):
                numeric[k] = _number(v, comma) is not None
    typed = {k for k, yes in numeric.items() if yes}
    if not typed:
        return rows
    out = []
    for csv, line, record in rows:
        attributes = record.attributes
        if typed.intersection(attributes):
            comma = csv.delimiter != ","
            attributes = {
                k: _number(v, comma) if k in typed and v != "" else v for k, v in attributes.items()
            }
            record = dataclasses.replace(record, attributes=attributes)
        out.append((csv, line, record))
    return out
