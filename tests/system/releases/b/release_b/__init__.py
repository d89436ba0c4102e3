"""Release B of the Swarm suite: a migration that B's pages need, and a header that says B served them."""
