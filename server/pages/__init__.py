"""Page models: what a page shows, computed from query results by pure functions (testable without a server)."""
