"""Reusable Qt widgets: views that show data and emit intent signals; no services, no database."""
