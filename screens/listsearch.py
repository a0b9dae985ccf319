"""The search bar of every list: ``/`` opens it, typing filters, escape clears and hides it.

The host screen (or meetup tab) is a ``SearchableList``: it binds ``/`` to ``search``, ``s``
to ``sort`` and escape to ``back`` (a screen) or ``clear_search`` (a tab), reads ``text`` and
``order`` when it fills its table (matching with ``meetup.finding``) and calls ``show_count``
after; the mixin re-fills the list on ``ListSearch.Changed``.  The bar says how filtered
the list is ("3 of 12 · /kilo · by date") and stays hidden while the list shows everything
in its first order, so a screen's default look is unchanged.

The query and the order of each list are kept while the app runs (``remembered``, in the
App's ``list_states``): leave a screen and come back, and the list is searched and sorted
as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Static

from meetup.finding import next_order, summary
from screens import keys

if TYPE_CHECKING:
    from textual.widget import Widget

    from screens.app import MeetupApp

    _Host = Widget
else:
    _Host = object


@dataclass
class ListState:
    """What one list shows: the search query and the name of its order."""

    query: str = ""
    order: str = ""


def remembered(app: App[object], list_name: str) -> ListState:
    """The state of list ``list_name`` in ``app``, kept for as long as the app runs."""
    return cast("MeetupApp", app).list_states.setdefault(list_name, ListState())


class ListSearch(Horizontal):
    """A one-line search box with the list's filter state on its right."""

    DEFAULT_CSS = """
    ListSearch { height: 1; display: none; background: $boost; }
    ListSearch > Input { border: none; height: 1; padding: 0 1; width: 1fr; background: $boost; }
    ListSearch > Input:focus { background: $accent 30%; }
    ListSearch > .list-search-status { width: auto; max-width: 40; padding: 0 1; }
    ListSearch > .list-search-status { color: $text-muted; }
    """
    BINDINGS = [Binding(keys.BACK, "close", "Clear search", show=False)]

    class Changed(Message):
        """The query or the order changed: the host re-fills its list."""

        def __init__(self, search: ListSearch) -> None:
            super().__init__()
            self.search = search

        @property
        def control(self) -> ListSearch:
            return self.search

    def __init__(
        self,
        list_name: str,
        orders: Sequence[str],
        *,
        target: str,
        placeholder: str = "search",
        always: bool = False,
        input_id: str | None = None,
        id: str | None = None,
    ) -> None:
        """``orders``: the names ``s`` cycles through, the default first; ``target``: the
        selector of the list's table (focused after enter or escape); ``always``: the bar
        is shown even when the list is not filtered."""
        super().__init__(id=id)
        self.list_name = list_name
        self.orders = tuple(orders)
        self.target = target
        self.placeholder = placeholder
        self.always = always
        self.input_id = input_id
        self.opened = False
        self._state: ListState | None = None

    @property
    def state(self) -> ListState:
        if self._state is None:
            self._state = remembered(self.app, self.list_name)
            if self._state.order not in self.orders:
                self._state.order = self.orders[0] if self.orders else ""
        return self._state

    @property
    def text(self) -> str:
        """The search query typed (the widget's ``query`` is Textual's DOM query)."""
        return self.state.query

    @property
    def order(self) -> str:
        return self.state.order

    @property
    def active(self) -> bool:
        """Whether escape has something to clear here (a query, or the open box)."""
        return bool(self.state.query) or self.opened

    def compose(self) -> ComposeResult:
        box = Input(self.state.query, placeholder=f"/ {self.placeholder}", id=self.input_id)
        box.can_focus = False
        yield box
        yield Static(classes="list-search-status")

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        default = not self.orders or self.state.order == self.orders[0]
        shown = self.always or self.active or not default
        self.display = shown
        # Hidden, the box takes no focus (not even the screen's first, before its CSS).
        self.query_one(Input).can_focus = shown

    def show_count(self, shown: int, total: int) -> None:
        """Say how many rows are shown of how many, the query and the order."""
        order = self.state.order if len(self.orders) > 1 else ""
        status = self.query_one(".list-search-status", Static)
        status.update(summary(shown, total, self.state.query, order))
        self._show()

    def open(self) -> None:
        self.opened = True
        self._show()
        self.query_one(Input).focus()

    def close(self) -> bool:
        """Clear the query and hide the box; False when there was nothing to clear."""
        if not self.active:
            return False
        self.opened = False
        self.query_one(Input).value = ""  # Changed: the host shows everything again
        self._set_query("")
        self._show()
        self._focus_target()
        return True

    def cycle_order(self) -> None:
        if len(self.orders) < 2:
            return
        self.state.order = next_order(self.orders, self.state.order)
        self._show()
        self.post_message(self.Changed(self))

    def action_close(self) -> None:
        if not self.close():
            self._focus_target()

    def _focus_target(self) -> None:
        for table in self.screen.query(self.target):
            table.focus()
            return

    def _set_query(self, query: str) -> None:
        if query != self.state.query:
            self.state.query = query
            self.post_message(self.Changed(self))

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self._set_query(event.value)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.opened = False
        self._show()
        self._focus_target()


class SearchableList(_Host):
    """A screen or meetup tab with a ``ListSearch``: the search and sort keys, re-filling.

    The host keeps its own bindings (``search``, ``sort``, and escape on ``back`` or
    ``clear_search``: their ids and descriptions are its keys' text) and fills its list in
    ``refresh_data``; a screen says in ``go_back`` where escape goes once there is no
    search left to clear.  Put it before the Screen or Widget base, so that its
    ``check_action`` comes first and hands every other action on.
    """

    if TYPE_CHECKING:

        def refresh_data(self) -> None: ...

    @property
    def list_search(self) -> ListSearch:
        return self.query_one(ListSearch)

    def on_list_search_changed(self) -> None:
        self.refresh_data()

    def action_search(self) -> None:
        self.list_search.open()

    def action_sort(self) -> None:
        self.list_search.cycle_order()

    def action_back(self) -> None:
        """Escape clears the search first, then goes back."""
        if not self.list_search.close():
            self.go_back()

    def go_back(self) -> None:
        """Where escape goes with no search to clear (a screen: the one below it)."""
        self.app.pop_screen()

    def action_clear_search(self) -> None:
        self.list_search.close()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_search":
            # A tab's escape leaves the meetup unless there is a search to clear first.
            return self.list_search.active
        return super().check_action(action, parameters)
