"""The domain core: entities, validation, rules and statistics. Pure Python, no Qt."""
