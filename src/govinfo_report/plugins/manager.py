"""The plugin manager: a typed facade over pluggy.

Built-in readers, writers and rule packs are modules listed in :data:`DEFAULT_PLUGINS` and
registered exactly like third-party plugins, which are found through the ``govinfo_report``
entry-point group. A plugin that fails to load is reported as a warning and skipped, so one
broken install never takes the tool down.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import warnings
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import attrs
import pluggy

from .. import hookspecs
from ..errors import UnknownWriterError
from ..interfaces import Reader, Writer
from ..version import __version__

if TYPE_CHECKING:
    from ..interfaces import Rule

DEFAULT_PLUGINS: tuple[str, ...] = (
    "govinfo_report.readers.text",
    "govinfo_report.readers.html",
    "govinfo_report.readers.docx",
    "govinfo_report.readers.pdf",
    "govinfo_report.readers.ofd",
    "govinfo_report.readers.data",
    "govinfo_report.readers.xlsx",
    "govinfo_report.writers.json_writer",
    "govinfo_report.writers.csv_writer",
    "govinfo_report.writers.text_writer",
    "govinfo_report.writers.html_writer",
    "govinfo_report.writers.docx_writer",
    "govinfo_report.writers.xlsx_writer",
    "govinfo_report.rules.builtin",
    "govinfo_report.rules.corpus",
)

ENTRY_POINT_GROUP = hookspecs.PROJECT


class PluginLoadWarning(UserWarning):
    """A plugin could not be loaded; the others keep working."""


@attrs.frozen
class PluginInfo:
    name: str
    version: str
    builtin: bool
    readers: tuple[str, ...] = ()
    writers: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    error: str | None = None


@attrs.define
class PluginRegistry:
    """What the loaded plugins registered, by name."""

    readers: dict[str, Reader] = attrs.field(factory=dict)
    writers: dict[str, Writer] = attrs.field(factory=dict)
    rules: dict[str, Rule] = attrs.field(factory=dict)
    plugins: list[PluginInfo] = attrs.field(factory=list)

    # -- readers ---------------------------------------------------------------------------
    def reader_for(self, path: Path, head: bytes) -> Reader | None:
        """The reader that best claims ``path``: content sniffing first, then the suffix.

        Sniffing wins over the suffix so that a PDF saved as ``.txt`` or a GBK page saved as
        ``.doc`` still reaches the reader that understands its bytes.
        """
        best: tuple[float, Reader] | None = None
        suffix = path.suffix.lower()
        for reader in self.readers.values():
            try:
                score = float(reader.sniff(head, path))
            except Exception:  # a plugin's sniff must never break reading
                score = 0.0
            if suffix in reader.extensions:
                score += 0.25
            if score > 0 and (best is None or score > best[0]):
                best = (score, reader)
        return best[1] if best else None

    # -- writers ---------------------------------------------------------------------------
    def writer(self, name_or_suffix: str) -> Writer:
        key = name_or_suffix.lower()
        if key in self.writers:
            return self.writers[key]
        suffix = key if key.startswith(".") else "." + key
        for writer in self.writers.values():
            if suffix in writer.extensions:
                return writer
        known = ", ".join(sorted(self.writers))
        raise UnknownWriterError(f"no writer named or claiming {name_or_suffix!r} (known: {known})")


def _plugin_version(module: ModuleType) -> str:
    version = getattr(module, "__version__", None)
    if isinstance(version, str):
        return version
    return __version__


def _collect(pm: pluggy.PluginManager, plugin: object, name: str, version: str, builtin: bool,
             registry: PluginRegistry) -> None:
    found_readers: dict[str, Reader] = {}
    found_writers: dict[str, Writer] = {}
    found_rules: dict[str, Rule] = {}
    caller = pm.subset_hook_caller
    others = [p for p in pm.get_plugins() if p is not plugin]
    caller("register_readers", others)(register=lambda r: found_readers.__setitem__(r.name, r))
    caller("register_writers", others)(register=lambda w: found_writers.__setitem__(w.name, w))
    caller("register_rules", others)(register=lambda r: found_rules.__setitem__(r.code, r))
    # Only a plugin whose every hook succeeded contributes anything.
    registry.readers.update(found_readers)
    registry.writers.update(found_writers)
    registry.rules.update(found_rules)
    registry.plugins.append(PluginInfo(name, version, builtin, tuple(found_readers), tuple(found_writers),
                                       tuple(found_rules)))


def load_registry(*, entry_points: bool = True, extra: tuple[object, ...] = ()) -> PluginRegistry:
    """Load the built-ins, the installed entry-point plugins and ``extra`` plugin objects."""
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    registry = PluginRegistry()
    candidates: list[tuple[str, str, bool, Any]] = []
    for modname in DEFAULT_PLUGINS:
        try:
            module = importlib.import_module(modname)
        except ImportError as exc:  # a built-in whose optional dependency is missing
            _warn_failed(registry, modname, "", exc)
            continue
        candidates.append((modname, _plugin_version(module), True, module))
    if entry_points:
        for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
            dist = ep.dist.version if ep.dist is not None else "?"
            try:
                candidates.append((ep.name, dist, False, ep.load()))
            except Exception as exc:  # any import-time failure of a third-party plugin
                _warn_failed(registry, ep.name, dist, exc)
    for obj in extra:
        name = getattr(obj, "__name__", type(obj).__name__)
        candidates.append((name, str(getattr(obj, "__version__", "")), False, obj))
    for name, version, builtin, plugin in candidates:
        try:
            pm.register(plugin, name=name)
            _collect(pm, plugin, name, version, builtin, registry)
        except Exception as exc:  # a plugin whose hooks raise is dropped, not fatal
            if pm.is_registered(plugin):
                pm.unregister(plugin)
            _warn_failed(registry, name, version, exc)
    return registry


def _warn_failed(registry: PluginRegistry, name: str, version: str, exc: BaseException) -> None:
    message = f"plugin {name!r} failed to load: {type(exc).__name__}: {exc}"
    warnings.warn(message, PluginLoadWarning, stacklevel=3)
    registry.plugins.append(PluginInfo(name, version, False, error=message))


_DEFAULT: PluginRegistry | None = None


def default_registry() -> PluginRegistry:
    """The process-wide registry, loaded on first use."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = load_registry()
    return _DEFAULT


def reset_default_registry() -> None:
    """Forget the loaded registry (tests and long-running hosts that install plugins)."""
    global _DEFAULT
    _DEFAULT = None
