"""Reminders and digests: what is due for whom, and delivering it through the pacer."""
