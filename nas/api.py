"""The JSON API, /api/v1/. Each part of the service adds its own router;
every endpoint reaches records through the same access layer as the pages.
OpenAPI: /api/v1/openapi.json."""

from __future__ import annotations

import copy
from typing import Any

from django.http import HttpRequest
from django.utils import translation
from ninja import NinjaAPI
from ninja.security import HttpBearer, django_auth

from nas.accounts.services import api_token_user
from nas.contract import errors


class TokenAuth(HttpBearer):
    """`Authorization: Bearer nas_…` with a token issued by `manage.py issue_api_token`."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


class ContractAPI(NinjaAPI):
    """The API whose OpenAPI document lists, for every operation, the refusals it can answer.

    The document is built once per path prefix and language (the routes are
    fixed when the process starts; building it takes about half a second) and
    each caller gets its own copy."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._openapi_schemas: dict[tuple[str, str | None], Any] = {}

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> Any:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        key = (path_prefix, translation.get_language())
        if key not in self._openapi_schemas:
            self._openapi_schemas[key] = errors.document(super().get_openapi_schema(path_prefix=path_prefix))
        return copy.deepcopy(self._openapi_schemas[key])


api = ContractAPI(
    title="National Adoption Service for Wales API",
    version="1",
    description=(
        "Records and figures of the National Adoption Service, scoped to the caller's organisation and roles."
    ),
    auth=[TokenAuth(), django_auth],
    docs_url=None,
    urls_namespace="api",
)
# Every refusal in one shape: {"errors": {"field": ["message"]}}, in the caller's language.
errors.install(api)


def _mount() -> None:
    from nas.accounts.api import router as accounts_router
    from nas.adopters.api import router as adopters_router
    from nas.audit.api import router as audit_router
    from nas.casework.api import router as casework_router
    from nas.children.api import router as children_router
    from nas.core.api import router as core_router
    from nas.documents.api import router as documents_router
    from nas.jobs.api import router as jobs_router
    from nas.matching.api import router as matching_router
    from nas.notifications.api import router as notifications_router
    from nas.organisations.api import router as organisations_router
    from nas.panels.api import router as panels_router
    from nas.performance.api import router as performance_router
    from nas.privacy.api import router as privacy_router
    from nas.returns.api import router as returns_router
    from nas.search.api import router as search_router
    from nas.sufficiency.api import router as sufficiency_router
    from nas.support.api import router as support_router

    api.add_router("/", core_router)
    api.add_router("/organisations", organisations_router)
    api.add_router("/staff", accounts_router)
    api.add_router("/audit", audit_router)
    api.add_router("/children", children_router)
    api.add_router("/matching", matching_router)
    api.add_router("/returns", returns_router)
    api.add_router("/support", support_router)
    api.add_router("/adopters", adopters_router)
    api.add_router("/panels", panels_router)
    api.add_router("/privacy", privacy_router)
    api.add_router("/performance", performance_router)
    api.add_router("/notifications", notifications_router)
    api.add_router("/jobs", jobs_router)
    api.add_router("/documents", documents_router)
    api.add_router("/search", search_router)
    api.add_router("/casework", casework_router)
    api.add_router("/sufficiency", sufficiency_router)


_mount()
