"""Passage responses: a reader answers one sentence (or several) of a post, or quotes the
comment they reply to; quotes are anchored W3C Web Annotation style and re-attached when the
post changes."""
