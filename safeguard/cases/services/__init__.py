"""Every write to the statutory case record, split by episode. Each service is keyword-only,
checks the statutory rules in `workflow.rules` against facts read from the database, validates
the rows it writes, audits them, and writes all or nothing. Import from here:
`from safeguard.cases import services`.
"""

from ._base import *  # noqa: F403
from .allocation import *  # noqa: F403
from .assessment import *  # noqa: F403
from .children_in_need import *  # noqa: F403
from .front_door import *  # noqa: F403
from .looked_after import *  # noqa: F403
from .protection import *  # noqa: F403
from .referral import *  # noqa: F403
from .referral import _open_work  # noqa: F401  (the demo generator mirrors it)
from .visits import *  # noqa: F403
