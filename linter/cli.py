"""The command line: ``claimlint check | rules | explain | lsp``."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from linter import __version__
from linter.findings import ExitCode, InputError, Severity

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
    market: Annotated[Market, typer.Option(help="Market whose rules apply.")] = Market.us,
    select: Annotated[list[str] | None, typer.Option(
        help="Only these codes or prefixes (comma-separated, repeatable).")] = None,
    ignore: Annotated[list[str] | None, typer.Option(
        help="Skip these codes or prefixes (comma-separated, repeatable).")] = None,
    fail_on: Annotated[FailOn, typer.Option(
        help="Lowest severity that makes the exit status 1.")] = FailOn.warning,
    claimset: Annotated[list[str] | None, typer.Option(
        help="Extra claimset YAML file (repeatable).")] = None,
    model: Annotated[str | None, typer.Option(
        help="An installed spaCy pipeline to use instead of blank English.")] = None,
    stdin_filename: Annotated[str | None, typer.Option(
        help="Path to report (and to pick the reader by) for input read from -.")] = None,
) -> None:
    """Lint copy files and folders."""
    from linter.documents import UnreadableInput, read_bytes, read_path
    from linter.engine import LintOptions, Linter
    from linter.files import walk
    from linter.report import Report, reporters
    from linter.yamlload import ConfigError

    try:
        linter = Linter(LintOptions(
            claimsets=tuple(claimset or ()), model=model, market=market.value,
            select=_codes(select), ignore=_codes(ignore)))
    except ConfigError as exc:
        raise _fail(str(exc)) from None
    except ValueError as exc:
        raise _fail(str(exc)) from None

    errors: list[InputError] = []
    sources: dict[str, str] = {}

    def documents():
        for path in walk(paths or ["."]):
            try:
                if path == "-":
                    shown = stdin_filename or "<stdin>"
                    document = read_bytes(sys.stdin.buffer.read(), shown)
                else:
                    document = read_path(path)
            except UnreadableInput as exc:
                errors.append(InputError(path, str(exc)))
                continue
            if output_format is OutputFormat.text:
                sources[document.path] = document.source
            yield document

    findings = []
    files = 0
    for _document, found in linter.lint_documents(documents()):
        files += 1
        findings.extend(found)
    report = Report(findings, errors, files, linter.rulebook, sources)
    stream = sys.stdout
    color = output_format is OutputFormat.text and stream.isatty()
    reporters()[output_format.value](report, stream, color)
    for warning in linter.warnings:
        typer.echo(f"claimlint: warning: {warning}", err=True)
    threshold = Severity.parse(fail_on.value)
    if errors:
        raise typer.Exit(ExitCode.ERROR)
    if any(f.severity >= threshold for f in findings):
        raise typer.Exit(ExitCode.FINDINGS)
    raise typer.Exit(ExitCode.OK)


@app.command()
def rules(
    claimset: Annotated[list[str] | None, typer.Option(
        help="Extra claimset YAML file (repeatable).")] = None,
) -> None:
    """List every rule: code, name, severity, kind and summary."""
    from linter.claimset import load_rulebook
    from linter.yamlload import ConfigError

    try:
        book = load_rulebook(claimset or ())
    except ConfigError as exc:
        raise _fail(str(exc)) from None
    for rule in sorted(book.rules, key=lambda r: r.code):
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
    from linter.yamlload import ConfigError

    try:
        book = load_rulebook(claimset or ())
    except ConfigError as exc:
        raise _fail(str(exc)) from None
    rule = book.rule(code)
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
