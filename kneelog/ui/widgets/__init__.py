"""Reusable Qt widgets: views that show data and emit intent signals, with no services or database."""
