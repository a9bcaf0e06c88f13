from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "safeguard.organisation"
    label = "organisation"
