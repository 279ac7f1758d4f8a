"""The pure core: domain types, Thai text, numbers and dates, plans, report rules, BMA pages,
the reminder calendar, charts and export formats. It imports nothing of Telegram or SQL."""
