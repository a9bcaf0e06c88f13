"""Shared base models. Imports no other Safeguard app."""

from django.conf import settings
from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, editable=False)

    class Meta:
        abstract = True


class Draft(models.Model):
    """What someone has typed into a long form and not yet submitted, saved as they type so a
    timeout, a dropped connection or a closed laptop loses nothing. One per user and form."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    form_key = models.CharField(max_length=100)
    data = models.JSONField(default=dict)
    # The one-time submission token of the form it was typed into (blank for a form that has
    # none): once that token is claimed the form was recorded, and its draft is stale.
    token = models.CharField(max_length=64, blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "form_key"], name="draft_one_per_form")
        ]

    def __str__(self) -> str:
        return f"Draft {self.form_key}"


class SubmissionToken(models.Model):
    """A form's one-time token: the first submission that carries it is recorded, a repeat
    (double click, resubmitted page) is recognised and not recorded again."""

    key = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    used_at = models.DateTimeField(auto_now_add=True)
    result_url = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return self.key
