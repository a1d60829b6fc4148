from django.urls import path

from nas.accounts import staff_views, views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-in/security-code/", views.sign_in_code, name="sign-in-code"),
    path("sign-in/set-up-authenticator/", views.sign_in_set_up, name="sign-in-set-up"),
    path("sign-in/set-up/<str:token>/", views.set_up_link, name="set-up-link"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("account/", views.my_account, name="my-account"),
    path("account/recovery-codes/", views.recovery_codes, name="recovery-codes"),
    path("staff/", staff_views.staff_list, name="staff-list"),
    path("staff/<int:pk>/", staff_views.staff_detail, name="staff-detail"),
    path("staff/<int:pk>/unlock/", staff_views.staff_unlock, name="staff-unlock"),
    path("staff/<int:pk>/archive/", staff_views.staff_archive, name="staff-archive"),
    path("staff/<int:pk>/set-up-link/", staff_views.staff_set_up_link, name="staff-set-up-link"),
    path(
        "staff/<int:pk>/reset-authenticator/",
        staff_views.staff_reset_authenticator,
        name="staff-reset-authenticator",
    ),
]
