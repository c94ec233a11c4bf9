"""What applies to an open document, exactly as ``claimlint check`` applies it: the
configuration found upward from the document's folder (``[tool.claimlint]`` in
``pyproject.toml`` or ``.claimlint.yaml``, via :class:`linter.runner.Configs`), the editor's
overrides, and after the engine the per-file ignores and inline suppressions
(:func:`linter.runner.finish`).

Reloading: config files are re-read when their mtime changes (:mod:`linter.config` checks
on every lookup); the claimsets an engine was built from are stamped (mtime and size), and
a changed stamp rebuilds the engines. ``workspace/didChangeWatchedFiles`` and saves clear
the folder -> config lookups, for config files created or deleted.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from linter import config as config_mod
from linter.claimset import builtin_claimset_paths
from linter.config import Config, Overrides
from linter.engine import LintOptions
from linter.runner import Configs, RunError
from linter.yamlload import ConfigError

#: Globs for ``workspace/didChangeWatchedFiles``: config files and claimsets.
WATCHED_GLOBS = ("**/pyproject.toml", "**/.claimlint.yaml", "**/.claimlint.yml",
                 "**/*.yaml", "**/*.yml")
CONFIG_NAMES = frozenset({"pyproject.toml", *config_mod.YAML_NAMES})

Stamp = tuple[tuple[str, int, int], ...]


def file_stamp(paths: Sequence[str | Path]) -> Stamp:
    stamps = []
    for path in paths:
        try:
            st = os.stat(path)
            stamps.append((str(path), st.st_mtime_ns, st.st_size))
        except OSError:
            stamps.append((str(path), -1, -1))
    return tuple(stamps)


@dataclass(frozen=True)
class Settings:
    """The effective settings for one document."""

    config: Config
    options: LintOptions
    stamp: Stamp  # the claimsets the engine is built from, as they are on disk now
    error: str | None = None  # a configuration problem (the defaults are used instead)

    @property
    def engine_key(self) -> tuple[object, ...]:
        return (dataclasses.astuple(self.options), self.stamp)


class Project:
    def __init__(self, overrides: Overrides | None = None, model: str | None = None,
                 root: str | None = None) -> None:
        self.overrides = overrides or Overrides()
        self.model = model
        self.root = root
        self.configs = Configs(self.overrides)
        self._stamps: dict[tuple[str, ...], Stamp] = {}

    def reload(self) -> None:
        """Forget every cached configuration (files are read again on next use)."""
        config_mod.clear_cache()
        self.configs = Configs(self.overrides)
        self._stamps.clear()

    def settings_for(self, path: str | None) -> Settings:
        where = path or self.root or os.getcwd()
        error = None
        try:
            config = self.configs.for_path(where)
        except (ConfigError, RunError, ValueError) as exc:
            error = str(exc)
            config = Config.default(self.root).with_overrides(
                dataclasses.replace(self.overrides, claimsets=None))
        stamp = file_stamp([*builtin_claimset_paths(), *config.claimsets])
        known = self._stamps.get(config.claimsets)
        if known is not None and known != stamp:
            # A claimset changed on disk: the known codes the configs checked may be stale.
            self.configs = Configs(self.overrides)
        self._stamps[config.claimsets] = stamp
        return Settings(config, config.lint_options(self.model), stamp, error)

    def is_watched(self, path: str) -> bool:
        """Whether a change to ``path`` calls for a reload: a config file, a bundled
        claimset, or a claimset a configuration names."""
        if Path(path).name in CONFIG_NAMES:
            return True
        absolute = os.path.abspath(path)
        claimsets = {str(p) for p in builtin_claimset_paths()}
        claimsets.update(c for names in self._stamps for c in names)
        return absolute in {os.path.abspath(c) for c in claimsets}
