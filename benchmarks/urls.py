"""The project's URLs and, for the benchmark only, the floor view."""

from django.urls import path

from config.urls import urlpatterns as project_urlpatterns

from .floor import floor

urlpatterns = [path("__bench__/floor/", floor, name="bench_floor"), *project_urlpatterns]
