"""Every write the front door makes. Import from here: `from safeguard.front_door import
services`."""

from .mash import *  # noqa: F403
from .public import *  # noqa: F403
from .receive import *  # noqa: F403
from .receive import contact_source_for_public  # noqa: F401
