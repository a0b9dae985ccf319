"""meetup: organize PTL-only mid-cycle meetups, liaisons and Condorcet elections."""

__version__ = "0.1.0"
