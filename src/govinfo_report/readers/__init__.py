"""Built-in readers: each turns one file format into the format-neutral layout."""
