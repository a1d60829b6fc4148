from django.urls import path

from nas.audit import views

app_name = "audit"

urlpatterns = [
    path("audit/<str:record_type>/<str:record_id>/", views.trail, name="trail"),
    path("audit/<str:record_type>/<str:record_id>/export.csv", views.export, name="export"),
]
