from django.urls import path

from .views import light_candle_view

urlpatterns = [
    path("e/<str:identifier>/candle/", light_candle_view, name="light_candle"),
]
