"""The domain core: records, validation, rules and statistics. Pure Python: no Qt, no database."""
