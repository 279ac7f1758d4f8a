"""Export formats of projects and reports: the table model, XLSX, CSV and the official page."""
