"""How a typed name is matched, the same way on both databases.

A query is split into terms; every term must match a word of the record's
names (first names, last name, former names). A term matches a word that
equals it, starts with it, or (for terms of 4 letters or more) is one typing
slip away from it: one letter left out, one added, one changed, or two
side by side swapped (Damerau-Levenshtein distance 1).

The slip is found with LIKE patterns over the names as one lower-case text
with a space at each end (" megan jones "): "jnoes" becomes " jnoe_ ",
" j_oes ", " jones " and the rest of its one-slip variants. On PostgreSQL
the text is indexed with pg_trgm's trigram GIN index, which answers LIKE
patterns, and the words with a full-text (tsvector) GIN index, which
answers whole words; on SQLite the same conditions are checked
row by row (nas.search.migrations.0001 builds the indexes).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from django.db import connection, models
from django.db.models import Q
from django.db.models.expressions import Func

#: Shortest term for which a typing slip is allowed (shorter ones match too much).
TYPO_MIN = 4
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")


class SearchText(Func):
    """' ' || lower(a) || ' ' || lower(b) || ... || ' ': the text the
    trigram and full-text indexes are built on. On PostgreSQL it is the
    function nas_search_text(a, b, ...) the indexes are built on
    (nas.search.migrations.0002: the same text, with a cost that keeps the
    planner from testing every row a common first name finds); elsewhere
    the expression itself."""

    output_field = models.TextField()

    def as_sql(self, compiler: Any, conn: Any, **extra: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        parts, params = [], []
        for expression in self.source_expressions:
            sql, p = compiler.compile(expression)
            parts.append(sql)
            params.extend(p)
        if conn.vendor == "postgresql":
            return "nas_search_text(" + ", ".join(f"{part}::text" for part in parts) + ")", params
        return "(' ' || " + " || ' ' || ".join(f"LOWER({part})" for part in parts) + " || ' ')", params


class WordsVector(Func):
    """to_tsvector('simple', <search text>) on PostgreSQL."""

    output_field = models.TextField()

    def as_sql(self, compiler: Any, conn: Any, **extra: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        sql, params = compiler.compile(self.source_expressions[0])
        return f"to_tsvector('simple'::regconfig, {sql})", params


def like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def variants(term: str) -> list[str]:
    """The LIKE patterns (without the surrounding spaces) of every word one
    slip away from the term; `_` stands for any one letter."""
    t = like_escape(term)
    if len(term) < TYPO_MIN:
        return []
    letters = [like_escape(c) for c in term]
    found: set[str] = set()
    n = len(letters)
    for i in range(n):
        found.add("".join(letters[:i] + ["_"] + letters[i + 1 :]))  # changed
        found.add("".join(letters[:i] + letters[i + 1 :]))  # left out
        if i + 1 < n:
            swapped = letters[:i] + [letters[i + 1], letters[i]] + letters[i + 2 :]
            found.add("".join(swapped))  # swapped
    for i in range(n + 1):
        found.add("".join(letters[:i] + ["_"] + letters[i:]))  # added
    found.discard(t)
    return sorted(found)


def terms_of(query: str) -> list[str]:
    """The name words: every word of the tokens that are neither a reference nor a date."""
    refs = set(references_in(query))
    words = " ".join(t for t in query.split() if t not in refs and date_in(t) is None)
    return [w.lower() for w in WORD.findall(words)][:5]


def date_in(query: str) -> date | None:
    for token in query.split():
        for fmt in DATE_FORMATS:
            try:
                return datetime.strptime(token, fmt).date()  # noqa: DTZ007 (a date, no time)
            except ValueError:
                continue
    return None


def references_in(query: str) -> list[str]:
    """Tokens that look like references: letters and digits, at least one digit."""
    return [t for t in query.split() if any(c.isdigit() for c in t) and date_in(t) is None][:3]


def _is_postgresql() -> bool:
    return connection.vendor == "postgresql"


@models.TextField.register_lookup
class Like(models.Lookup):
    """`field LIKE pattern` with the pattern as given (`%` and `_` are
    wildcards, a backslash escapes). PostgreSQL's default escape is the
    backslash and a plain LIKE lets the trigram index answer it."""

    lookup_name = "nas_like"

    def as_sql(self, compiler: Any, conn: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        lhs, lhs_params = self.process_lhs(compiler, conn)
        rhs, rhs_params = self.process_rhs(compiler, conn)
        escape = "" if conn.vendor == "postgresql" else " ESCAPE '\\'"
        return f"{lhs} LIKE {rhs}{escape}", [*lhs_params, *rhs_params]


@models.TextField.register_lookup
class WordPrefix(models.Lookup):
    """PostgreSQL full text: `to_tsvector('simple', text) @@ to_tsquery('simple', 'term')`
    (or `'term:*'` for the words it starts)."""

    lookup_name = "nas_word_prefix"

    def as_sql(self, compiler: Any, conn: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        lhs, lhs_params = self.process_lhs(compiler, conn)
        rhs, rhs_params = self.process_rhs(compiler, conn)
        return f"{lhs} @@ to_tsquery('simple'::regconfig, {rhs})", [*lhs_params, *rhs_params]


def annotate(qs: models.QuerySet[Any], *fields: str) -> models.QuerySet[Any]:
    """The queryset with its search text (and, on PostgreSQL, its words)."""
    text = SearchText(*(models.F(f) for f in fields))
    qs = qs.annotate(search_text=text)
    if _is_postgresql():
        qs = qs.annotate(search_words=WordsVector(SearchText(*(models.F(f) for f in fields))))
    return qs


def name_condition(term: str) -> Q:
    """One term against the search text: whole word, word prefix, or one slip."""
    escaped = like_escape(term)
    # A word that starts with the term (the word itself included).
    condition = Q(search_text__nas_like=f"% {escaped}%")
    if _is_postgresql() and term.isalpha():
        # The whole word through the full-text index: one entry, looked up at once.
        condition |= Q(search_words__nas_word_prefix=term)
    for pattern in variants(term):
        condition |= Q(search_text__nas_like=f"% {pattern} %")
    return condition


def names_condition(terms: list[str]) -> Q:
    condition = Q()
    for term in terms:
        condition &= name_condition(term)
    return condition


def closeness(words: str, term: str) -> int:
    """0: a word equals the term; 1: starts with it; 2: one slip away; 3: none."""
    best = 3
    for word in words.split():
        if word == term:
            return 0
        if word.startswith(term):
            best = min(best, 1)
        elif len(term) >= TYPO_MIN and _one_slip(word, term):
            best = min(best, 2)
    return best


def _one_slip(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and a[diffs[0]] == b[diffs[1]]
            and a[diffs[1]] == b[diffs[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))
