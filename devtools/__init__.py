"""Developer tools, outside the runtime package: set-up (``bootstrap``),
benchmarks (``bench``, ``bench_flowchart``), synthetic catalogues
(``synthetic``) and the local test server (``localserver``)."""
