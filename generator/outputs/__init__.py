"""Stage 4 — outputs: the catalogue turned into pages and files.

``render`` (pages from Jinja ``templates``), ``views`` (derived facts pages
show), ``flowchart`` (DOT and SVG), ``search`` (the search index), ``shell``
(item pages filled into one themed page), ``qrcode``.
"""
