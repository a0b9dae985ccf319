"""Fixtures of the CalDAV tests: the shared Radicale server, a new calendar, a client."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.radicale_server import RadicaleServer


@pytest.fixture
def server(radicale_server: RadicaleServer) -> RadicaleServer:
    return radicale_server


@pytest.fixture
def cal_url(radicale_server: RadicaleServer) -> str:
    return radicale_server.new_calendar_url()


@pytest.fixture
def client(radicale_server: RadicaleServer) -> Iterator[httpx.Client]:
    """The organizer's own HTTP client, to look at (or tamper with) the server directly."""
    with httpx.Client(auth=(radicale_server.user, radicale_server.password)) as http:
        yield http
