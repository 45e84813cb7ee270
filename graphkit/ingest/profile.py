"""Import profiles: the options of a weekly import, kept in one TOML file.

``graphkit import --profile prep.toml`` reads, per input, its path (or a pattern), sheet,
header row, encoding, delimiter, column map, fixed values, date format and value maps,
plus options for every input; options given on the command line win over the profile's.
``--save-profile FILE`` writes the options of a successful import. The annotated example
is ``import/profile.example.toml``::

    negotiation = "blue-harbor"

    [options]                      # for every input
    date_format = "%d/%m/%Y"

    [[interactions]]
    path = "team.xlsx"             # relative to this file; or pattern = "logs/week-*.csv"
    sheet = "Contacts"
    [interactions.map]
    source = "Person"
    [interactions.values.sentiment]
    Positive = 0.6

Paths are relative to the profile's folder. Every key is checked: a misspelt key is an
error naming the profile, the table and the key, with the keys it may be.
"""

from __future__ import annotations

import dataclasses
import glob
import math
import os
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphkit.errors import GraphkitError
from graphkit.ingest.fields import SentimentScale
from graphkit.ingest.records import Options
from graphkit.model import RECORD_KINDS
from graphkit.suggest import did_you_mean

KINDS = RECORD_KINDS
#: Options a profile may give for every input ([options]) and per input.
FILE_KEYS = ("sheet", "header_row", "encoding", "delimiter", "date_format", "sentiment_range",
             "map", "set", "values")  # fmt: skip
IMPORT_KEYS = (*FILE_KEYS, "create_missing", "clear_empty", "allow_similar_ids")
INPUT_KEYS = ("path", "pattern", *FILE_KEYS)
TOP_KEYS = ("negotiation", "options", *KINDS)
#: Options keys and the Options field each sets.
_FIELD = {"map": "mapping", "set": "constants", "values": "value_maps"}
DELIMITERS = {",": ",", ";": ";", "|": "|", "tab": "\t", "\t": "\t"}


@dataclass
class Profile:
    """A profile read from ``path``: the negotiation, the files per kind and their options
    (``options.overrides`` holds each input's own options, keyed by its path)."""

    path: Path
    negotiation: str | None = None
    files: dict[str, list[str]] = field(default_factory=dict)
    options: Options = field(default_factory=Options)


def load_profile(path: str | os.PathLike[str]) -> Profile:
    """Read and check the profile at ``path``."""
    where = Path(path)
    try:
        data = tomllib.loads(where.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise GraphkitError(f"--profile {where}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GraphkitError(f"--profile {where}: cannot be read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise GraphkitError(f"{where} is not valid TOML: {exc} - fix the profile") from None
    _check_keys(where, "the profile", data, TOP_KEYS)
    negotiation = data.get("negotiation")
    if negotiation is not None and not isinstance(negotiation, str):
        raise GraphkitError(f'{where}: "negotiation" must be text, e.g. negotiation = "talks"')
    base = _options(where, "[options]", _table(where, "options", data.get("options", {})))
    profile = Profile(where, negotiation, options=base)
    for kind in KINDS:
        entries = data.get(kind, [])
        if not isinstance(entries, list):
            raise GraphkitError(f"{where}: write each {kind} input as [[{kind}]] - see "
                                "import/profile.example.toml")  # fmt: skip
        for n, entry in enumerate(entries, start=1):
            label = f"[[{kind}]] number {n}"
            entry = _table(where, label, entry)
            _check_keys(where, label, entry, INPUT_KEYS)
            settings = {k: v for k, v in entry.items() if k not in ("path", "pattern")}
            own = _changes(_options(where, label, settings), settings) if settings else {}
            for name in _paths(where, label, entry):
                profile.files.setdefault(kind, []).append(name)
                if own:
                    profile.options.overrides[f"{kind}:{name}"] = own
    return profile


def merge(
    profile: Profile | None,
    files: Mapping[str, Sequence[str]],
    options: Options,
    given: Sequence[str],
) -> tuple[dict[str, list[str]], Options]:
    """The files and options of an import: the command line's over the profile's.

    ``files`` are the files given on the command line (a kind given there replaces the
    profile's files of that kind). ``given`` names the ``Options`` fields set on the
    command line for every file: they win over the profile everywhere (maps key by key);
    ``options.overrides`` holds what the command line set for one kind
    (``--encoding interactions=cp1252``): it wins over the profile for that kind's files.
    """
    cli_files = {k: list(v) for k, v in files.items() if v}
    if profile is None:
        return cli_files, options
    base = profile.options
    changes: dict[str, Any] = {
        name: {**getattr(base, name), **getattr(options, name)} if name in _MAPS
        else getattr(options, name)
        for name in given
    }  # fmt: skip
    overrides = {key: _without(own, changes) for key, own in base.overrides.items()}
    for kind, own in options.overrides.items():  # e.g. --encoding interactions=cp1252
        overrides[kind] = {**overrides.get(kind, {}), **own}
        for key in [k for k in overrides if k.startswith(f"{kind}:")]:
            overrides[key] = _without(overrides[key], own)
    merged = dataclasses.replace(base, **changes, overrides=overrides)
    return {**profile.files, **cli_files}, merged


def _without(own: Mapping[str, Any], winners: Mapping[str, Any]) -> dict[str, Any]:
    """``own`` less what ``winners`` sets (for maps: less the keys ``winners`` gives)."""
    out = {}
    for name, value in own.items():
        if name in _MAPS and name in winners:
            value = {k: v for k, v in value.items() if k not in winners[name]}
        elif name in winners:
            continue
        out[name] = value
    return out


_MAPS = ("mapping", "constants", "value_maps")


def save_profile(
    path: str | os.PathLike[str],
    negotiation: str,
    files: Mapping[str, Sequence[str]],
    options: Options,
) -> Path:
    """Write the profile of an import: ``negotiation``, ``files`` per kind and ``options``
    (their overrides per kind and per file included). Paths are written relative to the
    profile's folder; only options that differ from the defaults are written."""
    from graphkit.safefile import write_text_atomic

    target = Path(path)
    folder = target.resolve().parent
    lines = [
        "# graphkit import profile, written by graphkit import --save-profile.",
        f"# Run it again with: graphkit import --profile {target.name}",
        "# Options given on the command line win over this file's. Format: import/README.md.",
        "",
        f"negotiation = {_toml(negotiation)}",
        "",
    ]
    base = _settings(options)
    if base:
        lines += ["[options]", *_entries(base, "options"), ""]
    for kind in KINDS:
        kind_settings = _settings_of(options.overrides.get(kind, {}))
        for name in files.get(kind, []):
            own = options.overrides.get(f"{kind}:{name}", options.overrides.get(str(name), {}))
            settings = {**kind_settings, **_settings_of(own)}
            shown = _relative(str(name), folder)
            lines += [f"[[{kind}]]", f"path = {_toml(shown)}", *_entries(settings, kind), ""]
    return write_text_atomic(target, "\n".join(lines).rstrip() + "\n", what="the profile")


# -- reading ------------------------------------------------------------------------------


def _check_keys(where: Path, label: str, table: Mapping[str, Any], known: Sequence[str]) -> None:
    for key in table:
        if key not in known:
            hint = did_you_mean(key, known)
            raise GraphkitError(
                f'{where}: {label} has an unknown key "{key}" - {hint + " " if hint else ""}'
                f"use one of: {', '.join(known)}"
            )


def _table(where: Path, label: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise GraphkitError(f"{where}: {label} must be a table of options, e.g. [{label}]")
    return value


def _paths(where: Path, label: str, entry: Mapping[str, Any]) -> list[str]:
    """The files of one input: its path, or the files its pattern matches (sorted)."""
    if ("path" in entry) == ("pattern" in entry):
        raise GraphkitError(f'{where}: {label} needs a path = "..." or a pattern = "..." '
                            "(one of them)")  # fmt: skip
    folder = where.parent
    key = "path" if "path" in entry else "pattern"
    text = entry[key]
    if not isinstance(text, str) or not text.strip():
        raise GraphkitError(f'{where}: {label}: {key} must be a file name, e.g. {key} = "log.csv"')
    if key == "path":
        return [_joined(folder, text)]
    found = sorted(glob.glob(_joined(folder, text)))
    if not found:
        raise GraphkitError(f'{where}: {label}: no file matches pattern "{text}" in {folder}')
    return found


def _joined(folder: Path, name: str) -> str:
    return name if os.path.isabs(name) else os.path.normpath(os.path.join(folder, name))


def _options(where: Path, label: str, table: Mapping[str, Any]) -> Options:
    """Options from a profile table (every key checked)."""
    from graphkit.ingest import parse_map_option

    _check_keys(where, label, table, IMPORT_KEYS if label == "[options]" else INPUT_KEYS)
    values: dict[str, Any] = {}
    for key, value in table.items():
        what = f'{where}: {label}, "{key}"'
        if key in ("map", "set"):
            pairs = [
                f"{k}={_text(v, what)}" for k, v in _table(where, f"{label}.{key}", value).items()
            ]
            try:
                values[_FIELD[key]] = parse_map_option(pairs, f"--{key}")
            except GraphkitError as exc:
                shown = str(exc).removeprefix("--")
                raise GraphkitError(f"{where}: {label}.{key}: {shown}") from None
        elif key == "values":
            values["value_maps"] = {
                str(name).lower(): {str(word): _text(v, what) for word, v in
                                    _table(where, f"{label}.values.{name}", words).items()}
                for name, words in _table(where, f"{label}.values", value).items()
            }  # fmt: skip
        elif key in ("create_missing", "clear_empty", "allow_similar_ids"):
            if not isinstance(value, bool):
                raise GraphkitError(f"{what} must be true or false")
            values[key] = value
        elif key == "header_row":
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise GraphkitError(f"{what} must be a row number, 1 or more")
            values[key] = value
        elif key == "delimiter":
            if value not in DELIMITERS:
                raise GraphkitError(f'{what} must be one of "," ";" "|" "tab"')
            values[key] = DELIMITERS[value]
        elif key == "sentiment_range":
            try:
                values["sentiment_scale"] = SentimentScale.parse(_text(value, what))
            except ValueError as exc:
                raise GraphkitError(f"{what}: {exc}") from None
        else:
            values[key] = _text(value, what)
    return Options(**values)


def _text(value: Any, what: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if not isinstance(value, str | int | float):
        raise GraphkitError(f"{what}: {value!r} must be text or a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise GraphkitError(f"{what}: {value!r} is not a number graphkit can use")
    return value if isinstance(value, str) else repr(value)


def _changes(own: Options, table: Mapping[str, Any]) -> dict[str, Any]:
    """The Options fields a profile table sets."""
    names = {_FIELD.get(k, "sentiment_scale" if k == "sentiment_range" else k) for k in table}
    return {name: getattr(own, name) for name in names}


# -- writing ------------------------------------------------------------------------------

_DEFAULTS = Options()
_WRITTEN = ("sheet", "header_row", "encoding", "delimiter", "date_format", "sentiment_scale",
            "create_missing", "clear_empty", "allow_similar_ids", "mapping", "constants",
            "value_maps")  # fmt: skip


def _settings(options: Options) -> dict[str, Any]:
    return {
        n: getattr(options, n) for n in _WRITTEN if getattr(options, n) != getattr(_DEFAULTS, n)
    }


def _settings_of(changes: Mapping[str, Any]) -> dict[str, Any]:
    return {n: v for n, v in changes.items() if n in _WRITTEN and v not in (None, {}, "")}


def _entries(settings: Mapping[str, Any], table: str) -> list[str]:
    lines, tables = [], []
    for name, value in settings.items():
        if name in ("mapping", "constants"):
            key = "map" if name == "mapping" else "set"
            tables += [
                "",
                f"[{table}.{key}]",
                *(f"{_key(k)} = {_toml(v)}" for k, v in value.items()),
            ]
        elif name == "value_maps":
            for fld, words in value.items():
                tables += ["", f"[{table}.values.{_key(fld)}]",
                           *(f"{_key(w)} = {_toml(v)}" for w, v in words.items())]  # fmt: skip
        elif name == "sentiment_scale":
            lines.append(f'sentiment_range = "{value.low:g}:{value.high:g}"')
        elif name == "delimiter":
            lines.append(f"delimiter = {_toml('tab' if value == chr(9) else value)}")
        else:
            lines.append(f"{name} = {_toml(value)}")
    return [*lines, *tables]


def _relative(name: str, folder: Path) -> str:
    path, hash_, sheet = name.partition("#") if not os.path.exists(name) else (name, "", "")
    try:
        shown = os.path.relpath(os.path.abspath(path), folder)
    except ValueError:  # another drive (Windows)
        shown = os.path.abspath(path)
    return shown + hash_ + sheet


def _key(name: str) -> str:
    bare = name and all(c.isascii() and (c.isalnum() or c in "_-") for c in name)
    return name if bare else _toml(name)


def _toml(value: Any) -> str:
    """A TOML value: booleans, numbers and basic strings (escaped as TOML requires)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    out = []
    for ch in str(value):
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'
