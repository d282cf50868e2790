"""Developer tools, outside the runtime package: set-up (``bootstrap``),
benchmarks (``bench``, ``bench_flowchart``, ``bench_import``), synthetic catalogues
(``synthetic``), the local test server (``localserver``), Debian's Chromium for
the browser tests (``chromium``), a catalogue's search queries alone
(``search_check``: ``make search-check``) and the import acceptance run on the
real export in ../shared/ (``acceptance_import``)."""
