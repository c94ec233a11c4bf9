"""Start-up: claimlint imports spaCy without spaCy's command line, and leaves it working."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys
import linter
from linter.engine import Linter
assert "spacy.cli" not in sys.modules, "spaCy's CLI was imported"
assert not hasattr(sys.modules["spacy"], "cli")
Linter().lint_text("Clinically proven.")
import spacy.cli
from spacy.cli.info import info
assert callable(spacy.cli.download) and callable(info)
print("ok")
"""


def test_spacy_cli_is_skipped_at_start_and_importable_later() -> None:
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_paused_gc_restores_the_collector_and_freezes_what_start_up_made() -> None:
    import gc

    from linter.gcpause import paused_gc

    assert gc.isenabled()
    before = gc.get_freeze_count()
    try:
        with paused_gc():
            assert not gc.isenabled()
            made = [[i] for i in range(1000)]  # long-lived containers, as an engine makes
        assert gc.isenabled()
        assert gc.get_freeze_count() >= before + len(made)
        gc.disable()  # a caller that manages the collector itself is left alone
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()
