from django.apps import AppConfig


class RemembrancesConfig(AppConfig):
    name = "memorial.remembrances"
    label = "remembrances"
    verbose_name = "Remembrances"

    def ready(self):
        from . import moderation  # signal receivers for moderation outcomes

        moderation.replace_wagtail_submission_mails()
