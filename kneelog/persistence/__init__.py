"""Persistence: the SQLite engine, schema migrations and queries. No Qt."""
