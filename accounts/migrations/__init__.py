"""The user model's migrations, made by makemigrations."""
