"""Stage 1 — sources: what the catalogue is read from.

``load`` reads YAML files with the position of every key and value
(``compose``: libyaml's node tree; ``encodings``: UTF-8, BOM, GBK; ``files``:
nothing outside the repository; ``ahead``: item files parsed on the second
core); ``mistakes/`` names the mistakes in a file's text; ``importers``
turns platform exports (CSV, XLSX, JSON) into item files and ``sheets`` a
department's items into a spreadsheet and back; ``base`` reads the base
catalogue a county extends; ``gitlog``, ``history``, ``changes`` read the
catalogue's history from git; ``ratings`` the 好差评 export; ``scaffold``
writes a new item file (``python -m generator new``).
"""
