from django.urls import path

from nas.returns import views

app_name = "returns"

urlpatterns = [
    path("returns/ssda903/", views.ssda903_index, name="ssda903-index"),
    path("returns/ssda903/children/<int:pk>/", views.ssda903_details, name="ssda903-details"),
    path("returns/ssda903/<slug:code>/", views.ssda903_page, name="ssda903"),
    path("returns/ssda903/<slug:code>/<int:year>/SSDA903.zip", views.ssda903_zip, name="ssda903-zip"),
    path("returns/ssda903/<slug:code>/<int:year>/<str:table>.csv", views.ssda903_table, name="ssda903-table"),
]
