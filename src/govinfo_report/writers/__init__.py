"""Built-in writers: each renders the report model into one output format."""
