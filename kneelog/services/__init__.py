"""Use cases over the journal: one short database session per user operation. No Qt."""
