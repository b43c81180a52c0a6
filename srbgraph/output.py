"""Output conventions shared by every command: ``-f/--format`` and ``-o/--output``.

Tabular results render as ``table`` (aligned text), ``csv``, ``tsv``, ``json`` (a list of objects),
``jsonl`` (one object per line) or ``md`` (a Markdown table for reports). ``-o FILE`` writes the
result atomically instead of printing it.
"""
from __future__ import annotations

import csv
import io
import json
import unicodedata
from pathlib import Path
from typing import Any, Callable, Sequence

import click

TABULAR = ("table", "csv", "tsv", "json", "jsonl", "md")


def output_options(formats: Sequence[str] = TABULAR, default: str = "table") -> Callable:
    """Decorator adding ``-f/--format`` (one of *formats*) and ``-o/--output FILE`` to a command;
    the command receives ``fmt`` and ``output``."""
    def decorate(func: Callable) -> Callable:
        func = click.option(
            "-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
            help="Write the result to FILE (atomically) instead of standard output.")(func)
        func = click.option(
            "-f", "--format", "fmt", type=click.Choice(list(formats)), default=default,
            show_default=True, help="Output format.")(func)
        return func
    return decorate


def emit(text: str, output: Path | None = None) -> None:
    """Print *text*, or write it to *output* atomically."""
    if output is None or str(output) == "-":
        click.echo(text)
        return
    from .files import write_atomic

    write_atomic(output, (text if text.endswith("\n") else text + "\n").encode("utf-8"))
    click.echo(f"wrote {output}", err=True)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def render(headers: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str = "table") -> str:
    """Render a table of *rows* under *headers* in one of :data:`TABULAR`."""
    if fmt == "json":
        return json.dumps([dict(zip(headers, row)) for row in rows], ensure_ascii=False, indent=2,
                          default=str)
    if fmt == "jsonl":
        return "\n".join(json.dumps(dict(zip(headers, row)), ensure_ascii=False, default=str)
                         for row in rows)
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(headers)
        writer.writerows([_cell(c) for c in row] for row in rows)
        return buffer.getvalue().rstrip("\n")
    cells = [[str(h) for h in headers]] + [[_cell(c) for c in row] for row in rows]
    if fmt == "md":
        def md(row):
            return "| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in row) + " |"
        return "\n".join([md(cells[0]), "| " + " | ".join("---" for _ in headers) + " |"]
                         + [md(r) for r in cells[1:]])
    if fmt != "table":
        raise ValueError(f"unknown tabular format {fmt!r}")
    widths = [max(_width(row[i]) for row in cells) for i in range(len(headers))]

    def line(row):
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(row, widths)).rstrip()
    return "\n".join([line(cells[0]), "  ".join("-" * w for w in widths)] + [line(r) for r in cells[1:]])
