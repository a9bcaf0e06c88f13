"""Every timescale's length is written once, in ``timescales.clocks``: the SQL files, the
modules that compute due dates and the page templates take it from there.

These scans fail when a length comes back as a literal: a number in an indicator's SQL, a
clock's amount passed to a calendar function (``add_working_days(d, 45)``,
``months_after(d, Case(... Value(6)))``), or "within 1 working day" in a template.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.conf import settings

from safeguard.timescales.clocks import CLOCKS, PeriodUnit

ROOT = Path(settings.BASE_DIR)
SQL_DIR = ROOT / "safeguard" / "performance" / "sql"

# The modules that compute or show due dates (the definitions in safeguard/timescales, the
# demo generator's simulated delays and tests' hand-worked dates aside).
CLOCK_MODULES = [
    *(
        path
        for app in ("cases", "front_door", "returns")
        for path in sorted((ROOT / "safeguard" / app).rglob("*.py"))
        if "tests" not in path.parts
    ),
    ROOT / "safeguard" / "performance" / "registry.py",
    ROOT / "safeguard" / "performance" / "queries.py",
]
TEMPLATE_DIRS = [ROOT / "safeguard", ROOT / "templates"]

# Calendar functions by the unit their length argument counts in.
CALENDAR_FUNCTIONS = {
    "add_working_days": PeriodUnit.WORKING_DAYS,
    "working_days_after": PeriodUnit.WORKING_DAYS,
    "days_after": PeriodUnit.DAYS,
    "add_months": PeriodUnit.MONTHS,
    "months_after": PeriodUnit.MONTHS,
}


def _amounts(unit: PeriodUnit) -> set[int]:
    """Every clock's length in ``unit`` (weeks counted as days too)."""
    found = {clock.amount for clock in CLOCKS.values() if clock.unit is unit}
    if unit is PeriodUnit.DAYS:
        found |= {c.period.counted().amount for c in CLOCKS.values() if c.unit is PeriodUnit.WEEKS}
    return found


def _sql_without_comments(text: str) -> str:
    return "\n".join(line.split("--", 1)[0] for line in text.splitlines())


def test_no_indicator_sql_file_holds_a_length():
    # 0 and 1 are flags and counts; VARCHAR(n) is a column type. Any other number in an
    # indicator's SQL is a length that belongs to a clock or to the registry's definitions.
    found = []
    for path in sorted(SQL_DIR.glob("*.sql")):
        sql = re.sub(r"VARCHAR\(\d+\)", "", _sql_without_comments(path.read_text()))
        found += [
            f"{path.name}: {number}"
            for number in re.findall(r"(?<![\w.])\d+(?![\w.])", sql)
            if number not in {"0", "1"}
        ]
    assert found == []


def test_the_scan_of_sql_files_would_see_a_length():
    assert re.findall(r"(?<![\w.])\d+(?![\w.])", "a.working_day_ordinal + 45 <= 15") == [
        "45",
        "15",
    ]


def _positive_ints(node: ast.AST) -> list[int]:
    """The int literals in an expression, but for negated ones (counting back, as rule
    8569's "one working day prior", is not a clock's length)."""
    negated = {
        id(n.operand)
        for n in ast.walk(node)
        if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.USub)
    }
    return [
        n.value
        for n in ast.walk(node)
        if isinstance(n, ast.Constant) and type(n.value) is int and id(n) not in negated
    ]


def _literal_lengths(path: Path, root: Path = ROOT) -> list[str]:
    tree = ast.parse(path.read_text())
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name in CALENDAR_FUNCTIONS:
            amounts, lengths = _amounts(CALENDAR_FUNCTIONS[name]), node.args[1:]
        elif name == "timedelta":
            weeks = [k.value for k in node.keywords if k.arg == "weeks"]
            days = [k.value for k in node.keywords if k.arg == "days"]
            amounts = _amounts(PeriodUnit.WEEKS) if weeks else _amounts(PeriodUnit.DAYS)
            lengths = weeks or days
        else:
            continue
        if any(value in amounts for length in lengths for value in _positive_ints(length)):
            found.append(f"{path.relative_to(root)}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_no_module_that_computes_due_dates_writes_a_clocks_length():
    found = [hit for path in CLOCK_MODULES for hit in _literal_lengths(path)]
    assert found == []


def test_the_scan_of_modules_would_see_a_length(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        "due = add_working_days(d, 45)\n"
        "review = months_after(d, Case(When(x=None, then=Value(3)), default=Value(6)))\n"
        "visit = timedelta(days=42)\n"
        "fine = add_working_days(d, -1), add_months(born, 72), timedelta(weeks=40)\n"
    )
    assert [hit.split(":")[1] for hit in _literal_lengths(module, tmp_path)] == ["1", "2", "3"]


def test_no_template_writes_a_clocks_length():
    # "within 1 working day" and the like: use {% clock_length "contact_decision" %}.
    words = r"working days?|days?|weeks?|months?"
    pattern = re.compile(rf"\b(?:within|in|Due \() ?(\d+) ({words})\b", re.IGNORECASE)
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for folder in TEMPLATE_DIRS
        for path in sorted(folder.rglob("*.html"))
        if "node_modules" not in path.parts
        for match in pattern.finditer(path.read_text())
    ]
    assert found == []


def test_templates_take_a_clocks_length_from_the_clock():
    from django.template import Context, Template, TemplateSyntaxError

    text = Template('{% load timescales %}within {% clock_length "assessment" %}')
    assert text.render(Context()) == "within 45 working days"
    # A length the authority sets is the view's to pass: the default would be wrong there.
    local = Template('{% load timescales %}{% clock_length "cp_visit" %}')
    try:
        local.render(Context())
    except TemplateSyntaxError:
        pass
    else:
        raise AssertionError("a local clock's default length was shown")
