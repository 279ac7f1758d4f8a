"""Tests for handlers.reminders: planning and delivering reminders and digests."""
