from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from nas.access.lookup import require, visible
from nas.organisations.models import OrganisationKind
from nas.organisations.policies import organisations
from nas.organisations.selectors import regions_with_authorities


@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    require(request.user, organisations, "list")
    return render(
        request,
        "organisations/list.html",
        {
            "regions": regions_with_authorities(user=request.user, policy=organisations),
            "agencies": visible(request.user, organisations)
            .filter(kind=OrganisationKind.VOLUNTARY_AGENCY)
            .order_by("name_en"),
            "nation": visible(request.user, organisations).filter(kind="national").first(),
        },
    )
