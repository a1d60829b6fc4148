from django.urls import path

from nas.privacy import views

app_name = "privacy"

urlpatterns = [
    path("data-protection/subject-access/", views.subject_access_start, name="subject-access"),
    path(
        "data-protection/subject-access/<slug:kind>/<int:pk>/",
        views.subject_access_detail,
        name="subject-access-detail",
    ),
    path("data-protection/retention/", views.retention_page, name="retention"),
]
