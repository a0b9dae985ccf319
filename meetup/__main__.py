"""``python -m meetup``."""

from meetup.cli import main

raise SystemExit(main())
