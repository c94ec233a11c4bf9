from __future__ import annotations

from pathlib import Path

import pytest

from linter.engine import Linter, LintOptions

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def linter() -> Linter:
    return Linter()


@pytest.fixture(scope="session")
def eu_linter() -> Linter:
    return Linter(LintOptions(market="eu"))


def codes(findings) -> list[str]:
    return [f.code for f in findings]
