"""Domain helpers with no views: service errors, permissions, Markdown, settings, validators,
sealed tokens, slugs, pagination."""
