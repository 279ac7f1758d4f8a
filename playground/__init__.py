"""A local playground: the real bot against the strict fake Telegram, chatted with in a browser."""
