"""`python -m govkg.cli`: the same as the `kg` command."""

import sys

from govkg.cli import main

sys.exit(main())
