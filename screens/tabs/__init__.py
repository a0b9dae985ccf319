"""The tabs of a meetup's screen (overview, attendees, topics, schedule)."""
