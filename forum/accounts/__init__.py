"""Staff sign-in, sessions and user management."""
