"""Request plumbing every feature shares: errors, caching, host and input guards, templating, rate
limits, security headers."""
