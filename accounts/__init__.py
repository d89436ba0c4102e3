"""User accounts: the project's own user model, ready to grow."""
