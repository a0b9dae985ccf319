"""``python -m meetup``."""

from meetup.cli import main

if __name__ == "__main__":  # importing this module (e.g. to list modules) must not start the app
    raise SystemExit(main())
