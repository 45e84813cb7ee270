"""Counts in words that fit the number: "1 contact", "3 contacts", "2 parties".

Every count graphkit writes into a sentence (reasons, evidence, headlines, messages) goes
through :func:`count`, so that the table, the JSON ``why``, the briefing and the map say
the same thing in the same words.
"""

from __future__ import annotations

_VOWELS = frozenset("aeiou")


def plural(singular: str) -> str:
    """The plural of a noun phrase, made on its last word: ``"hostile contact"`` ->
    ``"hostile contacts"``, ``"party"`` -> ``"parties"``, ``"key"`` -> ``"keys"``.

    >>> plural("party"), plural("negative tie"), plural("key"), plural("match")
    ('parties', 'negative ties', 'keys', 'matches')
    """
    head, _, last = singular.rpartition(" ")
    if last.endswith("y") and len(last) > 1 and last[-2] not in _VOWELS:
        last = last[:-1] + "ies"
    elif last.endswith(("s", "x", "z", "ch", "sh")):
        last += "es"
    else:
        last += "s"
    return f"{head} {last}" if head else last


def count(n: int, singular: str, many: str | None = None, *, grouped: bool = False) -> str:
    """``n`` and the noun in the form that fits it: ``count(1, "contact")`` is
    ``"1 contact"``, ``count(3, "party")`` ``"3 parties"``; ``many`` for a plural that
    :func:`plural` does not make (``count(2, "member with ties", "members with ties")``);
    ``grouped`` writes thousands with commas (``"3,200 members"``).

    >>> count(1, "stakeholder"), count(0, "party"), count(3200, "member", grouped=True)
    ('1 stakeholder', '0 parties', '3,200 members')
    """
    number = f"{n:,}" if grouped else str(n)
    return f"{number} {singular if n == 1 else (many or plural(singular))}"
