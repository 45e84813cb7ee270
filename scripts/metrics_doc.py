"""Write the registry part of docs/metrics.md from graphkit.analysis.metrics.

python3 scripts/metrics_doc.py          # rewrite docs/metrics.md between its markers
python3 scripts/metrics_doc.py --check  # exit 1 if the page is out of date (a test runs it)
"""

from __future__ import annotations

import sys
from pathlib import Path

PAGE = Path(__file__).resolve().parents[1] / "docs" / "metrics.md"
BEGIN = (
    "<!-- BEGIN metrics: written by scripts/metrics_doc.py from graphkit/analysis/metrics.py -->"
)
END = "<!-- END metrics -->"


def table() -> str:
    from graphkit.analysis import metrics

    rows = ["| name | label | runs on | definition | goes to |", "|---|---|---|---|---|"]
    for m in metrics.METRICS:
        cell = m.definition.replace("|", "\\|")
        rows.append(
            f"| `{m.name}` | {m.label} | {m.graph} | {cell} | {', '.join(sorted(m.outputs))} |"
        )
    return "\n".join(rows)


def render(text: str) -> str:
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return f"{head}{BEGIN}\n{table()}\n{END}{tail}"


def main() -> int:
    text = PAGE.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        print(f"{PAGE}: the markers are missing", file=sys.stderr)
        return 1
    new = render(text)
    if "--check" in sys.argv[1:]:
        if new != text:
            print(f"{PAGE} is out of date: run python3 scripts/metrics_doc.py", file=sys.stderr)
            return 1
        return 0
    PAGE.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
