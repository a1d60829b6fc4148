from django.urls import path

from nas.children import views

app_name = "children"

urlpatterns = [
    path("children/", views.child_list, name="list"),
    path("children/new/", views.child_create, name="create"),
    path("children/import/", views.child_import, name="import"),
    path("children/imports/", views.child_import_history, name="import-history"),
    path("children/imports/<int:pk>/", views.child_import_result, name="import-result"),
    path("children/worklist/", views.worklist, name="worklist"),
    path("children/sibling-groups/new/", views.sibling_group_create, name="sibling-group-create"),
    path("children/<int:pk>/", views.child_detail, name="detail"),
    path("children/<int:pk>/edit/", views.child_edit, name="edit"),
    path("children/<int:pk>/milestones/<str:kind>/new/", views.milestone_record, name="milestone-record"),
    path(
        "children/<int:pk>/milestones/<int:milestone_pk>/correct/",
        views.milestone_correct,
        name="milestone-correct",
    ),
    path("children/<int:pk>/open-restricted/", views.child_open_restricted, name="open-restricted"),
    path("children/<int:pk>/archive/", views.child_archive, name="archive"),
]
