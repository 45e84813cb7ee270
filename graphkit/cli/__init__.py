"""The ``graphkit`` command line: thin click commands over the library.

Each command parses its options, makes one library call and formats the result through
a view (:mod:`graphkit.render.views`). Data goes to stdout, progress and notices to
stderr. Text from the data reaches the terminal only through
:func:`graphkit.render.text.terminal_safe` (tables, "Why:" lines, errors, progress).

- :mod:`.app`: the group, errors and exits;
- :mod:`.options`: the shared options (store, format, scope, sharing, dates);
- :mod:`.complete`: shell completion of negotiation names and stakeholder ids;
- :mod:`.records`: ``import``, ``negotiations``, ``delete``;
- :mod:`.analysis`: ``influence``, ``brokers``, ``friction``, ``path``, ``whatif``, ``diff``;
- :mod:`.outputs`: ``map``, ``report``, ``demo``.
"""

from graphkit.cli import analysis, outputs, records
from graphkit.cli.app import main

__all__ = ["analysis", "main", "outputs", "records"]

if __name__ == "__main__":  # pragma: no cover
    main()
