"""Column names, header matching and cell parsers for the three CSV formats.

Every parser takes the raw cell text and returns the value, or raises
:class:`CellError` with what is wrong and how to fix it; the caller adds the
file, line and column.
"""

from __future__ import annotations

import contextlib
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime

from graphkit.model import FILE_FIELDS, KINDS, STANCES, TIERS

#: The columns a file of each kind may have (:data:`graphkit.model.FILE_FIELDS`).
FIELDS: dict[str, tuple[str, ...]] = FILE_FIELDS
#: The columns a file of each kind must have (or get a value for with ``--set``).
REQUIRED: dict[str, tuple[str, ...]] = {
    "stakeholders": ("id",),
    "interactions": ("date", "source", "target"),
    "relationships": ("source", "target", "type", "sign"),
    "stances": ("stakeholder", "issue", "date", "stance"),
}
ALL_FIELDS = sorted({f for fields in FIELDS.values() for f in fields})
#: Other spellings that name the same field.
ALIASES = {"organisation": "organization"}


def normalise_header(text: str) -> str:
    """Header comparison ignores case, spaces, underscores and hyphens (and Unicode
    normalisation: a ``--map`` typed on one system matches a header written on another)."""
    key = re.sub(r"[\s_\-]+", "", unicodedata.normalize("NFC", text).strip().lower())
    return ALIASES.get(key, key)


class CellError(ValueError):
    def __init__(self, message: str, fix: str = ""):
        self.message = message
        self.fix = fix
        super().__init__(message)


@dataclass(frozen=True)
class SentimentScale:
    """A linear map from ``[low, high]`` onto [-1, 1] (``--sentiment-range``)."""

    low: float = -1.0
    high: float = 1.0

    @classmethod
    def parse(cls, text: str) -> SentimentScale:
        """Parse ``MIN:MAX``, each a plain number (see :func:`parse_number`).

        >>> SentimentScale.parse("-10:10")
        SentimentScale(low=-10.0, high=10.0)
        """
        low_text, sep, high_text = text.partition(":")
        if not sep or not low_text.strip() or not high_text.strip():
            raise ValueError(f'"{text}" is not MIN:MAX - write it like -10:10 or 0:100')
        try:
            low = parse_number(low_text, decimal_comma=False)
            high = parse_number(high_text, decimal_comma=False)
        except CellError as err:
            raise ValueError(f'"{text}": {err.message} - {err.fix}') from None
        if not low < high:
            raise ValueError(f'"{text}": MIN must be below MAX')
        return cls(low, high)

    def __call__(self, value: float) -> float:
        if self.low == -1.0 and self.high == 1.0:
            return value
        return round(2.0 * (value - self.low) / (self.high - self.low) - 1.0, 12)


def parse_text(raw: str) -> str:
    return raw.strip()


#: A plain decimal: ``12``, ``-0.5``, ``+.5``, ``1e-3``; digits 0-9 only.
_PLAIN = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
#: ``0,5`` in semicolon and tab files.
_DECIMAL_COMMA = re.compile(r"[-+]?[0-9]+,[0-9]+")
#: ``1,000``, ``1.000.000``, ``1 000,5``, ``1'000``, ``1_000``: digits in groups of three.
_GROUPED = re.compile(
    r"[-+]?[0-9]{1,3}([,.'_ \u00a0\u2009\u202f\u2019])[0-9]{3}(?:\1[0-9]{3})*(?:[.,][0-9]+)?"
)
_HEX = re.compile(r"[-+]?0[xX][0-9a-fA-F]+")


def parse_number(raw: str, *, decimal_comma: bool) -> float:
    """A plain decimal number: digits 0-9, an optional sign, decimal point and exponent.

    In semicolon and tab files (``decimal_comma``) ``0,5`` is 0.5 too. Anything else
    that a program might read as a number is refused with the plain way to write it:
    ``1_000``, ``1,000``, ``0x10``, ``inf``, ``nan``, digits of other scripts.

    >>> parse_number("-2.5e-1", decimal_comma=False)
    -0.25
    >>> parse_number("1_000", decimal_comma=False)
    Traceback (most recent call last):
    ...
    graphkit.ingest.fields.CellError: "1_000" is not a plain number
    """
    text = raw.strip().replace("\u2212", "-")
    if _PLAIN.fullmatch(text):
        value = float(text)
    elif decimal_comma and _DECIMAL_COMMA.fullmatch(text):
        value = float(text.replace(",", "."))
    else:
        raise CellError(*_number_problem(raw.strip(), text, decimal_comma))
    if not math.isfinite(value):
        raise CellError(f'"{raw.strip()}" is too large a number', "write a number like 0.5")
    return value


def _number_problem(shown: str, text: str, decimal_comma: bool) -> tuple[str, str]:
    """What is wrong with a cell that is not a plain number, and how to write it."""
    not_plain = f'"{shown}" is not a plain number'
    grouped = _GROUPED.fullmatch(text)
    if grouped:
        digits = text.replace(grouped.group(1), "")
        plain = _plain(float(digits.replace(",", ".")))
        if grouped.group(1) == "," and text.count(",") == 1 and not decimal_comma:
            alt = text.replace(",", ".")
            return not_plain, f"write it as {plain}, or as {alt} if the comma is a decimal comma"
        return not_plain, f"write it as {plain}"
    if "_" in text:
        return not_plain, 'write it with the digits 0-9 and a decimal point, without "_"'
    if text.lower().lstrip("+-") in {"inf", "infinity", "nan"}:
        return f'"{shown}" is not a finite number', "write a number like 0.5"
    if _HEX.fullmatch(text):
        return not_plain, f"write it in decimal, as {int(text, 16)}"
    if not decimal_comma and _DECIMAL_COMMA.fullmatch(text):
        plain = text.replace(",", ".")
        return not_plain, (
            f"write it as {plain} (a decimal comma is read only in semicolon and tab files)"
        )
    try:
        value = float(text)
    except ValueError:
        return f'"{shown}" is not a number', "write a number like 0.5"
    if not math.isfinite(value):
        return f'"{shown}" is not a finite number', "write a number like 0.5"
    return not_plain, f"write it as {_plain(value)}"


def _plain(value: float) -> str:
    """``1000.0`` as ``1000``; other values as Python writes them (``0.25``, ``1e-05``)."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def parse_sentiment(raw: str, scale: SentimentScale, *, decimal_comma: bool) -> float:
    if not raw.strip():
        return 0.0
    value = parse_number(raw, decimal_comma=decimal_comma)
    if not scale.low <= value <= scale.high:
        if scale == SentimentScale():
            raise CellError(
                f"sentiment {raw.strip()} is outside [-1, 1]",
                "rescale the column, or pass --sentiment-range MIN:MAX (e.g. -10:10) "
                "to map another scale onto [-1, 1]",
            )
        raise CellError(
            f"sentiment {raw.strip()} is outside --sentiment-range {scale.low:g}:{scale.high:g}",
            "fix the value or widen --sentiment-range",
        )
    return scale(value)


_SLASHED = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})$")
_TIME_DIRECTIVES = re.compile(r"%[HIMSfpXcTRz]")


#: A date (or date-time) in the extended ISO 8601 form, as workbook date cells become.
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?")


def parse_date(raw: str, date_format: str | None) -> str:
    """Return the date as ISO 8601: ``YYYY-MM-DD``, or ``YYYY-MM-DDTHH:MM:SS[.ffffff]``.

    With ``date_format``, dates in the extended ISO form (``2024-05-26``, as a workbook's
    date cells arrive) are read too. Without ``date_format`` only ISO 8601 is accepted (extended or basic form,
    date or date-time); aware date-times are converted to UTC. Anything else is
    refused, never guessed: ``03/04/2024`` may be March or April.
    """
    text = raw.strip()
    if not text:
        raise CellError("the date is empty", "every contact needs a date (YYYY-MM-DD)")
    if date_format:
        try:
            parsed = datetime.strptime(text, date_format)
        except ValueError:
            if _ISO_DATE.fullmatch(text):  # a workbook's date cell: ISO whatever the pattern
                with contextlib.suppress(ValueError):
                    if len(text) == 10:
                        return date.fromisoformat(text).isoformat()
                    return _iso_datetime(datetime.fromisoformat(text))
            raise CellError(
                f'"{text}" does not match --date-format {date_format}',
                "fix the value or the --date-format pattern",
            ) from None
        if _TIME_DIRECTIVES.search(date_format):
            return _iso_datetime(parsed)
        return parsed.date().isoformat()
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    try:
        return _iso_datetime(datetime.fromisoformat(text))
    except ValueError:
        pass
    raise CellError(f'"{text}" is not an ISO 8601 date', _date_fix(text))


def option_date(raw: str, flag: str) -> str:
    """A date given with an option of an analysis (``--as-of``, ``--since``, ``diff
    --from``/``--to``): ISO 8601 as :func:`parse_date` reads it, or a :class:`ValueError`
    naming ``flag`` whose fix names no option (those commands have no ``--date-format``).

    >>> option_date("20231231", "--as-of")
    '2023-12-31'
    >>> option_date("31/12/2023", "--as-of")
    Traceback (most recent call last):
    ValueError: --as-of "31/12/2023" is not an ISO 8601 date - write it as YYYY-MM-DD: 2023-12-31
    """
    try:
        return parse_date(raw, None)
    except CellError:
        text = raw.strip()
        what = f'{flag} "{text}" is not an ISO 8601 date' if text else f"{flag}: the date is empty"
        raise ValueError(f"{what} - {_option_date_fix(text)}") from None


def _option_date_fix(text: str) -> str:
    m = _SLASHED.match(text)
    if m and len(m.group(3)) == 4:
        a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        read = []
        for month, day in ((b, a), (a, b)):  # day first, then month first
            with contextlib.suppress(ValueError):
                read.append(date(year, month, day).isoformat())
        read = list(dict.fromkeys(read))
        if len(read) == 2:
            return (
                f"it is ambiguous (day {a} of month {b}, or month {a} day {b}); write it as "
                f"YYYY-MM-DD: {read[0]} or {read[1]}"
            )
        if read:
            return f"write it as YYYY-MM-DD: {read[0]}"
    return "write it as YYYY-MM-DD, e.g. 2024-06-30"


def _iso_datetime(value: datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat()


def _date_fix(text: str) -> str:
    m = _SLASHED.match(text)
    if m:
        a, b, year = int(m.group(1)), int(m.group(2)), m.group(3)
        sep = text[len(m.group(1))]
        y = "%Y" if len(year) == 4 else "%y"
        dmy, mdy = f"%d{sep}%m{sep}{y}", f"%m{sep}%d{sep}{y}"
        if a <= 12 and b <= 12 and a != b:
            return (
                f"it is ambiguous (day {a} of month {b}, or month {a} day {b}); write "
                f"YYYY-MM-DD, or pass --date-format {dmy} or --date-format {mdy}"
            )
        if a > 12:
            return f"write YYYY-MM-DD, or pass --date-format {dmy}"
        if b > 12:
            return f"write YYYY-MM-DD, or pass --date-format {mdy}"
        return f"write YYYY-MM-DD, or pass --date-format {dmy}"
    if re.fullmatch(r"\d{5}(\.\d+)?", text):
        return "this looks like an Excel date serial number: format the column as a date before exporting, as YYYY-MM-DD"
    return "write it as YYYY-MM-DD (or YYYY-MM-DDTHH:MM), or pass --date-format with its pattern, e.g. %d %b %Y"


_TRUE = {"yes", "y", "true", "t", "1", "x", "confidential"}
_FALSE = {"no", "n", "false", "f", "0", ""}


def parse_bool(raw: str) -> bool:
    text = raw.strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellError(f'"{raw.strip()}" is not yes or no', "write yes/no, true/false or 1/0")


_SIGNS = {
    "+1": 1,
    "1": 1,
    "+": 1,
    "positive": 1,
    "pos": 1,
    "-1": -1,
    "-": -1,
    "negative": -1,
    "neg": -1,
}


def parse_sign(raw: str) -> int:
    text = raw.strip().lower().replace("\u2212", "-")
    if text in _SIGNS:
        return _SIGNS[text]
    if not text:
        raise CellError("the sign is empty", "write +1 for a positive tie or -1 for a negative one")
    raise CellError(f'"{raw.strip()}" is not a sign', "write +1 or -1")


def parse_weight(raw: str, *, decimal_comma: bool) -> float:
    if not raw.strip():
        return 1.0
    value = parse_number(raw, decimal_comma=decimal_comma)
    if value <= 0:
        raise CellError(
            f"weight {raw.strip()} is not positive", "write a positive number (default 1)"
        )
    return value


def _choice(raw: str, choices: tuple[str, ...], what: str) -> str:
    text = raw.strip()
    if not text:
        return ""
    key = re.sub(r"[\s_]+", "-", text.lower())
    if key in choices:
        return key
    raise CellError(f'"{text}" is not a {what}', "use one of: " + ", ".join(choices))


def parse_tier(raw: str) -> str:
    return _choice(raw, TIERS, "tier")


def parse_kind(raw: str) -> str:
    return _choice(raw, KINDS, "kind")


def parse_type(raw: str) -> str:
    text = re.sub(r"\s+", "-", raw.strip().lower())
    if not text:
        raise CellError("the type is empty", "name the tie, e.g. alliance, rivalry, reports-to")
    return text


def parse_level(raw: str, what: str) -> int:
    """A declared ``power`` or ``interest``: a whole number from 1 to 5 ("4", "4.0"; an
    empty cell with ``--clear-empty``: 0, not declared).

    >>> parse_level(" 4 ", "power"), parse_level("5.0", "interest"), parse_level("", "power")
    (4, 5, 0)
    """
    text = raw.strip()
    if not text:
        return 0
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value != int(value) or not 1 <= value <= 5:
        raise CellError(
            f'{what} "{text}" is not a whole number from 1 to 5',
            f"write {what} as 1 (least) to 5 (most), or map your words with "
            f'--value-map "{what}:High=5,Medium=3,Low=1"',
        )
    return int(value)


#: Stance words (and the numbers -2..+2) -> stance; spaces, "-" and "_" are alike.
_STANCE_WORDS = {
    **{re.sub(r"[\s_-]+", " ", w): n - 2 for n, w in enumerate(STANCES)},
    "neutral": 0,
    "strongly oppose": -2,
    "strongly support": 2,
    **{str(n): n for n in range(-2, 3)},
    **{f"+{n}": n for n in (1, 2)},
}


def parse_stance(raw: str) -> int:
    """A stance: one of oppose, lean oppose, undecided (or neutral), lean support,
    support, or -2..+2.

    >>> parse_stance("Lean-Oppose"), parse_stance("+2"), parse_stance("undecided")
    (-1, 2, 0)
    """
    text = raw.strip().lower().replace("\u2212", "-")
    if text not in _STANCE_WORDS:  # "-2" stays a number; "lean-oppose" is words
        text = re.sub(r"[\s_-]+", " ", text)
    if text in _STANCE_WORDS:
        return _STANCE_WORDS[text]
    if not text:
        raise CellError("the stance is empty", "write " + ", ".join(STANCES) + " or -2..+2")
    raise CellError(
        f'"{raw.strip()}" is not a stance',
        "write one of " + ", ".join(STANCES) + ", or -2 to +2; map your own words with "
        '--value-map "stance:Against=oppose,For=support"',
    )
