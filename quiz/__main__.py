"""`python -m quiz`: see quiz/authoring/cli.py."""

import sys

from .authoring.cli import main

sys.exit(main())
