"""The one "did you mean" of graphkit: close matches for a value the user typed.

Every error about an unknown id, name, track, party or column offers the closest known
values through :func:`close_matches` and words them with :func:`did_you_mean`, so the
hints read the same everywhere.

>>> did_you_mean("A-2", ["A-02", "B-02", "M-01"])
'Did you mean "A-02"?'
>>> did_you_mean("ingrid solheim", ["M-01"], names={"M-01": "Ingrid Solheim"}, n=3)
'Did you mean "M-01"?'
>>> did_you_mean("zzz", ["A-02"])
''
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping

#: How close a value must be to be offered (difflib's ratio, 0..1).
CUTOFF = 0.6


def close_matches(
    value: str,
    known: Iterable[str],
    *,
    n: int = 1,
    cutoff: float = CUTOFF,
    names: Mapping[str, str] | None = None,
) -> list[str]:
    """Up to ``n`` known values close to ``value``, best first.

    Without ``names``, :func:`difflib.get_close_matches` on the values themselves. With
    ``names`` (``{value: display name}``, e.g. stakeholder id to name), the value typed in
    other case, or a name typed instead of the value, comes first, then values with similar
    text, then values with a similar name; matching ignores case and surrounding spaces.
    """
    known = list(dict.fromkeys(known))
    if names is None:
        return difflib.get_close_matches(value, known, n=n, cutoff=cutoff)
    by_value = {k.casefold(): k for k in known}
    by_name = {str(names[k]).casefold(): k for k in known if k in names}
    key = value.strip().casefold()
    found = [x[key] for x in (by_value, by_name) if key in x]
    found += [
        by_value[m] for m in difflib.get_close_matches(key, list(by_value), n=n, cutoff=cutoff)
    ]
    found += [by_name[m] for m in difflib.get_close_matches(key, list(by_name), n=n, cutoff=cutoff)]
    return list(dict.fromkeys(found))[:n]


def did_you_mean(
    value: str,
    known: Iterable[str],
    *,
    n: int = 1,
    cutoff: float = CUTOFF,
    names: Mapping[str, str] | None = None,
    shown: Callable[[str], str] = str,
) -> str:
    """``Did you mean "x"?`` (or ``"x" or "y"``) for :func:`close_matches`, or ``""``.

    ``shown`` turns each match into display text (e.g. an escape for the terminal)."""
    found = close_matches(value, known, n=n, cutoff=cutoff, names=names)
    if not found:
        return ""
    return "Did you mean " + " or ".join(f'"{shown(f)}"' for f in found) + "?"
