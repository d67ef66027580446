"""What hoithi writes down and sends about what happens: the append-only, hash-chained audit log, and the
mail outbox with its transport.
"""
