"""The command line: ``claimlint check | rules | explain | lsp``."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from linter import __version__
from linter.findings import ExitCode

app = typer.Typer(
    name="claimlint",
    help="A label and claims compliance linter for cosmetic marketing copy.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"


class Market(StrEnum):
    us = "us"
    eu = "eu"
    kr = "kr"
    jp = "jp"


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


def _codes(values: list[str] | None) -> tuple[str, ...]:
    return tuple(c.strip().upper() for v in values or [] for c in v.split(",") if c.strip())


def _fail(message: str) -> typer.Exit:
    typer.echo(f"claimlint: error: {message}", err=True)
    return typer.Exit(ExitCode.ERROR)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"claimlint {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """A label and claims compliance linter for cosmetic marketing copy."""


@app.command()
def check(
    paths: Annotated[list[str] | None, typer.Argument(
        help="Files or folders to lint; - reads standard input.")] = None,
    output_format: Annotated[OutputFormat, typer.Option(
        "--format", help="Output format.")] = OutputFormat.text,
    market: Annotated[Market | None, typer.Option(
        help="Market whose rules apply [default: the config file's, else us].",
        show_default=False)] = None,
    select: Annotated[list[str] | None, typer.Option(
        help="Only these codes or prefixes (comma-separated, repeatable).")] = None,
    ignore: Annotated[list[str] | None, typer.Option(
        help="Skip these codes or prefixes (comma-separated, repeatable).")] = None,
    fail_on: Annotated[FailOn | None, typer.Option(
        help="Lowest severity that makes the exit status 1 [default: the config "
             "file's, else warning].",
        show_default=False)] = None,
    claimset: Annotated[list[str] | None, typer.Option(
        help="Extra claimset YAML file (repeatable).")] = None,
    model: Annotated[str | None, typer.Option(
        help="An installed spaCy pipeline to use instead of blank English.")] = None,
    stdin_filename: Annotated[str | None, typer.Option(
        help="Path to report (and to pick the reader by) for input read from -.")] = None,
    config: Annotated[str | None, typer.Option(
        help="Use this config file (pyproject.toml or .claimlint.yaml) for every input "
             "instead of discovering one.")] = None,
    no_config: Annotated[bool, typer.Option(
        "--no-config", help="Ignore config files; command-line options only.")] = False,
    baseline: Annotated[str | None, typer.Option(
        help="Report only findings not recorded in this baseline file.")] = None,
    write_baseline: Annotated[str | None, typer.Option(
        help="Record today's findings in this baseline file, and exit 0.")] = None,
    jobs: Annotated[int, typer.Option(
        "--jobs", "-j",
        help="Lint in N processes. 0 (the default): one per CPU when the input is large "
             "enough to gain from it, else one.")] = 0,
) -> None:
    """Lint copy files and folders."""
    from linter.gcpause import paused_gc

    with paused_gc():  # importing spaCy: see linter.gcpause
        from linter.config import Overrides
        from linter.runner import CheckOptions, RunError
        from linter.runner import check as run_check
        from linter.yamlload import ConfigError

    if config and no_config:
        raise _fail("--config and --no-config cannot be used together")
    options = CheckOptions(
        paths=tuple(paths or ()),
        output_format=output_format.value,
        overrides=Overrides(
            select=_codes(select) if select else None,
            ignore=_codes(ignore) if ignore else None,
            market=market.value if market else None,
            fail_on=fail_on.value if fail_on else None,
            claimsets=tuple(claimset) if claimset else None),
        model=model, stdin_filename=stdin_filename, config=config,
        use_config=not no_config, baseline=baseline, write_baseline=write_baseline,
        jobs=jobs,
        progress=(output_format is OutputFormat.text and sys.stdout.isatty()
                  and sys.stderr.isatty()))
    color = output_format is OutputFormat.text and sys.stdout.isatty()
    try:
        status = run_check(options, sys.stdout, sys.stderr, color)
    except (ConfigError, RunError) as exc:
        raise _fail(str(exc)) from None
    raise typer.Exit(status)


@app.command()
def rules(
    claimset: Annotated[list[str] | None, typer.Option(
        help="Extra claimset YAML file (repeatable).")] = None,
) -> None:
    """List every rule: code, name, severity, kind and summary."""
    from linter.claimset import load_rulebook
    from linter.suppress import BUILTIN_RULES
    from linter.yamlload import ConfigError

    try:
        book = load_rulebook(claimset or ())
    except ConfigError as exc:
        raise _fail(str(exc)) from None
    for rule in sorted((*book.rules, *BUILTIN_RULES), key=lambda r: r.code):
        scope = f"{rule.kind}" + (f" ({', '.join(rule.markets)} only)" if rule.markets else "")
        typer.echo(f"{rule.code}  {rule.name:<32} {rule.severity.label:<8} {scope:<18} "
                   f"{rule.summary}")


@app.command()
def explain(
    code: Annotated[str, typer.Argument(help="A rule code, e.g. SCM201.")],
    claimset: Annotated[list[str] | None, typer.Option(
        help="Extra claimset YAML file (repeatable).")] = None,
) -> None:
    """Explain a rule: what it flags, why, the evidence and a compliant rewrite."""
    from linter.claimset import load_rulebook
    from linter.explain import explain_rule
    from linter.suppress import BUILTIN_RULES
    from linter.yamlload import ConfigError

    try:
        book = load_rulebook(claimset or ())
    except ConfigError as exc:
        raise _fail(str(exc)) from None
    rule = book.rule(code) or next((r for r in BUILTIN_RULES if r.code == code.upper()), None)
    if rule is None:
        raise _fail(f"unknown rule code {code!r}; `claimlint rules` lists them")
    typer.echo(explain_rule(rule))


@app.command()
def lsp() -> None:
    """Start the language server on stdio (for editors)."""
    from linter.lsp.server import serve

    serve()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
