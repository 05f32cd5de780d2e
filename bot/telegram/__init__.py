"""The Telegram front end: one update path (conversation), screens as HTML and keyboards (rendering),
the composition root (application), polling and webhook (runner), Telegram-only texts."""
