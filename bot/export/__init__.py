"""Exports of stored projects: the BMA page layout, XLSX and CSV."""
