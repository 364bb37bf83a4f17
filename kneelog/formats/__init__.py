"""File formats read and written by KneeLog: pure parsing and serialising, no database, no Qt."""
