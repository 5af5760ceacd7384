from django.urls import path

from corpus import views

app_name = "corpus"

urlpatterns = [
    path("standards/", views.standard_list, name="standard_list"),
    path("standards/<str:number>/", views.standard_detail, name="standard_detail"),
    path("standards/<str:number>/passages/", views.standard_passages, name="standard_passages"),
    path("sources/", views.source_list, name="source_list"),
    path("sources/<slug:slug>/", views.source_detail, name="source_detail"),
    path("sources/<slug:slug>/<slug:episode_slug>/", views.episode_detail, name="episode_detail"),
    path("p/<slug:anchor>/", views.passage_permalink, name="passage"),
    path("search/", views.search, name="search"),
]
