"""Entry script for the PyInstaller bundle: start Steward as the `steward` command would."""

import sys

from steward.cli import main

if __name__ == "__main__":
    sys.exit(main())
