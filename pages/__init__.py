"""Pages people see, and the health endpoints that probes call."""
