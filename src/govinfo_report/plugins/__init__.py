"""Plugin machinery: hook specifications, the reader/writer interfaces and the manager."""
