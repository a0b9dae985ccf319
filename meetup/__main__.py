"""``python -m meetup``."""

from meetup.cli import main

if __name__ == "__main__":  # importing this module (tests do) must not start the app
    raise SystemExit(main())
