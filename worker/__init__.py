"""Background tasks: the worker that runs Django's tasks from the database queue (docs/tasks.md)."""
