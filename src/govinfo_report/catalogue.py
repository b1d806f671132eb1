"""The rule catalogue as Markdown, generated from the registered rules.

docs/rules.md is this function's output in English; a test keeps the two equal, so the
documentation cannot drift from the code.
"""

from __future__ import annotations

from .i18n import t, translate
from .plugins.manager import PluginRegistry, load_registry


def render_catalogue(registry: PluginRegistry | None = None, lang: str | None = None) -> str:
    """The catalogue in ``lang`` (by default the current language)."""
    registry = registry or load_registry(entry_points=False)
    rules = sorted(registry.rules.values(), key=lambda r: (r.scope != "report", r.pack, r.code))
    lines = [
        translate("# Rule catalogue", lang),
        "",
        translate("Generated from the registered rules (`govinfo-report rules --format markdown`).", lang),
        translate("Select or skip rules by code, glob or tag: `--select 't3-*'`, `--ignore blank-cell,prose`.", lang),
        "",
        translate("| code | severity | scope | tags | title | what it checks |", lang),
        "|---|---|---|---|---|---|",
    ]
    for rule in rules:
        description = translate(rule.description, lang).replace("|", "\\|")
        if rule.applies_from is not None:
            description += t(" Applies from report year {year}.", lang, year=rule.applies_from)
        lines.append(f"| `{rule.code}` | {rule.severity.value} | {rule.scope} | {', '.join(rule.tags)} "
                     f"| {translate(rule.title, lang)} | {description} |")
    lines.append("")
    return "\n".join(lines)
