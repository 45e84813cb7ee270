"""Kept for the imports of ``graphkit.analysis.planning``: the planning tools now live in
:mod:`.introductions` (warm introductions), :mod:`.whatif` (what-if removals) and
:mod:`.change` (round-to-round change); their public names are re-exported here.
"""

from graphkit.analysis.change import CHANGE, Change, diff
from graphkit.analysis.introductions import IntroPath, IntroResult, introduction_paths
from graphkit.analysis.whatif import analysis_without, what_if, without

__all__ = [
    "CHANGE",
    "Change",
    "IntroPath",
    "IntroResult",
    "analysis_without",
    "diff",
    "introduction_paths",
    "what_if",
    "without",
]
