"""A test hook: stop a build at a named stage, so that a test can kill it there.

With ``SITEGEN_PAUSE_AT=<stage>`` in its environment, a build that reaches
that stage writes ``sitegen: paused at <stage>`` on stderr and waits there
until it is killed. The fault-injection test (tests/test_faults.py) kills a
real build at each stage with SIGKILL and checks that the published site is
whole. Unset (always, outside that test), a pause point costs one lookup.
"""

from __future__ import annotations

import os
import sys
import time

PAUSE_ENV = "SITEGEN_PAUSE_AT"
#: Content loaded; a first PDF rendered; half the files written; before the swap; after it.
STAGES = ("load", "pdf", "write", "swap", "swapped")


def pause_point(stage: str) -> None:
    """Wait here for ever if the environment asks to pause at ``stage``."""
    if os.environ.get(PAUSE_ENV) != stage:
        return
    # Not the log: a test waits for this exact line, whatever the logging set-up.
    sys.stderr.write(f"sitegen: paused at {stage}\n")
    sys.stderr.flush()
    while True:
        time.sleep(60)
