"""ActionForm and the GOV.UK field builders: a revealed question counts only under the answer
that reveals it, and a valid form reads back in the words the user chose."""

from __future__ import annotations

from datetime import date

from safeguard.common.form_fields import RADIOS_TEMPLATE, date_field, long_text, radios, yes_no
from safeguard.common.forms import NOT_GIVEN, ActionForm, Answer, day_text


class VisitOutcomeForm(ActionForm):
    seen = radios(
        "Was the child seen?",
        [("yes", "Yes"), ("no", "No")],
        required_message="Select yes if the child was seen",
    )
    reason = long_text("Why not?")
    seen_on = date_field("Date seen", errors_name="The date seen")
    again = yes_no("Visit again?", required_message="Select yes to visit again")

    reveals = {"seen": {"no": ("reason",)}}
    required_when_revealed = {"reason": "Say why the child was not seen"}


def posted(**changes: str) -> dict[str, str]:
    return {
        "seen": "yes",
        "reason": "",
        "seen_on_0": "6",
        "seen_on_1": "1",
        "seen_on_2": "2025",
        "again": "no",
        **changes,
    }


def test_a_revealed_question_is_required_only_under_the_answer_that_reveals_it():
    form = VisitOutcomeForm(data=posted(seen="no"))
    assert not form.is_valid()
    assert form.errors["reason"] == ["Say why the child was not seen"]
    assert VisitOutcomeForm(data=posted(seen="yes")).is_valid()


def test_a_revealed_answer_typed_then_hidden_is_not_part_of_the_record():
    form = VisitOutcomeForm(data=posted(seen="yes", reason="Typed under 'No' first"))
    assert form.is_valid()
    assert form.cleaned_data["reason"] == ""


def test_answers_read_back_in_the_words_chosen_anchored_to_their_first_input():
    form = VisitOutcomeForm(data=posted(seen="no", reason="Nobody home"))
    assert form.is_valid()
    assert form.answers() == [
        Answer("Was the child seen?", "No", "id_seen_0"),
        Answer("Why not?", "Nobody home", "id_reason"),
        Answer("Date seen", "6 January 2025", "id_seen_on_0"),
        Answer("Visit again?", "No", "id_again_0"),
    ]
    hidden = VisitOutcomeForm(data=posted())
    assert hidden.is_valid()
    assert "Why not?" not in [answer.label for answer in hidden.answers()]


def test_the_builders_word_the_errors_the_gov_uk_way():
    form = VisitOutcomeForm(data=posted(seen="", seen_on_0="31", seen_on_1="2"))
    assert not form.is_valid()
    assert form.errors["seen"] == ["Select yes if the child was seen"]
    assert form.errors["seen_on"] == ["The date seen must be a real date"]
    assert VisitOutcomeForm.base_fields["seen"].template_name == RADIOS_TEMPLATE  # type: ignore[attr-defined]


def test_a_date_reads_as_gov_uk_writes_it():
    assert day_text(date(2025, 1, 6)) == "6 January 2025"
    assert day_text(None) == "Not recorded"
    assert NOT_GIVEN == "Not given"
