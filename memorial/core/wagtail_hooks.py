from wagtail import hooks

from .files import admin_urls
from .files.visibility import refuse_hidden_document


@hooks.register("register_admin_urls")
def register_protected_file_admin_urls():
    return admin_urls.urlpatterns


hooks.register("before_serve_document", refuse_hidden_document)
