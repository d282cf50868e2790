"""Importing platform exports into the catalogue (``python -m generator import``).

Modules, in the order data flows through them:

- ``readers``  CSV (UTF-8/BOM/GB18030, detected), XLSX (python-calamine), JSON, JSON Lines -> records
- ``mapping``  the declarative mapping files (``mappings/<name>.yaml``) and their checks
- ``mapper``   one record -> one item dict, with the values it could not map
- ``rules``    cleaning, numbered splits, phones, contacts, key：value notes, conversions
- ``registry`` departments and offices: matched, or new (readable ids of a department's kind,
               else pinyin initials), appended as text
- ``department_ids`` the table of department kinds (``department-ids.yaml``, a county's own first)
- ``state``    re-import: hashes of what was last imported, three-way merge
- ``writer``   item YAML in the model's key order, block style, Chinese as is
- ``pipeline`` :func:`run_import`, the entry point of the command and of benchmarks
- ``report``   ``imports/<mapping>/report.md`` and the printed summary
- ``template`` the blank county template (``import --template``)
- ``cli``      ``add_parser(subparsers)`` and ``run(args)``
"""

from .pipeline import ImportResult, run_import

__all__ = ["ImportResult", "run_import"]
