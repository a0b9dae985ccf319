"""The demo workspace, built for the day it is made (the clock, so ``MEETUP_NOW`` sets it).

``build_demo(target, now)`` writes a workspace through meetup's own API: a meetup about six
weeks ahead, elections in nominations, in voting and closed, an open date poll, issues and
action items due around today.  The same day gives the same bytes; ``live=True`` makes the
meetup run today, with a session on in every room at ``now``.
"""

from meetup.demo.build import DEMO_MEETUP, build_demo, copy_demo, demo_marker, is_current_demo

__all__ = ["DEMO_MEETUP", "build_demo", "copy_demo", "demo_marker", "is_current_demo"]
