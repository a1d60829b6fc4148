from django.urls import path

from nas.sufficiency import plan_views, views

app_name = "sufficiency"

urlpatterns = [
    path("sufficiency/", views.index, name="index"),
    path("sufficiency/plans/", plan_views.index, name="plans"),
    path("sufficiency/plans/actions/<int:pk>/progress/", plan_views.progress_page, name="progress"),
    path("sufficiency/plans/<slug:code>/", plan_views.plan_page, name="plan"),
    path("sufficiency/<slug:code>/", views.scope_page, name="scope"),
]
