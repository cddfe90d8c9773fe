"""``python -m facepacer`` is the ``facepacer`` command."""

import sys

from facepacer.cli import main

sys.exit(main())
