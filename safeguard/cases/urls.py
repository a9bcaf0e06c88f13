"""The case pages. Each area keeps its own URL list beside its views."""

from .views import urls_actions, urls_child_details, urls_record, urls_team

app_name = "cases"
urlpatterns = (
    urls_record.urlpatterns
    + urls_actions.urlpatterns
    + urls_child_details.urlpatterns
    + urls_team.urlpatterns
)
