"""Developer tools, outside the runtime package: set-up (``bootstrap``),
benchmarks (``bench``, ``bench_flowchart``, ``bench_import``), synthetic catalogues
(``synthetic``), the local test server (``localserver``) and the import
acceptance run on the real export in ../shared/ (``acceptance_import``)."""
