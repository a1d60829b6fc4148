from django.urls import path

from nas.sufficiency import views

app_name = "sufficiency"

urlpatterns = [
    path("sufficiency/", views.index, name="index"),
    path("sufficiency/<slug:code>/", views.scope_page, name="scope"),
]
