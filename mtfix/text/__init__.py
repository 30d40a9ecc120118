"""Plain-text helpers shared by rules, calendars and the model: sentence splitting, fragment
heuristics, word diffs (``sentences``) and regex boundaries for names (``patterns``).

A low layer: it imports nothing from mtfix, so anything above may use it.
"""
