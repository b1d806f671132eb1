"""Rules: the engine, the built-in pack for single reports and the corpus pack."""
