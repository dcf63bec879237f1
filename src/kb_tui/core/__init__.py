"""kb-tui's engine: parsing, model, text hygiene, links, status store and exporters.

Nothing in this package imports textual, so headless commands stay fast.
"""
