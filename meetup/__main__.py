"""``python -m meetup``."""

from meetup.cli import main

if __name__ == "__main__":  # importing this module (e.g. tests walking the package) runs nothing
    raise SystemExit(main())
