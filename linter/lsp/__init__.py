"""``claimlint lsp``: the language server, one module per LSP feature.

- :mod:`~linter.lsp.server`: the pygls server, its lifecycle and the scheduling of lints;
- :mod:`~linter.lsp.sync`: the open documents and their changes (full and incremental);
- :mod:`~linter.lsp.linting`: the lint path per change (only the paragraphs an edit
  touched) and the engines, built once per configuration;
- :mod:`~linter.lsp.project`: configuration, suppressions and reloads, as the CLI has them;
- :mod:`~linter.lsp.diagnostics`: findings -> ``publishDiagnostics``;
- :mod:`~linter.lsp.hover`: ``textDocument/hover``;
- :mod:`~linter.lsp.code_actions`: ``textDocument/codeAction`` quick fixes;
- :mod:`~linter.lsp.positions`: source offsets <-> LSP positions (UTF-16 by default).
"""
