"""Consent, the ledger, private links, /my-data, erasure and retention."""
