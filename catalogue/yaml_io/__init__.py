"""Read and write Pathfinder's own catalogue files: one YAML file per provider.

The format is described in ``docs/data-formats.md`` and checked by
``catalogue/schema/provider.schema.json``.

``loading``
    Load a provider file or a folder of them, every problem with its file and line.
``writing``
    Dump a provider file, checked by loading it back.
``file_data``
    The plain data of a provider file <-> providers and resources.
``schema``, ``rules``
    The JSON Schema and its errors in words; the rules beyond it, also for one resource.
``nodes``
    The YAML node tree: lines of paths, keys given twice, dates kept as strings.
"""

from catalogue.yaml_io.file_data import provider_file_data
from catalogue.yaml_io.loading import load_catalogue_dir, load_provider_file, load_provider_text
from catalogue.yaml_io.rules import resource_problems
from catalogue.yaml_io.schema import SCHEMA_FILE, provider_schema
from catalogue.yaml_io.writing import dump_provider_file

__all__ = [
    "SCHEMA_FILE",
    "provider_schema",
    "load_provider_file",
    "load_provider_text",
    "load_catalogue_dir",
    "provider_file_data",
    "dump_provider_file",
    "resource_problems",
]
