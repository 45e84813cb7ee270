"""Which column of a file gives which field, and what becomes of every other column.

:func:`plan_columns` matches a file's header to the fields of its kind (``--map``,
``--set``), gives each field its value map, lets a stakeholder map's name column serve
as its id (and a mapped id column as the name of new stakeholders), stops at a
confidentiality marker that nothing reads, and tells the import's :class:`Summary`
which columns no field uses.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from graphkit.errors import Problem
from graphkit.ingest import fields as f
from graphkit.ingest.values import VALUE_FIELDS, ValueMap, value_map_keys

if TYPE_CHECKING:
    from graphkit.ingest.csvfile import CsvFile
    from graphkit.ingest.records import Options, Problems


@dataclass
class Summary:
    """What an import tells besides its counts, gathered while the files are read."""

    #: File -> the columns no field reads (contact logs and declared ties: their extra
    #: columns are kept as attributes, but nothing uses them).
    unused: dict[str, list[str]] = field(default_factory=dict)
    #: What was inferred, one line each: date orders, a name column serving as the id.
    inferred: list[str] = field(default_factory=list)
    #: Value map key -> the first file it applied to.
    value_maps_given: dict[str, str] = field(default_factory=dict)
    #: Value map keys some column was read with.
    value_maps_used: set[str] = field(default_factory=set)
    #: Files (by the identity of their CsvFile) whose id column names new stakeholders.
    name_from_id: set[int] = field(default_factory=set)

    def add_unused(self, file: str, headers: list[str]) -> None:
        if headers:
            known = self.unused.setdefault(file, [])
            known.extend(h for h in headers if h not in known)


@dataclass
class Columns:
    """Where each field of a record kind is found in one file."""

    kind: str
    index: dict[str, int]
    constants: dict[str, str]
    extras: list[tuple[int, str]]
    width: int
    #: Fields a row needs: up to the header's last named column (Excel writes every
    #: delimiter of every row, so a shorter row was cut off).
    needed: int = 0
    #: Field -> the value map its cells are read with.
    value_maps: dict[str, ValueMap] = field(default_factory=dict)

    def header_of(self, csv: CsvFile, name: str) -> str:
        """The column a field is read from, as the file names it (or ``--set name``)."""
        i = self.index.get(name)
        return csv.header[i] if i is not None else f"--set {name}"


def plan_columns(
    csv: CsvFile, kind: str, options: Options, problems: Problems, summary: Summary | None = None
) -> Columns | None:
    """Match the file's header to the fields of ``kind``; None if a required field is missing."""
    summary = summary if summary is not None else Summary()
    header = csv.header
    by_norm: dict[str, int] = {}
    for i, name in enumerate(header):
        if not name:
            continue
        key = f.normalise_header(name)
        if key in by_norm:
            problems.add(
                Problem(
                    csv.display,
                    csv.header_line,
                    name,
                    f'the header repeats column "{header[by_norm[key]]}"',
                    "rename or delete one of them",
                )
            )
            continue
        by_norm[key] = i

    index: dict[str, int] = {}
    constants: dict[str, str] = {}
    mapped: set[str] = set()
    for name in f.FIELDS[kind]:
        wanted = options.mapping.get(f"{kind}.{name}", options.mapping.get(name))
        if wanted is not None and f.normalise_header(wanted) in by_norm:
            index[name] = by_norm[f.normalise_header(wanted)]
            mapped.add(name)
        elif name in by_norm and not _claimed(name, kind, options, by_norm):
            index[name] = by_norm[name]
        const = options.constants.get(f"{kind}.{name}", options.constants.get(name))
        if const is not None:
            if name in index:
                problems.add(
                    Problem(
                        csv.display,
                        csv.header_line,
                        header[index[name]],
                        f"--set {name}=... is given but the file already has this column",
                        f"drop --set {name}, or remove the column",
                    )
                )
            else:
                constants[name] = unicodedata.normalize("NFC", const)
    if kind == "stakeholders":
        _id_and_name(csv, index, constants, mapped, summary)

    missing = [n for n in f.REQUIRED[kind] if n not in index and n not in constants]
    for name in missing:
        present = ", ".join(h for h in header if h) or "(none)"
        problems.add(
            Problem(
                csv.display,
                csv.header_line,
                None,
                f'missing required column "{name}" (columns found: {present})',
                f"add it, or map another column with --map {name}=HEADER"
                + (
                    f" or give every row one value with --set {name}=VALUE"
                    if name == "date"
                    else ""
                ),
            )
        )
    if missing:
        return None
    used = set(index.values())
    extras = [(i, h) for i, h in enumerate(header) if i not in used]
    for _, h in extras:
        if h and looks_confidential(h):
            problems.add(_unread_marker(csv, kind, h, index))
    if kind != "stakeholders":
        summary.add_unused(csv.display, [h for _, h in extras if h])
    extras = [(i, h if h else f"column_{i + 1}") for i, h in extras]
    needed = max((i + 1 for i, h in enumerate(header) if h), default=0)
    columns = Columns(kind, index, constants, extras, len(header), needed)
    _value_maps(csv, columns, options, summary)
    return columns


def _id_and_name(
    csv: CsvFile,
    index: dict[str, int],
    constants: dict[str, str],
    mapped: set[str],
    summary: Summary,
) -> None:
    """A stakeholder map without an id column is keyed by its name column; one without
    a name column names its new stakeholders by a column mapped as the id. (A column
    named ``id`` holds codes such as S-10: a new stakeholder from it still needs a name.)
    """
    has_id = "id" in index or "id" in constants
    if not has_id and "name" in index:
        index["id"] = index["name"]
        summary.inferred.append(
            f'{csv.display}: no id column: the name column "{csv.header[index["name"]]}" '
            "serves as the id"
        )
    elif "id" in mapped and "name" not in index and "name" not in constants:
        summary.name_from_id.add(id(csv))
        summary.inferred.append(
            f"{csv.display}: no name column: new stakeholders are named by their id "
            f'(column "{csv.header[index["id"]]}")'
        )


#: Words (and stems) of headers that mark what must not be shared: "Confidential?",
#: "Restricted (Y/N)", "Sensitivity", "Classification", "Secret", "Off the record",
#: and the same in French, Spanish, Italian and German.
_MARKERS = re.compile(
    r"confiden[tc]i|restrict|sensitiv|classifi|secre[tc](?!ar)|off(the)?record|vertraulich"
    r"|riservat|geheim|reservad"
)


def looks_confidential(header: str) -> bool:
    """True when a header looks like it marks confidential rows.

    >>> [looks_confidential(h) for h in ("Confidential?", "Restricted (Y/N)", "Secretariat")]
    [True, True, False]
    """
    text = re.sub(r"[^a-z]", "", f.normalise_header(header))
    return bool(_MARKERS.search(text))


def _unread_marker(csv: CsvFile, kind: str, header: str, index: dict[str, int]) -> Problem:
    """A confidentiality marker that no field reads: --public would share what it marks."""
    rename = "or rename the column if it does not mark confidentiality"
    if kind == "interactions" and "confidential" not in index:
        return Problem(
            csv.display,
            None,
            header,
            "this column looks like it marks confidential contacts, but it is not read as "
            "the confidential field, so --public would share them",
            f'read it with --map confidential="{header}", {rename}',
        )
    if kind == "interactions":
        used = csv.header[index["confidential"]]
        return Problem(
            csv.display,
            None,
            header,
            "this column looks like it marks confidential contacts too, but only "
            f'"{used}" is read as the confidential field, so --public would share what only '
            "this column marks",
            f'merge it into "{used}" and delete it, {rename}',
        )
    what = "stakeholders" if kind == "stakeholders" else "declared ties"
    return Problem(
        csv.display,
        None,
        header,
        f"this column looks like it marks confidential {what}, but {what} have no "
        f"confidential field: --public would share every one of them",
        f"keep confidential {what} out of the file and delete the column, {rename}",
    )


def _value_maps(csv: CsvFile, columns: Columns, options: Options, summary: Summary) -> None:
    """Give each field of the file that has a value map its :class:`ValueMap`."""
    if not options.value_maps:
        return
    for name in f.FIELDS[columns.kind]:
        keys = value_map_keys(options.value_maps, columns.kind, name)
        if not keys or name not in VALUE_FIELDS:
            continue
        for key in keys:
            summary.value_maps_given.setdefault(key, csv.display)
        if name not in columns.index and name not in columns.constants:
            continue
        summary.value_maps_used.update(keys)
        words = {w: v for key in keys for w, v in options.value_maps[key].items()}
        columns.value_maps[name] = ValueMap(name, words, keys[-1])


def unused_value_maps(summary: Summary) -> list[Problem]:
    """A value map that no column was read with: a typo, or a column left unmapped."""
    out = []
    for key, file in summary.value_maps_given.items():
        if key not in summary.value_maps_used:
            name = key.rpartition(".")[2].strip().lower()
            out.append(
                Problem(
                    file,
                    None,
                    None,
                    f"--value-map {key} is given, but no column is read as {name}",
                    f'read a column as {name} with --map {name}="HEADER", or drop the value map',
                )
            )
    return out


def _claimed(name: str, kind: str, options: Options, by_norm: dict[str, int]) -> bool:
    """True when a column named like ``name`` was mapped to another field of ``kind``."""
    norm = f.normalise_header(name)
    for key, header in options.mapping.items():
        target = key.split(".", 1)[-1]
        if "." in key and not key.startswith(f"{kind}."):
            continue
        if target != name and f.normalise_header(header) == norm and target in f.FIELDS[kind]:
            return True
    return False
