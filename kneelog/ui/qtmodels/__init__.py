"""Qt item models: thin adapters over the values that services return."""
