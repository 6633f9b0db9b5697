from django.urls import path

from .views import helpful, more

urlpatterns = [
    path("", helpful, name="feedback_helpful"),
    path("more/", more, name="feedback_more"),
]
