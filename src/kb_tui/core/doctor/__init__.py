"""The vault doctor: find the breakage real vaults carry, explain it, and repair it safely.

- :mod:`.fences` — closing fences that carry an info string (a CommonMark line scanner);
- :mod:`.detect` — the doctor's findings next to the core's (Templater leftovers,
  duplicate headings, suggestions for unresolved links);
- :mod:`.rawlines`, :mod:`.repair` — repairs planned on raw bytes, one line at a time;
- :mod:`.diff` — unified diffs of a plan; :mod:`.backup` — atomic writes, backups, undo;
- :mod:`.commands` — ``kb-tui check`` and ``kb-tui fix``.

Nothing here imports Textual: the headless commands stay fast.
"""
