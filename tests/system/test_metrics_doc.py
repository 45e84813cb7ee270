"""docs/metrics.md defines every metric of the registry, as the registry does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from graphkit.analysis import metrics

ROOT = Path(__file__).resolve().parents[2]


def test_the_metrics_page_is_written_from_the_registry():
    run = subprocess.run([sys.executable, ROOT / "scripts" / "metrics_doc.py", "--check"],
                         capture_output=True, text=True)  # fmt: skip
    assert run.returncode == 0, run.stderr
    page = (ROOT / "docs" / "metrics.md").read_text(encoding="utf-8")
    for m in metrics.METRICS:
        assert f"| `{m.name}` |" in page and m.definition.replace("|", "\\|") in page
