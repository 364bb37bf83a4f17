"""Widgets and dialogs: they show values and emit intent signals; they never touch the database."""
