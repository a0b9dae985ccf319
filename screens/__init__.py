"""The Textual UI of meetup: the App, one screen per file, dialogs and widgets."""
