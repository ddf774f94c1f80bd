"""``python -m mentorpair.cli``: the same as the ``mentorpair`` command."""

import sys

from . import main

sys.exit(main())
