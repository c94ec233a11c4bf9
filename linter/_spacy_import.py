"""Import spaCy without its command line.

``import spacy`` runs ``from .cli.info import info``, which imports spaCy's whole CLI
(model download, project tooling, ``requests``...): about 0.2 s of a claimlint cold start
that a lint run never uses. While spaCy's own ``__init__`` runs, ``spacy.cli`` and
``spacy.cli.info`` are stand-ins; they are removed as soon as it returns, so a later
``import spacy.cli`` gets the real package, and ``spacy.info()`` imports it when called.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import sys
import types
from typing import Any

_STUBS = ("spacy.cli.info", "spacy.cli")


def _info(*args: Any, **kwargs: Any) -> Any:
    from spacy.cli.info import info

    return info(*args, **kwargs)


class _Loader(importlib.abc.Loader):
    def __init__(self, real: importlib.abc.Loader) -> None:
        self.real = real

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType | None:
        return self.real.create_module(spec)

    def exec_module(self, module: types.ModuleType) -> None:
        cli = types.ModuleType("spacy.cli")
        info = types.ModuleType("spacy.cli.info")
        info.info = _info  # type: ignore[attr-defined]
        stubs = {"spacy.cli": cli, "spacy.cli.info": info}
        for name, stub in stubs.items():
            sys.modules.setdefault(name, stub)
        try:
            self.real.exec_module(module)
        finally:
            for name, stub in stubs.items():
                if sys.modules.get(name) is stub:
                    del sys.modules[name]
            if module.__dict__.get("cli") is cli:
                del module.__dict__["cli"]


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, name: str, path: Any = None,
                  target: Any = None) -> importlib.machinery.ModuleSpec | None:
        if name != "spacy":
            return None
        uninstall()
        spec = importlib.util.find_spec("spacy")
        if spec is not None and spec.loader is not None:
            spec.loader = _Loader(spec.loader)
        return spec


_finder = _Finder()


def install() -> None:
    """Skip spaCy's CLI if spaCy has not been imported yet (a no-op otherwise)."""
    if "spacy" not in sys.modules and _finder not in sys.meta_path:
        sys.meta_path.insert(0, _finder)


def uninstall() -> None:
    if _finder in sys.meta_path:
        sys.meta_path.remove(_finder)
