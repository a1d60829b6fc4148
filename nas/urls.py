from django.contrib import admin
from django.urls import include, path

from nas.api import api
from nas.operations import views as operations_views

handler403 = "nas.core.views.permission_denied"
handler404 = "nas.core.views.page_not_found"
handler500 = "nas.operations.views.server_error"

urlpatterns = [
    path("", include("nas.core.urls")),
    path("", include("nas.accounts.urls")),
    path("", include("nas.organisations.urls")),
    path("", include("nas.audit.urls")),
    path("", include("nas.children.urls")),
    path("", include("nas.matching.urls")),
    path("", include("nas.returns.urls")),
    path("", include("nas.support.urls")),
    path("", include("nas.adopters.urls")),
    path("", include("nas.panels.urls")),
    path("", include("nas.performance.urls")),
    path("", include("nas.notifications.urls")),
    path("", include("nas.jobs.urls")),
    path("", include("nas.documents.urls")),
    path("", include("nas.search.urls")),
    path("", include("nas.privacy.urls")),
    path("", include("nas.casework.urls")),
    path("", include("nas.sufficiency.urls")),
    path("api/v1/", api.urls),
    path("healthz", operations_views.healthz, name="healthz"),
    path("readyz", operations_views.readyz, name="readyz"),
    path("admin/", admin.site.urls),
]
