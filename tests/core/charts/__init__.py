"""Tests of the progress charts."""
