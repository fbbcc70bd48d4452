"""Built-in plugins: each package implements forum hooks, as a third-party plugin would."""
