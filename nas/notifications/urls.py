from django.urls import path

from nas.notifications import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/read-all/", views.notifications_read_all, name="read-all"),
    path("notifications/settings/", views.notification_settings, name="settings"),
    path("notifications/<int:pk>/", views.notification_open, name="open"),
    path("notifications/<int:pk>/mark/", views.notification_mark, name="mark"),
]
