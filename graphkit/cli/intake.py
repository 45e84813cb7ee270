"""How ``graphkit import`` reads its files: the options, a profile, and which wins.

:func:`intake_options` turns the files, ``--profile`` and every reading option into three
values for the command: ``negotiation``, ``files`` (per kind) and ``options``
(:class:`graphkit.ingest.Options`), plus ``save_profile``. Options given on the command
line win over the profile's. ``--encoding``, ``--date-format``, ``--delimiter``,
``--sheet`` and ``--header-row`` take ``VALUE`` for every file or ``KIND=VALUE`` for the
files of one kind (``--encoding interactions=cp1252``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import click

from graphkit.cli import complete
from graphkit.cli.options import apply
from graphkit.errors import GraphkitError
from graphkit.model import RECORD_KINDS

KINDS = RECORD_KINDS
#: Command-line parameter -> the Options field it sets.
FIELDS = {
    "mapping": "mapping", "constants": "constants", "sentiment_range": "sentiment_scale",
    "date_format": "date_format", "encoding": "encoding", "delimiter": "delimiter",
    "sheet": "sheet", "header_row": "header_row", "value_maps": "value_maps",
    "create_missing": "create_missing", "clear_empty": "clear_empty",
    "allow_similar_ids": "allow_similar_ids",
}  # fmt: skip
PER_KIND = ("date_format", "encoding", "delimiter", "sheet", "header_row")
DELIMITERS = {",": ",", ";": ";", "|": "|", "tab": "\t"}


def _delimiter(value: str, flag: str) -> str:
    if value not in DELIMITERS:
        raise GraphkitError(f'{flag} "{value}": use one of , ; | tab')
    return DELIMITERS[value]


def _header_row(value: str, flag: str) -> int:
    if not value.strip().isdigit() or int(value) < 1:
        raise GraphkitError(f'{flag} "{value}": give the row number of the header, 1 or more')
    return int(value)


_CONVERT: dict[str, Callable[[str, str], Any]] = {
    "delimiter": _delimiter,
    "header_row": _header_row,
}


def per_kind(values: Sequence[str], flag: str, name: str) -> tuple[Any, dict[str, Any]]:
    """``VALUE`` (for every file) and ``KIND=VALUE`` items: (the value for every file or
    None, {kind: value})."""
    convert = _CONVERT.get(name, lambda v, _: v)
    everywhere, kinds = None, {}
    for item in values:
        kind, sep, value = item.partition("=")
        if sep and kind.strip().lower() in KINDS:
            kinds[kind.strip().lower()] = convert(value.strip(), flag)
        elif everywhere is not None:
            raise GraphkitError(f"{flag} given twice for every file - give it once, or once "
                                f"per kind: {flag} interactions=VALUE")  # fmt: skip
        else:
            everywhere = convert(item.strip(), flag)
    return everywhere, kinds


def build_options(kw: dict[str, Any]) -> tuple[Any, list[str]]:
    """The Options the command line gives, and the names of the fields it sets (those
    win over a profile)."""
    from graphkit.ingest import Options, parse_map_option
    from graphkit.ingest.fields import SentimentScale

    ctx = click.get_current_context()
    given = [
        FIELDS[p] for p in FIELDS
        if ctx.get_parameter_source(p) not in (None, click.core.ParameterSource.DEFAULT)
    ]  # fmt: skip
    values: dict[str, Any] = {}
    overrides: dict[str, dict[str, Any]] = {}
    for name in PER_KIND:
        flag = "--" + name.replace("_", "-")
        everywhere, kinds = per_kind(kw.pop(name), flag, name)
        values[name] = everywhere
        for kind, value in kinds.items():
            overrides.setdefault(kind, {})[name] = value
        if everywhere is None and name in given:
            given.remove(name)  # only KIND=VALUE items: they go to the overrides
    text = kw.pop("sentiment_range")
    try:
        scale = SentimentScale.parse(text) if text else SentimentScale()
    except ValueError as exc:
        raise GraphkitError(f"--sentiment-range {exc}") from None
    options = Options(
        mapping=parse_map_option(kw.pop("mapping"), "--map"),
        constants=parse_map_option(kw.pop("constants"), "--set"),
        value_maps=_value_maps(kw.pop("value_maps")),
        sentiment_scale=scale,
        overrides=overrides,
        **values,
        **{k: kw.pop(k) for k in ("create_missing", "clear_empty", "allow_similar_ids")},
    )
    return options, given


def _value_maps(specs: Sequence[str]) -> dict[str, dict[str, str]]:
    if not specs:
        return {}
    from graphkit.ingest import parse_value_map

    return dict(parse_value_map(spec) for spec in specs)


def intake_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """The files, --profile and the reading options as ``negotiation``, ``files``,
    ``options`` and ``save_profile`` for the command."""

    @functools.wraps(f)
    def wrapper(**kw: Any) -> Any:
        from graphkit.ingest.profile import load_profile, merge

        path = kw.pop("profile")
        profile = load_profile(path) if path is not None else None
        options, given = build_options(kw)
        files = {kind: kw.pop(kind) for kind in KINDS}
        files, options = merge(profile, files, options, given)
        negotiation = kw.pop("negotiation") or (profile.negotiation if profile else None)
        if not negotiation:
            raise GraphkitError("give the negotiation to import into: --negotiation NAME "
                                '(or negotiation = "NAME" in the --profile)')  # fmt: skip
        return f(negotiation=negotiation, files=files, options=options, **kw)

    per_file = "VALUE for every file, or KIND=VALUE for one kind; repeatable"
    return apply(
        wrapper,
        click.option("--negotiation", "-n", shell_complete=complete.negotiations,
                     help="Negotiation to import into (created if new); may come from --profile."),
        click.option("--stakeholders", type=click.Path(dir_okay=False), multiple=True,
                     help="Stakeholder map: CSV, or a workbook (.xlsx, .xlsm, .ods; a sheet with "
                     "file.xlsx#Sheet). Repeatable: every file is imported."),
        click.option("--interactions", type=click.Path(dir_okay=False), multiple=True,
                     help="Contact log, CSV or workbook (repeatable)."),
        click.option("--relationships", type=click.Path(dir_okay=False), multiple=True,
                     help="Declared ties, CSV or workbook (repeatable)."),
        click.option("--stances", type=click.Path(dir_okay=False), multiple=True,
                     help="Declared stances: stakeholder, issue, date, stance (oppose ... "
                     "support), source; CSV or workbook (repeatable)."),
        click.option("--profile", type=click.Path(dir_okay=False), metavar="FILE",
                     help="Read the files and their options from a TOML profile "
                     "(import/profile.example.toml); options given here win over it."),
        click.option("--save-profile", type=click.Path(dir_okay=False), metavar="FILE",
                     help="After a successful import, write its files and options to FILE, "
                     "to run it again with --profile FILE."),
        click.option("--map", "mapping", multiple=True, metavar="FIELD=HEADER",
                     help="Read FIELD from another column, e.g. --map source=Actor1CountryCode. "
                     "Qualify with the file kind when needed: --map stakeholders.id=Code. "
                     "Repeatable."),
        click.option("--set", "constants", multiple=True, metavar="FIELD=VALUE",
                     help="Give a field the file lacks one value for every row, e.g. "
                     "--set date=2024-01-01."),
        click.option("--value-map", "value_maps", multiple=True, metavar="FIELD:WORD=VALUE,...",
                     help='Words for values, e.g. --value-map "sentiment:Positive=0.6,'
                     'Neutral=0,Tense=-0.4". Repeatable (one per field).'),
        click.option("--sentiment-range", metavar="MIN:MAX",
                     help="Rescale sentiment from another scale onto [-1, 1], e.g. -10:10 for "
                     "Goldstein."),
        click.option("--date-format", multiple=True, metavar="PATTERN",
                     help=f"strptime pattern for non-ISO dates, e.g. %d/%m/%Y ({per_file})."),
        click.option("--encoding", multiple=True, metavar="NAME",
                     help=f"Encoding of CSV files when not UTF-8, e.g. cp1252 ({per_file})."),
        click.option("--delimiter", multiple=True, metavar="CHAR",
                     help=f"Field delimiter , ; | or tab (detected by default; {per_file})."),
        click.option("--sheet", multiple=True, metavar="NAME",
                     help=f"The sheet of a workbook to read ({per_file})."),
        click.option("--header-row", multiple=True, metavar="N",
                     help=f"The row of the header, past title rows (found by default; "
                     f"{per_file})."),
        click.option("--create-missing", is_flag=True,
                     help="Create a minimal stakeholder, marked unmapped, for ids not in the "
                     "negotiation's map."),
    )  # fmt: skip
