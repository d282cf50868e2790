import gc
import sys

from generator.cli import main

code = main()
# Whatever is left is freed as the interpreter exits; its collections would
# first walk every object still alive (0.4 CPU-s after checking 1,603 items,
# docs/performance.md "Validation CPU"): not these.
gc.freeze()
sys.exit(code)
