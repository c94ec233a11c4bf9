"""No input makes claimlint crash or hang, and a bad file never stops the good files beside
it: broken encodings, binary data, huge and deeply nested files, unclosed markup, odd paths,
Unicode disguises, and user regexes that backtrack forever."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from linter.cli import app
from linter.documents import UnreadableInput, read_bytes, read_path, read_text
from linter.documents.decode import decode
from linter.engine import Linter, LintOptions

CLAIM = "Our serum heals eczema.\n"
SUFFIXES = ("a.txt", "a.md", "a.html")


@contextlib.contextmanager
def deadline(seconds: float):
    """Fail (instead of hanging the suite) when the block runs longer than ``seconds``.
    The alarm interrupts Python code, which is where quadratic loops live."""
    if not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):
        raise TimeoutError(f"took longer than {seconds}s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def scm201(findings):
    return [f for f in findings if f.code == "SCM201"]


def cli_json(args, **kw):
    result = CliRunner().invoke(app, ["check", "--format", "json", *args], **kw)
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exception
    return result, json.loads(result.stdout)


# --- encodings and bytes -------------------------------------------------------------------

def test_utf8_bom_and_crlf_keep_positions(linter):
    data = "\ufeffFirst line.\r\nOur serum heals eczema.\r\n".encode()
    for name in SUFFIXES:
        document = read_bytes(data, name)
        (f,) = scm201(linter.lint_document(document))
        assert (f.start_pos.line, f.start_pos.column) == (2, 11), name
        assert (f.end_pos.line, f.end_pos.column) == (2, 23), name
        assert f.text == "heals eczema"


def test_old_mac_line_breaks_count_as_lines(linter):
    (f,) = scm201(linter.lint_document(read_bytes(b"One.\rTwo.\rIt heals eczema.", "a.txt")))
    assert (f.start_pos.line, f.start_pos.column) == (3, 4)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_a_bom_is_copy(linter, codec):
    text = "Line.\r\n" + CLAIM
    data = text.encode(codec)
    if codec != "utf-16":
        data = ("\ufeff" + text).encode(codec)
    (f,) = scm201(linter.lint_document(read_bytes(data, "a.txt")))
    assert (f.start_pos.line, f.text) == (2, "heals eczema")


@pytest.mark.parametrize("data, reason", [
    ("café crème heals eczema".encode("latin-1"), r"not valid UTF-8 \(byte 0xE9 on line 1\)"),
    (b"Fine line.\nAnother.\nBad \xff\xfe byte heals eczema\n", r"byte 0xFF on line 3"),
    (b"Cut short \xe2\x80", "not valid UTF-8"),
    (b"\xed\xa0\x80 a surrogate", "not valid UTF-8"),
    ("heals".encode("utf-16")[:-1], "invalid UTF-16"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "binary"),
    (b"\x7fELF\x02\x01\x01\x00" + bytes(64), "binary"),
    (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + bytes(range(256)), "binary"),
    (b"h\x00e\x00a\x00l\x00s\x00 \x00", "binary"),  # UTF-16 without its BOM
    (bytes(range(256)) * 40, "binary|not valid UTF-8"),  # few NULs: refused as UTF-8
])
def test_unreadable_bytes_say_why(data, reason):
    with pytest.raises(UnreadableInput, match=reason):
        read_bytes(data, "a.txt")


def test_stray_nul_bytes_in_copy_are_word_breaks(linter):
    body = "A light gel that leaves skin looking smoother.\n" * 4
    data = (body + "Our serum heals\x00 eczema.\n").encode()
    (f,) = scm201(linter.lint_document(read_bytes(data, "a.txt")))
    assert (f.start_pos.line, f.start_pos.column) == (5, 11)
    assert f.text == "heals\x00 eczema"
    # a NUL inside a word splits it, like any other control character
    assert not scm201(linter.lint_text(body + "It he\x00als eczema.", "a.txt"))


@pytest.mark.parametrize("text", ["", "\n", "\r\n\r\n", "   \t ", "\ufeff", "\u200b\u200b",
                                  "\x00", "<!-- -->", "```", "---\n---\n", "<html></html>"])
@pytest.mark.parametrize("name", SUFFIXES)
def test_empty_and_blank_files(linter, text, name):
    document = read_text(text, name)
    assert linter.lint_document(document) == []


def test_empty_file_bytes():
    assert read_bytes(b"", "a.md").text == ""
    assert decode(b"\xef\xbb\xbf") == ""


# --- Unicode disguises ---------------------------------------------------------------------

DISGUISED = [
    "ｈｅａｌｓ eczema",  # fullwidth letters
    "ｈｅａｌｓ　ｅｃｚｅｍａ",  # and an ideographic space
    "he\u200bals eczema",  # zero-width space
    "he\u200c\u200dals eczema",  # zero-width (non-)joiner
    "he\u2060als ec\ufeffzema",  # word joiner, BOM inside a word
    "he\u00adals eczema",  # soft hyphen
    "\u202eheals eczema\u202c",  # right-to-left override ... pop
    "he\u2066als\u2069 eczema",  # isolates
    "he\u200e\u200fals eczema",  # LRM, RLM
    "heals\u00a0eczema",  # no-break space
    "ｈe\u200bａls ecz\u00adema",  # all at once
]


@pytest.mark.parametrize("claim", DISGUISED)
@pytest.mark.parametrize("name", SUFFIXES)
def test_unicode_disguises_are_still_the_claim(linter, claim, name):
    source = f"Our serum {claim} fast.\n"
    (f,) = scm201(linter.lint_text(source, name))
    assert f.text == source[f.start:f.end]
    assert f.start == source.index(claim.lstrip("\u202e"))
    assert f.text.rstrip("\u202c") == claim.strip("\u202e\u202c")
    assert (f.start_pos.line, f.start_pos.column) == (1, f.start + 1)


# --- size ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", SUFFIXES)
def test_a_100000_character_line(linter, name):
    line = ("word " * 20000)[:100000] + "heals eczema"
    with deadline(10):
        (f,) = scm201(linter.lint_text("First.\n" + line, name))
    assert (f.start_pos.line, f.start_pos.column) == (2, 100001)
    with deadline(10):  # one 100,000-character word
        (f,) = scm201(linter.lint_text("x" * 100000 + " heals eczema", name))
    assert f.start_pos.column == 100002


def test_a_100000_character_line_of_claims(linter):
    with deadline(4):
        findings = linter.lint_text("heals eczema, " * 7143, "a.txt")
    assert scm201(findings)


def test_20_megabytes_decode_and_read_in_seconds():
    paragraph = "Our serum heals eczema. A light gel, with fresh botanicals and a soft finish.\n\n"
    count = 20_000_000 // len(paragraph) + 1
    data = (paragraph * count).encode()
    assert len(data) >= 20_000_000
    with deadline(30):
        started = time.perf_counter()
        text = decode(data)
        for name in ("a.txt", "a.html"):
            document = read_text(text, name)
            assert len(document.text) > 19_000_000
            # the map still points at the right line at the very end of the file
            last = document.text.rindex("heals")
            start = document.source_start(last)
            assert document.position(start).line == 2 * count - 1
            assert document.source[start:start + 5] == "heals"
        elapsed = time.perf_counter() - started
    assert elapsed < 30


def test_a_large_file_lints_every_claim(linter):
    paragraph = "Our serum heals eczema. A light gel, with fresh botanicals and a soft finish.\n\n"
    count = 200_000 // len(paragraph)
    with deadline(30):
        findings = linter.lint_text(paragraph * count, "a.md")
    found = scm201(findings)
    assert len(found) == count
    assert [f.start_pos.line for f in found] == list(range(1, 2 * count, 2))


# --- markup --------------------------------------------------------------------------------

def test_20000_nested_html_tags(linter):
    with deadline(10):
        (f,) = scm201(linter.lint_text("<div>" * 20000 + "heals eczema" + "</div>" * 20000,
                                       "a.html"))
        assert f.start_pos.column == 100001
        (f,) = scm201(linter.lint_text("<span><b>" * 20000 + "\nheals eczema", "a.html"))
        assert (f.start_pos.line, f.start_pos.column) == (2, 1)
        (f,) = scm201(linter.lint_text("> " * 20000 + "heals eczema", "a.md"))
        assert f.start_pos.column == 40001


@pytest.mark.parametrize("source, name, lines", [
    ("<p>Our serum heals eczema <b", "a.html", [1]),
    ("<p>Our serum heals eczema.</p>\n<a href=\"x>never closed heals eczema", "a.html", [1]),
    ("<p>It heals eczema.</p>\n<!-- heals eczema, never closed", "a.html", [1]),
    ("<p>It heals eczema.</p>\n<script>heals eczema", "a.html", [1]),
    ("<p>It heals eczema.\n<div><span><b>and it heals eczema", "a.html", [1, 2]),
    ("<p>It heals eczema.</p><p>5 &# 6</p>\n<script>heals eczema</script>", "a.html", [1]),
    ("<p>It heals eczema &#x; and</p><style>heals eczema</style>\n<p>acne", "a.html", [1]),
    ("It heals eczema.\n\n```\nheals eczema, never closed", "a.md", [1]),
    ("It heals eczema.\n<!-- heals eczema, never closed", "a.md", [1]),
    ("---\nIt heals eczema.\n", "a.md", [2]),  # front matter never closed: it is copy
    ("It `heals eczema.\n", "a.md", [1]),
    ("[It heals eczema](http://x.y/(a\n", "a.md", [1]),
])
def test_unclosed_markup(linter, source, name, lines):
    with deadline(10):
        found = scm201(linter.lint_text(source, name))
    assert [f.start_pos.line for f in found] == lines
    for f in found:
        assert "<" not in f.text


PATHOLOGICAL = [
    "](" * 50000, "](x \"" * 20000, "<http:" * 16000, "-" + " " * 100000 + "x",
    "|-" + " \t" * 50000 + "x", "- - -" + " " * 100000 + "x", "<a " * 33000, "<a b" * 25000,
    "<a \"" * 25000, "<!--" * 25000, "<?" * 50000, "<!" * 50000, "</" * 50000, "&#" * 50000,
    "&" * 100000, "<" * 100000, "[" * 100000, "`" * 100000, "`a" * 50000, "*_" * 50000,
    "\\" * 100000, "> " * 50000 + "x", "1. " * 33000, "<a alt=" + "x" * 100000,
    "<img alt='" + "x" * 100000, "\r" * 100000, "\t " * 50000, "\u200b" * 100000,
    "ﬁ" * 100000, "&amp;" * 20000, "<![CDATA[" * 11000, "<b>" * 33000, "<!--" * 25000 + "-->",
    "</" * 50000 + ">", "<p>" + "&#;" * 33000, "<![ x" * 20000, "<![foo[" * 14000,
]


@pytest.mark.parametrize("index", range(len(PATHOLOGICAL)))
def test_pathological_lines_read_in_linear_time(index):
    """Each of these took from 3 s to several minutes in a reader before it was fixed."""
    source = PATHOLOGICAL[index]
    with deadline(5):
        for name in SUFFIXES:
            read_text(source, name)


def test_a_marked_section_html_does_not_know_is_a_bogus_comment(linter):
    """"<![" without CDATA made html.parser raise AssertionError, ending the whole run.
    As in a browser, it is a comment up to the next ">"; what follows is copy."""
    source = "<p>Our serum heals eczema.</p><![ if gte mso 9 ]>heals acne<![endif]>\n" \
             "<p>It heals eczema.</p><![x heals eczema ]>"
    found = scm201(linter.lint_text(source, "a.html"))
    assert [(f.start_pos.line, f.start_pos.column) for f in found] == [(1, 14), (1, 50), (2, 7)]


@pytest.mark.parametrize("source", [
    "](" * 50000, ")(" * 50000, "$" * 100000, "*_" * 50000, "a:" * 50000, "!?" * 50000,
    "&amp;" * 20000,
])
def test_long_runs_of_symbols_do_not_stall_the_tokenizer(linter, source):
    """spaCy splits such a run one character at a time, in quadratic time: 4,000 brackets
    took 1.2 s, 100,000 many minutes. The reader cuts long runs with a space."""
    with deadline(10):
        for name in SUFFIXES:
            assert linter.lint_text(source + " It heals eczema.", name)


# --- paths ---------------------------------------------------------------------------------

def test_paths_that_are_not_files(tmp_path):
    with pytest.raises(UnreadableInput, match="no such file"):
        read_path(str(tmp_path / "missing.md"))
    with pytest.raises(UnreadableInput, match="is a directory"):
        read_path(str(tmp_path))
    if hasattr(os, "symlink"):
        (tmp_path / "broken.md").symlink_to(tmp_path / "nowhere.md")
        with pytest.raises(UnreadableInput, match="no such file"):
            read_path(str(tmp_path / "broken.md"))


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_a_device_is_refused_not_read_forever():
    with deadline(5), pytest.raises(UnreadableInput, match="not a regular file"):
        read_path("/dev/zero")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_a_pipe_without_a_writer_does_not_block(tmp_path):
    fifo = tmp_path / "copy.txt"
    os.mkfifo(fifo)
    with deadline(5):
        assert read_path(str(fifo)).text == ""


def test_permission_denied_is_reported(tmp_path, monkeypatch):
    path = tmp_path / "secret.md"
    path.write_text(CLAIM, encoding="utf-8")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", refuse)  # root reads anything: simulate the refusal
    with pytest.raises(UnreadableInput, match="permission denied"):
        read_path(str(path))


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root reads files whatever their mode")
def test_unreadable_file_beside_a_good_one(tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text(CLAIM, encoding="utf-8")
    secret.chmod(0)
    good = tmp_path / "good.md"
    good.write_text(CLAIM, encoding="utf-8")
    try:
        result, data = cli_json([str(secret), str(good)])
    finally:
        secret.chmod(0o644)
    assert result.exit_code == 2
    assert [f["path"] for f in data["findings"]] == [str(good)]
    assert data["errors"] == [{"path": str(secret), "message": "permission denied"}]


# --- the run goes on -----------------------------------------------------------------------

def make_mixed_inputs(root: Path) -> tuple[list[str], dict[str, str], list[str]]:
    """Good copy interleaved with every kind of bad input: (paths to pass, expected errors
    by path, paths that must have a finding)."""
    def write(name: str, data: bytes) -> str:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return str(path)

    good = [
        write("good1.txt", CLAIM.encode()),
        write("bom-crlf.md", "\ufeff# Serum\r\n\r\nOur serum heals eczema.\r\n".encode()),
        write("fullwidth.html", "<p>Our serum ｈｅａｌｓ ｅｃ\u200bzema.</p>".encode()),
        write("utf16.txt", CLAIM.encode("utf-16")),
        write("folder/good2.md", CLAIM.encode()),
    ]
    errors = {
        write("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(100)):
            "binary file (not text copy)",
        write("latin1.md", "Crème: heals eczema.\n".encode("latin-1")):
            "not valid UTF-8 (byte 0xE8 on line 1); save the file as UTF-8",
        write("folder/broken.md", b"Fine.\nheals eczema \xff\n"):
            "not valid UTF-8 (byte 0xFF on line 2); save the file as UTF-8",
        str(root / "missing.md"): "no such file",
    }
    blank = [write("empty.txt", b""), write("nul.txt", b"\x00" * 64 + CLAIM.encode())]
    errors[blank[1]] = "binary file (not text copy)"
    if hasattr(os, "symlink"):
        link = root / "broken-link.md"
        link.symlink_to(root / "nowhere.md")
        errors[str(link)] = "no such file"
    if os.path.exists("/dev/zero"):
        errors["/dev/zero"] = "not a regular file (a device or socket)"
    paths = [good[0], *list(errors)[:2], good[1], str(root / "missing.md"), good[2],
             *blank, good[3], *list(errors)[4:], str(root / "folder")]
    return paths, errors, good


def test_bad_files_never_stop_the_good_ones(tmp_path):
    paths, errors, good = make_mixed_inputs(tmp_path)
    with deadline(60):
        result, data = cli_json(paths)
    assert result.exit_code == 2  # input errors
    assert sorted(f["path"] for f in data["findings"]) == sorted(good)
    assert {f["code"] for f in data["findings"]} == {"SCM201"}
    assert {e["path"]: e["message"] for e in data["errors"]} == errors
    assert data["summary"]["files"] == len(good) + 1  # and the empty file
    by_path = {f["path"]: f for f in data["findings"]}
    assert (by_path[good[1]]["line"], by_path[good[1]]["column"]) == (3, 11)
    assert by_path[good[2]]["text"] == "ｈｅａｌｓ ｅｃ\u200bzema"


def test_bad_files_are_named_in_text_output_too(tmp_path):
    paths, errors, good = make_mixed_inputs(tmp_path)
    result = CliRunner().invoke(app, ["check", *paths])
    assert result.exit_code == 2
    for path in good:
        assert f"{path}:" in result.stdout
    for path, message in errors.items():
        assert f"{path}: error: {message}" in result.stdout + result.stderr


def test_a_file_over_a_million_characters_beside_a_good_one(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("A light gel that leaves skin looking smoother.\n\n" * 22000
                   + CLAIM, encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text(CLAIM, encoding="utf-8")
    with deadline(60):
        result = CliRunner().invoke(app, ["check", "--format", "json", str(big), str(good)])
    assert result.exit_code == 1, result.stderr
    data = json.loads(result.stdout)
    assert sorted(f["path"] for f in data["findings"]) == [str(big), str(good)]


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="needs byte file names")
def test_a_file_name_that_is_not_utf8(tmp_path):
    folder = tmp_path / "copy"
    folder.mkdir()
    (folder / os.fsdecode(b"caf\xe9.md")).write_text(CLAIM, encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run([sys.executable, "-m", "linter", "check", "--format", "sarif",
                           str(folder)], capture_output=True, env=env, timeout=120)
    assert b"Traceback" not in proc.stderr, proc.stderr.decode(errors="replace")
    assert proc.returncode == 1
    json.loads(proc.stdout)


# --- user claimsets ------------------------------------------------------------------------

EVIL_CLAIMSET = """\
claimlint: 1
id: evil
sources:
  src: {title: A source}
rules:
  - code: EVL101
    name: evil-regex
    kind: claim
    severity: warning
    message: "{text}"
    evidence: [{source: src, quote: "a quote"}]
    patterns:
      - {regex: '(a+)+$'}
"""


def test_a_catastrophic_user_regex_is_stopped_and_named(tmp_path):
    claimset = tmp_path / "evil.yaml"
    claimset.write_text(textwrap.dedent(EVIL_CLAIMSET), encoding="utf-8")
    linter = Linter(LintOptions(claimsets=(str(claimset),)))
    with deadline(10):
        started = time.perf_counter()
        findings = linter.lint_text("a" * 100_000 + "b\n" + CLAIM, "a.txt")
        elapsed = time.perf_counter() - started
    assert elapsed < 5
    assert [f.code for f in findings] == ["SCM201"]
    (warning,) = linter.warnings
    assert "(a+)+$" in warning and f"{claimset}:13" in warning


def test_the_cli_warns_about_a_stopped_regex_on_stderr(tmp_path):
    claimset = tmp_path / "evil.yaml"
    claimset.write_text(textwrap.dedent(EVIL_CLAIMSET), encoding="utf-8")
    evil = tmp_path / "evil.txt"
    evil.write_text("a" * 20_000 + "b\n", encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text(CLAIM, encoding="utf-8")
    with deadline(30):
        result, data = cli_json(["--claimset", str(claimset), str(evil), str(good)])
    assert result.exit_code == 1
    assert [f["path"] for f in data["findings"]] == [str(good)]
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1
    assert "(a+)+$" in warnings[0] and f"{claimset}:13" in warnings[0]
    assert "(a+)+$" not in result.stdout  # the JSON stays clean
