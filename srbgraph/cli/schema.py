"""``srbgraph schema``: the JSON Schema of the data files, for curators' editors.

Only click and the standard library are imported here.
"""
from __future__ import annotations

from pathlib import Path

import click

from .options import CONTEXT, emit


@click.command(context_settings=CONTEXT)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the schema to FILE (atomically) instead of standard output.")
@click.option("--ontology", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="The ontology to read the vocabulary from [default: the shipped ontology].")
def schema(output, ontology):
    """Write the JSON Schema of the data files, generated from the ontology.

    An editor with a YAML plug-in (VS Code: the YAML extension by Red Hat) then completes field
    names, relation names and kinds while you type, shows what each field means (German and
    English), and flags an unknown field at once. docs/curation.md says how to switch it on; the
    repository keeps a current copy at docs/data.schema.json.

    \b
    Examples:
      srbgraph schema -o data.schema.json
      srbgraph schema | head -20
    """
    from ..curated.build import load_vocabulary
    from ..curated.schema import schema_text

    emit(schema_text(load_vocabulary(ontology)).rstrip("\n"), output)
