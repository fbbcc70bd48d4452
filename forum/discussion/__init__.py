"""Readers' comments: posting, threads, previews, reports."""
