"""The rule catalogue as Markdown, generated from the registered rules.

docs/rules.md is this function's output; a test keeps the two equal, so the documentation
cannot drift from the code.
"""

from __future__ import annotations

from .plugins.manager import PluginRegistry, load_registry


def render_catalogue(registry: PluginRegistry | None = None) -> str:
    registry = registry or load_registry(entry_points=False)
    rules = sorted(registry.rules.values(), key=lambda r: (r.scope != "report", r.pack, r.code))
    lines = [
        "# Rule catalogue",
        "",
        "Generated from the registered rules (`govinfo-report rules --format markdown`).",
        "Select or skip rules by code, glob or tag: `--select 't3-*'`, `--ignore blank-cell,prose`.",
        "",
        "| code | severity | scope | tags | title | what it checks |",
        "|---|---|---|---|---|---|",
    ]
    for rule in rules:
        description = rule.description.replace("|", "\\|")
        if rule.applies_from is not None:
            description += f" Applies from report year {rule.applies_from}."
        lines.append(f"| `{rule.code}` | {rule.severity.value} | {rule.scope} | {', '.join(rule.tags)} "
                     f"| {rule.title} | {description} |")
    lines.append("")
    return "\n".join(lines)
