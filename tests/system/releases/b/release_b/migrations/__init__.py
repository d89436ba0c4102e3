"""The migrations of release B's table."""
