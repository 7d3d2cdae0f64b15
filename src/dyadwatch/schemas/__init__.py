"""One module per schema component (see dyadwatch.store.schema)."""
