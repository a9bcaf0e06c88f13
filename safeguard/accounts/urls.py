from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("sign-in", views.sign_in, name="sign_in"),
    path("sign-in/code", views.sign_in_code, name="sign_in_code"),
    path("sign-out", views.sign_out, name="sign_out"),
    path("session", views.session_status, name="session_status"),
    path("session/extend", views.session_extend, name="session_extend"),
]
