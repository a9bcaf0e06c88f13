from django.urls import reverse

from safeguard.common.paths import path_for_each


def test_a_path_for_each_id_is_the_path_reverse_gives():
    path = path_for_each("cases:child_record")
    for pk in (1, 42, 987654321):
        assert path(pk) == reverse("cases:child_record", args=[pk])


def test_the_arguments_before_the_last_are_fixed():
    path = path_for_each("cases:team_measure", 7)
    for slug in ("caseload", "assessments-overdue"):
        assert path(slug) == reverse("cases:team_measure", args=[7, slug])
