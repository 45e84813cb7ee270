"""Keep credentials out of everything graphkit prints, logs or raises.

The Neo4j password comes only from ``NEO4J_PASSWORD``; :func:`scrub` removes it,
and any ``user:password@`` part of a URL, from text before it is shown.
"""

from __future__ import annotations

import os
import re

MASK = "***"


def scrub(text: str) -> str:
    """``text`` with the Neo4j password and URL credentials replaced by ``***``."""
    password = os.environ.get("NEO4J_PASSWORD")
    if password:
        text = text.replace(password, MASK)
    return re.sub(r"(://[^/@:\s]*):[^/@\s]*@", rf"\1:{MASK}@", text)
