from django.urls import path

from nas.performance import views

app_name = "performance"

urlpatterns = [
    path("performance/", views.index, name="index"),
    path("performance/measures/", views.measures_page, name="measures"),
    path("performance/reports/", views.report_page, name="reports"),
    path("performance/returns/", views.return_list, name="returns"),
    path("performance/returns/<int:pk>/", views.return_detail, name="return-detail"),
    path("performance/returns/<int:pk>/<slug:action>/", views.return_action, name="return-action"),
    path("performance/interventions/", views.intervention_list, name="interventions"),
    path("performance/interventions/new/", views.intervention_new, name="intervention-new"),
    path("performance/interventions/<int:pk>/", views.intervention_detail, name="intervention-detail"),
    path(
        "performance/interventions/<int:pk>/<slug:action>/",
        views.intervention_action,
        name="intervention-action",
    ),
    path(
        "performance/figures/<slug:code>/<str:period>/<slug:scope>/cases/",
        views.drill_down,
        name="drill-down",
    ),
    path("performance/figures/<slug:code>/", views.scope_page, name="scope"),
]
