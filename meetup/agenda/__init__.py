"""Planning a meetup: settings, attendees, topics, schedule, minutes, polls, releases."""
