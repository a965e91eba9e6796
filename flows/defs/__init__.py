"""The flow declarations, one module per flow (each exports ``FLOW`` and the ``KEYS`` its hooks emit)."""
