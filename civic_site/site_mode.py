"""Test operation (Testbetrieb): the one place that reads the build's mode.

Before launch the site states facts nobody has confirmed yet (civic_site/placeholders.py).
Publishing refuses while `launch-check` finds any, unless the repository opts into test
operation (.github/workflows/deploy.yml: repository variable TESTBETRIEB = 'true'); that
build then runs with SITE_TESTBETRIEB=1, and every page carries a visible "Testbetrieb"
notice and `<meta name="robots" content="noindex">` (overrides/main.html, through the
template API's `test_operation`), so no search engine lists a page with placeholders.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

TEST_OPERATION_ENV = "SITE_TESTBETRIEB"
_YES = {"1", "true", "yes", "ja", "on"}


def in_test_operation(environ: Mapping[str, str] | None = None) -> bool:
    """True when SITE_TESTBETRIEB is 1, true, yes, ja or on (any case)."""
    value = (environ if environ is not None else os.environ).get(TEST_OPERATION_ENV, "")
    return value.strip().lower() in _YES
