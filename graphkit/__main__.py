import os

from graphkit.cli import main

if __name__ == "__main__":
    # Shell completion answers to _GRAPHKIT_COMPLETE for the program "graphkit" (the console
    # script), also when run as python -m graphkit: the script it prints completes graphkit.
    main(prog_name="graphkit" if "_GRAPHKIT_COMPLETE" in os.environ else None)
