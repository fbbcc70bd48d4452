"""RSS and Atom feeds for posts, categories, authors and discussions."""
