"""The API as a contract: the shapes every part of /api/v1/ shares (pagination,
typed request bodies made from the pages' forms, one error body) and the
guards that keep bad input from reaching the database (NUL characters).

Errors, whatever raises them, answer `{"errors": {"field": ["message"]}}` in
the caller's language; `__all__` holds what belongs to no one field."""
