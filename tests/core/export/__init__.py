"""Tests for bot.export: pages, XLSX and CSV built from stored data."""
