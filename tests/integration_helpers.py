"""Shared helpers for the repository-integration tests (config, suppressions, baseline,
output formats, parallel runs, pre-commit)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import Result
from typer.testing import CliRunner

from linter.cli import app

REPO = Path(__file__).resolve().parent.parent

BAD_TXT = "This serum heals acne.\nIt is 100% safe.\n"  # SCM201 (error), SCM208 (warning)
GOOD_TXT = "A gentle daily moisturiser with shea butter.\n"


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def cli(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(app, list(args), input=input)


def cli_json(*args: str) -> tuple[int, dict[str, Any]]:
    result = cli("check", "--format", "json", *args)
    assert result.stdout.strip(), result.stderr
    return result.exit_code, json.loads(result.stdout)


def codes(data: dict[str, Any]) -> list[str]:
    return [f["code"] for f in data["findings"]]
