"""The demo sign-ins: one per role, all with the password given to `generate_demo`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    superuser: bool = False
    # A partner agency's user (no worker record): created with the demo's partners.
    partner: bool = False


DEMO_LOGINS = (
    DemoLogin("sw.demo", "Social worker: about twenty children, some on child protection plans"),
    DemoLogin("tm.demo", "Team manager of sw.demo's child protection team: cases to allocate"),
    DemoLogin("hos.demo", "Head of service (Safeguarding)"),
    DemoLogin("mash.demo", "Front door / MASH worker: contacts to decide, a match to review"),
    DemoLogin("chair.demo", "Conference chair (independent reviewing officer)"),
    DemoLogin("auditor.demo", "Auditor"),
    DemoLogin("analyst.demo", "Performance analyst"),
    DemoLogin("admin.demo", "System administrator (Django admin at /admin/)", superuser=True),
    DemoLogin(
        "school.demo",
        "A school's safeguarding lead (partner agency): the partner check",
        partner=True,
    ),
    # Created with the demo's family help (generator.family_help), which it leads a few of.
    DemoLogin(
        "family.lead.demo",
        "A school's designated safeguarding lead (partner agency) leading a few families' "
        "family help",
        partner=True,
    ),
)
