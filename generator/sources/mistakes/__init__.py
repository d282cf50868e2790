"""Stage 1 — mistakes in the text of a YAML file, named where the clerk made them.

``load.py`` reads a file; when YAML's own words would not help a clerk, these
modules say what was typed and how to fix it, and read the rest of the file
so that one run reports everything (clerk trials: docs/clerk-trials.md).

- ``text``: mistakes seen in the text itself (a tab or full-width space in
  the indentation, a full-width colon, a quote left open, a date that does not
  exist, entries folded into the one above, Chinese commas in a flow list, a
  key written twice);
- ``broken``: for a syntax error, the line at fault and the part of the file
  to leave out so that the rest is read (``entry_cut``: only the life-event
  steps around it; ``levels``: a line indented off its level, with the
  spaces meant and, for a list entry, the entry to line up with);
- ``tab_repair``, ``flow_repair``, ``wide_marks``: the line read or offered as
  it was meant (spaces for a tab, a corrected ``{ }``/``[ ]``, English marks
  for an input method's Chinese ones);
- ``after_quote``: characters after a closed quoted value (``"…""``), to
  delete (clerk trial 18, #27);
- ``stray_entries``: list entries YAML does not see where the clerk wrote them;
- ``addresses``: one hall's address typed several ways (大道大道, a prefix
  pasted twice): the key the importer merges offices by and ``check``
  compares offices with.

What the values mean (and what was meant by a wrong one) is the next
stage's: ``checks/mistakes/``.
"""
