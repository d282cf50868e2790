"""Stage 5 — site: the MkDocs plugin that runs the pipeline inside ``mkdocs
build``/``serve``, and the atomic write of the whole site (``write``)."""
