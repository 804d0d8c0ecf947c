"""The history of sessions: the SQLite store, its journal, import/export and the statistics."""
