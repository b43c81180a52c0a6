"""curated."""
