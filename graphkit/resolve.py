"""Which stakeholder the user means: an id, or the exact name, and close matches otherwise.

Every option that takes a stakeholder (``path --from``/``--to``, ``whatif --remove``,
``map --focus``, ``delete --stakeholder``) goes through :func:`resolve_stakeholder`:

1. an id is taken as it is (ids are exact, as stored; spaces around it are ignored);
2. otherwise the value is compared with every name, ignoring case (``casefold``), after
   Unicode NFC normalisation (``c`` + combining cedilla is ``ç``), with spaces around it
   trimmed and runs of spaces inside it counted as one. A name that one stakeholder has
   gives that stakeholder; a name that two or more share is refused, listing their ids;
3. otherwise the error names the option and offers the closest ids and names
   (:func:`graphkit.suggest.close_matches`).

An id wins over a name: if one stakeholder's id is another's name, the id is meant.
Everything the user typed or the data holds reaches the message through
:func:`graphkit.render.text.terminal_safe`: names are data, and data never drives the
terminal.

>>> people = {"A-02": "Duarte Mendonça", "B-02": "Ana Costa", "B-07": "ana  costa"}
>>> resolve_stakeholder("A-02", people, flag="--from", where="blue-harbor")
'A-02'
>>> resolve_stakeholder("  duarte MENDONC\\u0327A ", people, flag="--from", where="blue-harbor")
'A-02'
>>> resolve_stakeholder("Ana Costa", people, flag="--to", where="blue-harbor")
Traceback (most recent call last):
graphkit.errors.NotFound: --to "Ana Costa": 2 stakeholders in blue-harbor have that name: B-02 (Ana Costa), B-07 (ana  costa) - give the id instead
>>> resolve_stakeholder("Duarte Mendonca", people, flag="--from", where="blue-harbor")
Traceback (most recent call last):
graphkit.errors.NotFound: --from "Duarte Mendonca": no stakeholder with that id or name in blue-harbor. Did you mean "Duarte Mendonça" (A-02)? List the ids with: graphkit influence -n blue-harbor
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping

from graphkit.errors import NotFound
from graphkit.render.text import terminal_safe
from graphkit.suggest import close_matches

#: How many close matches an unknown stakeholder is offered.
SUGGESTIONS = 3
_SPACES = re.compile(r"\s+")


def name_key(text: str) -> str:
    """What two names that are "the same name" share: NFC, trimmed, one space, casefold.

    >>> name_key("  Inês\\tCARVALHO ") == name_key("ine\\u0302s carvalho")
    True
    """
    return _SPACES.sub(" ", unicodedata.normalize("NFC", str(text))).strip().casefold()


def resolve_stakeholder(
    value: str,
    names: Mapping[str, str],
    *,
    flag: str,
    where: str | None,
    within: str = "",
) -> str:
    """The id of the stakeholder ``value`` names, among ``names`` (``{id: name}``).

    ``flag`` is the option the value came with (every message starts with it), ``where``
    the negotiation (``None``: "the analysis"), ``within`` words appended to "in
    NEGOTIATION" when filters left some stakeholders out. Raises
    :class:`~graphkit.errors.NotFound` for an unknown or shared name (see the module).
    """
    given = str(value)
    if given in names:
        return given
    trimmed = unicodedata.normalize("NFC", given).strip()
    if trimmed in names:
        return trimmed
    key = name_key(given)
    same = [sid for sid, name in names.items() if name and name_key(name) == key]
    if len(same) == 1:
        return same[0]
    place = terminal_safe(where) if where else "the analysis"
    shown = f'{flag} "{terminal_safe(given)}"'
    if same:
        listed = ", ".join(f"{terminal_safe(s)} ({terminal_safe(names[s])})" for s in same)
        raise NotFound(
            f"{shown}: {len(same)} stakeholders in {place} have that name: {listed} - give "
            "the id instead"
        )
    hint = suggestion(given, names)
    listing = f" List the ids with: graphkit influence -n {place}" if where else ""
    raise NotFound(
        f"{shown}: no stakeholder with that id or name in {place}{within}."
        + (f" {hint}" if hint else "")
        + listing
    )


def suggestion(value: str, names: Mapping[str, str]) -> str:
    """``Did you mean "Duarte Mendonça" (A-02)?``: the closest ids and names to ``value``,
    each shown the way it resembles what was typed (the id, or the name, first), and every
    stakeholder sharing a suggested name with it. ``""`` when nothing is close."""
    key = name_key(value)
    keys = {sid: name_key(name) for sid, name in names.items() if name}
    found = close_matches(key, list(names), n=SUGGESTIONS, names=keys)
    if not found:
        return ""
    with_siblings = [
        s for f in found for s in (f, *(o for o, k in keys.items() if k == keys.get(f)))
    ]
    parts = []
    for sid in dict.fromkeys(with_siblings):
        name = names.get(sid) or ""
        id_first = not name or _likeness(key, sid.casefold()) >= _likeness(key, keys[sid])
        first, second = (sid, name) if id_first else (name, sid)
        parts.append(
            f'"{terminal_safe(first)}"' + (f" ({terminal_safe(second)})" if second else "")
        )
    return "Did you mean " + " or ".join(parts) + "?"


def _likeness(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()
