"""The command-line reference, from the argparse parser itself."""

from __future__ import annotations

import argparse

from .markdown import table_cell


def render_cli(parser: argparse.ArgumentParser) -> str:
    """The command-line reference, from the parser itself: every subcommand, argument,
    choice and default."""
    prog = parser.prog
    commands = _subcommands(parser)
    lines = [
        "# Command-line reference",
        "",
        f"Generated from the argument parser of `{prog}`. `python -m govinfo_report` is the same",
        "command, and every command also prints its own `--help`. The exit status of `parse` and",
        "`check` is in the [user guide](index.md#exit-status).",
        "",
        "| command | what it does |",
        "|---|---|",
    ]
    lines += [f"| [`{name}`](#{name}) | {help_text} |" for name, (_, help_text) in commands.items()]
    lines += ["", f"Options of `{prog}` itself:", "", *_arguments(parser, skip_commands=True)]
    for name, (sub, help_text) in commands.items():
        lines += ["", f"## `{prog} {name}` {{#{name}}}", "", _sentence(help_text), "", "```text",
                  f"{prog} {name} {_usage(sub)}".rstrip(), "```", "", *_arguments(sub, skip_commands=False)]
    lines.append("")
    return "\n".join(lines)


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, tuple[argparse.ArgumentParser, str]]:
    out: dict[str, tuple[argparse.ArgumentParser, str]] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help or "" for a in action._choices_actions}
            for name, sub in action.choices.items():
                out[name] = (sub, helps.get(name, ""))
    return out


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _usage(parser: argparse.ArgumentParser) -> str:
    parts = []
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        if action.option_strings:
            shown = action.option_strings[-1] + (f" {_metavar(action)}" if action.nargs != 0 else "")
            parts.append(shown if action.required else f"[{shown}]")
        else:
            name = _metavar(action)
            parts.append(f"{name}..." if action.nargs in ("+", "*") else name)
    return " ".join(parts)


def _metavar(action: argparse.Action) -> str:
    if action.choices is not None and not isinstance(action, argparse._SubParsersAction):
        return "{" + ",".join(str(c) for c in action.choices) + "}"
    if action.metavar is not None:
        return str(action.metavar)
    return action.dest.upper()


def _arguments(parser: argparse.ArgumentParser, *, skip_commands: bool) -> list[str]:
    lines = ["| argument | value | default | meaning |", "|---|---|---|---|"]
    for action in parser._actions:
        if isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)):
            continue
        if skip_commands and not action.option_strings:
            continue
        names = ", ".join(f"`{s}`" for s in action.option_strings) or f"`{_metavar(action)}`"
        value = "" if action.nargs == 0 or not action.option_strings else f"`{_metavar(action)}`"
        if action.nargs in ("+", "*"):
            value += " (one or more)" if action.nargs == "+" else " (any number)"
        default = action.default
        shown = "" if default in (None, False) or isinstance(action, argparse._VersionAction) else f"`{default}`"
        required = " Required." if action.required and action.option_strings else ""
        lines.append(f"| {names} | {value} | {shown} | {table_cell(action.help or '')}{required} |")
    return lines
