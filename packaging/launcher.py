"""Entry script for the PyInstaller bundle: start Steward as the `steward` command would."""

import multiprocessing
import sys

from steward.cli import main

if __name__ == "__main__":
    # Large imports parse in a second process; in a frozen app that process starts this same
    # executable, which must then run the worker instead of the app.
    multiprocessing.freeze_support()
    sys.exit(main())
