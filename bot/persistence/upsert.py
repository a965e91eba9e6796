"""`INSERT … ON CONFLICT` for both back ends.

PostgreSQL's and SQLite's upsert clauses are spelled the same way, and SQLAlchemy's SQLite compiler
renders the PostgreSQL construct correctly (checked by the storage and store tests on both), so every
query module imports this one `insert` instead of a dialect's.
"""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert

__all__ = ["insert"]
