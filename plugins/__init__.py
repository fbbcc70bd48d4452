"""Built-in plugins: each package here implements forum hooks, exactly as a third-party plugin would."""
