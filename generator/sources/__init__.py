"""Stage 1 — sources: what the catalogue is read from.

``load`` reads YAML files with the position of every key and value;
``importers`` turns platform exports (CSV, XLSX, JSON) into item files;
``scaffold`` writes a new item file for an editor (``python -m generator new``).
"""
