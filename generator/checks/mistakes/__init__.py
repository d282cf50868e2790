"""Stage 2 — what a clerk meant by a wrong value, often read against the last commit.

The rules (``checks/rules.py``, ``content_rules.py``, the model) say what is
wrong; these modules find what was meant, so the message offers the fix that
works instead of a knock-on or a guess (clerk trials: docs/clerk-trials.md).

- Lines and files lost since the last commit (``gitrefs`` reads it):
  ``lost_lines`` (a required line; a line a warning or a gap says is not
  written), ``lost_between`` (a line between two keys
  of one entry), ``lost_list_key`` (a list's key line), ``lost_branches`` (a
  flow's branches; an ``end: true`` added since), ``renamed_files``, ``copies`` (a file copied or moved into
  another department's folder), ``renamed_ids`` (a registry id renamed or
  deleted while still used), ``pasted_ids`` (a registry id written twice:
  the entry new since the commit is told, with what is held back for it),
  ``twice_written`` (which of a key's two lines is new since the commit),
  ``hours_line`` (swapped opening hours on one line: the line rewritten);
- values meant otherwise: ``impl_meant`` (the implementation code the file's
  own codes make; a slip in a valid committed credit code), ``time_meant``
  (an office time; a close 12 hours early), ``limit_meant`` (the committed
  time limit, for a promised limit longer than the statutory one),
  ``proof_kin`` (whether a proof with a close name is the same document),
  ``wide_values``
  (full-width characters), ``list_entries`` (values joined by a Chinese
  comma), ``phones`` (a digit lost or gained), ``names`` (a name that
  contradicts what it points at), ``offices_meant`` (a window-only item
  naming no office: the committed block, or the office ids with names);
- references: ``id_names`` (ids offered with their Chinese names; for a
  ``proof:``, only the close ones; a situation's name written for its id:
  the id and the line to write),
  ``item_refs`` (what to suggest for an unknown item, first what the list
  held at the last commit), ``event_items`` and
  ``hours_items`` (the items of a life-event step, of an office's hours;
  ``hours_items.retired_item``: a cancelled or suspended one still listed;
  ``event_items.listing``: where life events list an item, for a deleted one);
- ``salvage``: the problems of a file read past a syntax error;
- clerk trial 17: ``gaps_then`` (whether a changed item's gap is new since
  the last commit, of a new file, or there already; county trial 3: or a
  detail of an element the commit left out wholly), ``empty_values`` (an
  empty value named with its holder, what goes there, and the part of a
  one-line mapping to delete), ``fee_amounts`` (a charged fee whose standard
  states no amount, with the committed standard), ``text_numbers`` (a text
  read as a number, with the committed text);
- clerk trial 18: ``limit_text`` (a time limit written as text, offered from
  the item: 即办 for an instant item), ``step_ids`` (a step id written twice:
  which to change, and a free id), ``enum_labels`` (an enumerated value
  written as its Chinese meaning).
- clerk trial 19: ``lost_steps`` (a step deleted while a ``next`` or a
  branch still names it: its committed lines to put back, where it stood).
"""
