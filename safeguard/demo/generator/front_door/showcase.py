"""The fixed set of waiting contacts that shows every route and every state of the queue."""

from __future__ import annotations

from dataclasses import dataclass

from safeguard.common import codes
from safeguard.demo import names
from safeguard.front_door.models import ReferrerFeedback

from .routes import COUNCIL, NOT_SOUGHT_REASONS

Route = codes.ContactRoute
Consent = codes.ContactConsent
Urgency = codes.ContactUrgency
Rag = codes.RagRating
Outcome = ReferrerFeedback.Outcome


@dataclass(frozen=True)
class Showcase:
    """One contact of the fixed set. `since` is working days before the as-of date (0 today,
    1 the previous working day, so due today; 2 or 3 overdue); `about` says who it is about:
    "child" (a known child aged `ages`), "boy_about_6" (a public report that names no child),
    "linkage_review" (a partner's record of a known child under another first name, which
    linkage sends to a person to review), "unborn" (an expected baby not yet on record) or
    "address" (a police notification naming only an address)."""

    route: str
    source: str
    since: int
    concerns: str
    about: str = "child"
    ages: tuple[int, int] = (0, 16)
    ratings: tuple[tuple[str, str], ...] = ()
    urgency: str = Urgency.ROUTINE
    consent: str = Consent.GIVEN
    consent_reason: str = ""
    override_reason: str = ""
    checks: tuple[tuple[str, bool], ...] = ()
    # From the demo partner school's safeguarding lead (`school.demo`).
    from_partner_school: bool = False
    # The sender's (role, organisation), or a relative's relationship to the child, when the
    # source's usual senders will not fit the concerns.
    sender: tuple[str, str] | None = None
    relationship: str = ""
    # A decision already made (the others are waiting), and whether the sender was told
    # the outcome (before a decision: that it is still being considered).
    decision: str = ""
    rationale: str = ""
    tell_sender: bool = False


_SCHOOL, _GP = names.PARTNER_SCHOOL, names.PARTNER_GP_PRACTICE
_ED, _POLICE = names.PARTNER_EMERGENCY_DEPARTMENT, names.PARTNER_POLICE

SHOWCASE: tuple[Showcase, ...] = (
    Showcase(
        Route.PHONE, "6", 0,
        "Police attended a domestic abuse incident overnight; the child was present and the "
        "mother was taken to hospital.",
        ages=(3, 12), urgency=Urgency.IMMEDIATE,
        ratings=((Rag.RED, "Child present at a violent incident; the mother is in hospital."),),
        consent=Consent.NOT_SOUGHT, consent_reason=NOT_SOUGHT_REASONS[0],
        checks=((_SCHOOL, False),),
    ),
    Showcase(
        Route.EMAIL, "2A", 0,
        "Child arrived at school hungry and in unwashed clothes on several days this month.",
        ages=(5, 15),
    ),
    Showcase(
        Route.PUBLIC_FORM, "1B", 0,
        "A boy of about 6 is often left alone in the flat next door in the evenings; I have "
        "heard him crying for a long time.",
        about="boy_about_6", consent=Consent.UNKNOWN,
    ),
    Showcase(
        Route.PROFESSIONAL_FORM, "3A", 1,
        "Mother disclosed that her partner controls the family's money and has pushed her; "
        "the children are at home.",
        ratings=(
            (Rag.AMBER, "Worrying pattern; checks with partners before deciding."),
            (Rag.RED, "Revised: police checks show two call-outs to the address this month."),
        ),
        checks=((_SCHOOL, True), (_POLICE, False)),
    ),
    Showcase(
        Route.PARTNER_API, "3E", 1,
        "Child brought to the emergency department with a burn to the hand; the explanation "
        "changed between accounts.",
        ages=(1, 8), urgency=Urgency.TODAY,
        ratings=((Rag.AMBER, "Injury not fully explained; checks with the GP first."),),
        consent=Consent.UNKNOWN, checks=((_GP, True),),
    ),
    Showcase(
        Route.IN_PERSON, "1A", 1,
        "Grandmother came to the council offices: the children are often alone and the "
        "mother is drinking again.",
        relationship="grandparent",
        ratings=((Rag.AMBER, "Family member's account; consent refused, so no checks yet."),),
        consent=Consent.REFUSED,
        consent_reason="The mother refused consent for checks with other agencies; the "
        "grandmother remains worried.",
    ),
    Showcase(
        Route.PARTNER_FILE, "6", 3,
        "Domestic abuse notification: police attended the address; children are believed to "
        "live there, names not recorded.",
        about="address",
        ratings=((Rag.AMBER, "Address only: find the children who live there."),),
        consent=Consent.NOT_SOUGHT, consent_reason=NOT_SOUGHT_REASONS[2],
    ),
    Showcase(
        Route.SIGNAL, "5A", 2,
        "Signal: removed from the school roll with no known destination school. Treated as a "
        "contact by the allocated social worker.",
        ages=(6, 15), sender=("Social worker", COUNCIL),
        ratings=((Rag.GREEN, "Family says they moved; confirm a school place."),),
        consent=Consent.NOT_SOUGHT, consent_reason=NOT_SOUGHT_REASONS[1],
        checks=((_GP, False),),
    ),
    Showcase(
        Route.PARTNER_API, "2A", 0,
        "Pupil said an older cousin hit them at the weekend; a bruise on the upper arm.",
        about="linkage_review", urgency=Urgency.TODAY,
    ),
    Showcase(
        Route.EMAIL, "3F", 1,
        "Pregnant mother, 28 weeks, booked late for antenatal care; concerns about drug use "
        "in pregnancy.",
        about="unborn", sender=("Hospital midwife", "Northbridge General Hospital"),
        ratings=((Rag.AMBER, "Pre-birth: consider a pre-birth assessment."),),
    ),
    Showcase(
        Route.PHONE, "1A", 2,
        "Aunt says the child told her an adult at home hurts them when they are in trouble.",
        relationship="aunt",
        ages=(4, 13),
        ratings=((Rag.RED, "Disclosure of physical harm by an adult at home."),),
        consent=Consent.REFUSED, consent_reason="The father refused consent for checks.",
        override_reason="Risk of significant harm: the child said an adult at home hurts them. "
        "Checks go ahead without consent (Working Together 2023, ch. 1).",
        checks=((_POLICE, True), (_GP, True), (_SCHOOL, False)),
    ),
    Showcase(
        Route.PROFESSIONAL_FORM, "4", 3,
        "Family facing eviction next month; mother struggling to cope with three children.",
        ratings=((Rag.GREEN, "Housing and money worries; likely early help."),),
        tell_sender=True,
    ),
    Showcase(
        Route.PHONE, "9", 1,
        "Anonymous caller: shouting and a child screaming at a house on the caller's street "
        "most nights.",
        consent=Consent.UNKNOWN,
    ),
    Showcase(
        Route.PUBLIC_FORM, "1C", 0,
        "I don't feel safe at home since my mum's boyfriend moved in. I stay at friends' "
        "houses when I can.",
        ages=(13, 16), consent=Consent.UNKNOWN,
        ratings=((Rag.AMBER, "Young person's own report; speak to them today."),),
    ),
    Showcase(
        Route.PARTNER_API, "6", 0,
        "Child found alone at a railway station at 1 am; returned home by officers.",
        ages=(10, 15), urgency=Urgency.IMMEDIATE,
        ratings=((Rag.RED, "Found alone at night: possible exploitation."),),
        consent=Consent.NOT_SOUGHT, consent_reason=NOT_SOUGHT_REASONS[2],
        checks=((_SCHOOL, False),),
    ),
    Showcase(
        Route.PROFESSIONAL_FORM, "3B", 0,
        "Health visitor: baby's weight has dropped at two checks; the mother seems low and "
        "isolated.",
        ages=(0, 2),
    ),
    Showcase(
        Route.EMAIL, "5D", 2,
        "Early help plan stalled: the family stopped engaging and the school reports more "
        "absences.",
        ratings=((Rag.GREEN, "Step-up request; check school attendance first."),),
        checks=((_SCHOOL, True),),
    ),
    Showcase(
        Route.PROFESSIONAL_FORM, "2A", 0,
        "Child disclosed that there is often no food at home and the electricity was cut off.",
        ages=(5, 15), from_partner_school=True,
        ratings=((Rag.AMBER, "Neglect concerns from school; checks before deciding."),),
    ),
    Showcase(
        Route.PROFESSIONAL_FORM, "2A", 3,
        "Parent asked the school for help with the child's behaviour at home.",
        ages=(5, 15), from_partner_school=True,
        ratings=((Rag.GREEN, "Parent asking for help; early help offer."),),
        decision=codes.ContactDecision.EARLY_HELP,
        rationale="Family agreed to support from the early help service.", tell_sender=True,
    ),
)  # fmt: skip
