"""Calendars: events and UIDs, iCalendar rendering, VTIMEZONE, invites, RSVPs, CalDAV."""
