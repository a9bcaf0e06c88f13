"""`reverse()` for whole-number arguments, worked out once per URL name.

Django's `reverse()` walks the resolver and tries each pattern's regular expression on every
call: 0.1 to 0.3 ms here, and the child record asked for a dozen links a request, most of
them "this page, for this child". For whole numbers the answer is the same string with the
number in its place (every path converter in the project writes an int as `str(value)`), so
the path is reversed once with stand-ins for the arguments and kept as its pieces, and each
later call joins the pieces around the numbers. Anything else (keyword arguments, text, a
URL that does not print its arguments in order) goes to `reverse()` itself, so the answer
is always reverse()'s.

Kept per script prefix, URLconf and current app, and forgotten when a test changes the
URLconf or the script name.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf
from django.urls import reverse as django_reverse

__all__ = ["url_for"]

# Stand-ins for the arguments: digits (so the int, slug, str and path converters all take
# them), distinct from one another and from any id a table will reach.
_STAND_IN = 918_273_645_000


@lru_cache(maxsize=2048)
def _pieces(
    name: str, count: int, prefix: str, urlconf: str | None, current_app: str | None
) -> tuple[str, ...] | None:
    stand_ins = [str(_STAND_IN + i) for i in range(count)]
    try:
        path = django_reverse(name, urlconf=urlconf, args=stand_ins, current_app=current_app)
    except NoReverseMatch:
        return None  # let reverse() say what is wrong, with the real arguments
    pieces, rest = [], path
    for stand_in in stand_ins:
        before, found, rest = rest.partition(stand_in)
        if not found:
            return None
        pieces.append(before)
    pieces.append(rest)
    return tuple(pieces)


def url_for(name: str, args: Sequence[object] = (), *, current_app: str | None = None) -> str:
    """`reverse(name, args=args, current_app=current_app)`, from the kept pieces when every
    argument is a whole number of at least 0."""
    if all(type(arg) is int and arg >= 0 for arg in args):
        pieces = _pieces(name, len(args), get_script_prefix(), get_urlconf(), current_app)
        if pieces is not None:
            joined = [pieces[0]]
            for arg, after in zip(args, pieces[1:], strict=True):
                joined.append(str(arg))
                joined.append(after)
            return "".join(joined)
    return django_reverse(name, args=list(args), current_app=current_app)


@receiver(setting_changed)
def _forget(*, setting: str, **kwargs: object) -> None:
    if setting in {"ROOT_URLCONF", "FORCE_SCRIPT_NAME"}:
        _pieces.cache_clear()
