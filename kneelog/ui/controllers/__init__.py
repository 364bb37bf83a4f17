"""Controllers: wire widget intents to services, the undo stack and the models."""
