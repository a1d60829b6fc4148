"""The search page: one box, every kind of record the person may see."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from nas.core.http import AuthenticatedRequest
from nas.search.context_processors import available
from nas.search.services import search


@require_GET
def results(request: AuthenticatedRequest) -> HttpResponse:
    if not available(request.user):
        raise PermissionDenied
    text = request.GET.get("q", "")[:100]
    query, sections = search(user=request.user, text=text, where="search:results")
    return render(
        request,
        "search/results.html",
        {"q": text, "query": query, "sections": sections, "total": sum(len(s.hits) for s in sections)},
    )
