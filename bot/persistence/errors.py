"""Database errors, for code outside the persistence package (which must not import SQLAlchemy)."""

from __future__ import annotations

from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, SQLAlchemyError

#: Anything the database layer raises.
DatabaseError = SQLAlchemyError
#: The database refused an operation: disk full, read-only file, locked, I/O error.
StorageError = OperationalError


def shown_url(url: str) -> str:
    """A database URL fit for a message: without its password."""
    return make_url(url).render_as_string(hide_password=True)
