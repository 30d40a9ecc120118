"""Plain-text helpers shared by rules, calendars and the model: sentence splitting and word
diffs (``sentences``), split-off fragments read from the fragment table (``fragments``), their
joins (``joins``) and regex boundaries for names (``patterns``).

A low layer: it imports only ``tables`` (and what lies below it), so anything above may use it.
"""
