"""Shared pytest configuration."""

pytest_plugins = ["tests.radicale_server"]
