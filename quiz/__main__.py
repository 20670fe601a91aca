"""`python -m quiz`: see quiz/cli.py."""

import sys

from .cli import main

sys.exit(main())
