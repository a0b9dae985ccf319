"""Sharing a workspace: agenda TOML, Markdown, frab, announce, fetch, git sync."""
