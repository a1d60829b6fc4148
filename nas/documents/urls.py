from django.urls import path

from nas.documents import views

app_name = "documents"

urlpatterns = [
    path("documents/of/<str:record_type>/<int:record_id>/", views.document_list, name="list"),
    path("documents/of/<str:record_type>/<int:record_id>/new/", views.document_upload, name="upload"),
    path("documents/<int:pk>/", views.document_detail, name="detail"),
    path("documents/<int:pk>/versions/new/", views.version_create, name="version-create"),
    path("documents/<int:pk>/archive/", views.document_archive, name="archive"),
    path("documents/<int:pk>/versions/<int:number>/download/", views.download, name="download"),
    path("documents/life-story/", views.life_story_list, name="life-story"),
    path("documents/post-adoption/<int:pk>/", views.post_adoption, name="post-adoption"),
    path(
        "documents/post-adoption/<int:pk>/life-story/new/",
        views.post_adoption_life_story,
        name="post-adoption-life-story",
    ),
    path("documents/generated/<str:template>/<int:pk>/", views.generated_document, name="generated"),
]
