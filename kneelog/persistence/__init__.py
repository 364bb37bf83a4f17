"""Persistence: connections, the schema (SQLModel tables, migrations, generated columns) and one
repository per table. No Qt."""
