"""Tests for the strict fake Bot API."""
