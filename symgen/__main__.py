"""``python -m symgen``: the ``symgen`` command line."""
import sys

from .cli import main

sys.exit(main())
