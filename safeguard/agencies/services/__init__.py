"""Every write of the partner hub. Keyword-only, validated, atomic and audited. Import from
here: `from safeguard.agencies import services`."""

from .check import *  # noqa: F403
from .files import *  # noqa: F403
from .limits import *  # noqa: F403
from .organisations import *  # noqa: F403
from .submissions import *  # noqa: F403
