"""The front door: how every contact arrived, and the queue waiting on the as-of date.

Two passes over the generated children, after staffing (so the front door's manager and its
duty workers exist) and before the rules are checked (so the contacts added here are checked
with the rest):

1. `give_routes`: every contact gets the route it came by (phone, email, the professional or
   the public form, a partner's system...), drawn by its census source, with its urgency and
   what the family said about consent. Each child has its own random stream here, so the
   journeys draw exactly the numbers they drew before routes existed.
2. `open_front_door`: the contacts waiting for a decision at the first front door team (the
   team `front_door.services.contact_receive` sends every new contact to, `mash.demo`'s). A
   fixed set (`SHOWCASE`) shows every route and every state a front-door worker meets:
   received today, due today (received the previous working day), overdue, rated and
   re-rated, consent refused and consent overridden, checks with the demo partners answered
   and outstanding, children not yet matched, an address only. Ordinary contacts follow
   until about 1.2% of a year's contacts wait. Contacts decided in the last few working days
   get the feedback their senders were given.

Everything here is read from the working-day calendar (`safeguard.timescales`), never from
weekdays, and nothing on the as-of date happens after the morning (`MORNING`), so a demo built
today does not show work done this afternoon.
"""

from .checks import validate_front_door
from .routes import PARTNER_ROUTES, describe_arrival, give_routes
from .waiting import FrontDoorRows, open_front_door

__all__ = [
    "PARTNER_ROUTES",
    "FrontDoorRows",
    "describe_arrival",
    "give_routes",
    "open_front_door",
    "validate_front_door",
]
