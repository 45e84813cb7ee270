"""Keep credentials out of everything graphkit prints, logs or raises.

The Neo4j password comes only from ``NEO4J_PASSWORD`` or from a store URL's
``user:password@`` part; :func:`scrub`, the one credential masker of graphkit, removes
both from text before it is shown.

>>> scrub("cannot reach bolt://ana:Xq7-tide@db.example:7687 (refused)")
'cannot reach bolt://ana:***@db.example:7687 (refused)'
>>> scrub("bolt://ana:correct horse@db.example:7687", url=True)
'bolt://ana:***@db.example:7687'
"""

from __future__ import annotations

import os
import re

MASK = "***"

# ``scheme://user:password@``: the user part stops at the first ``:``. In free text the
# password runs to the last ``@`` before the URL's authority ends (at ``/`` or whitespace),
# as a URL parser reads a password that holds an ``@``. A text that is one URL (a
# ``--store`` value) is masked up to its last ``@``: there spaces, ``/`` and line breaks
# typed into a password are masked too.
_IN_TEXT = re.compile(r"(://[^/@:\s]*):[^/\s]*@")
_ONE_URL = re.compile(r"(://[^/@:]*):.*@", re.DOTALL)


def scrub(text: str, *, url: bool = False) -> str:
    """``text`` with the Neo4j password and URL credentials replaced by ``***``.

    The value of ``NEO4J_PASSWORD`` is masked wherever it appears, and the password of
    every ``scheme://user:password@host`` (any scheme) in the text. With ``url=True``
    the text is one URL, as given to ``--store``: its user and password may then hold
    spaces and ``/``, which in other text end a URL.
    """
    password = os.environ.get("NEO4J_PASSWORD")
    if password:
        text = text.replace(password, MASK)
    return (_ONE_URL if url else _IN_TEXT).sub(rf"\1:{MASK}@", text)
