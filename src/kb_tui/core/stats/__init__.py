"""Progress over time: the dashboard's figures, needs attention, trends and changes.

Computed from the same data the reports use (items with their stored status, owner and due
date, and the status history), with no drawing: the explorer's dashboard (``s``),
``kb-tui stats`` and every report show these figures and never derive them again.
"""
