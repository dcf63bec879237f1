"""What a search or a filter matches."""
