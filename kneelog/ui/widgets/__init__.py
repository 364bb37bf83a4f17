"""Reusable Qt widgets and dialogs: they take plain data and emit intent signals."""
