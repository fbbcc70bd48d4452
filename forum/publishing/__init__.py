"""Posts and categories: the reading pages and the admin pages that edit them."""
