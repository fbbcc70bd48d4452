"""The comment queue, decisions, bans, checks and the public moderation record."""
