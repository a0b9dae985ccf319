"""The one form kit: every dialog that edits a record is a ``FormDialog``.

One look (a bordered box, a label column, an error line under each field, the keys at the
bottom), the first field focused, type-ahead kept (keys typed while the dialog opens land
in its first field), the same keys (ctrl+s or enter save, esc cancels and asks before
throwing typed text away), errors at the field they concern that clear once it is fixed.

A subclass yields its rows with :meth:`FormDialog.row` in ``fields()``, reads its widgets
into a draft in ``read()`` (the parsing is a function in ``meetup/``), may check the draft
in ``check()`` (a ``meetup/`` function returning ``{field: message}``) and stores it in
``save()``.  Saving goes through :func:`screens.saving.save`, so a stale or broken file, a
full disk or a refusal shows here and the dialog stays open with what was typed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea

from meetup import directory
from meetup.store.errors import InvalidInput
from screens.saving import save
from screens.typeahead import TakesTypeAhead

if TYPE_CHECKING:
    from meetup.store.workspace import Workspace

T = TypeVar("T")
GENERAL = ""
"""The error key of messages that concern no one field."""


def dom_id(name: str) -> str:
    """The widget id of field ``name`` (``timeline.voting_open`` -> ``timeline-voting_open``)."""
    return name.replace(".", "-")


class FormBody(VerticalScroll, can_focus=False):
    """The scrolling box of a form; never takes the focus (the fields do)."""


def field_value(widget: Widget) -> object:
    if isinstance(widget, TextArea):
        return widget.text
    if isinstance(widget, Select):
        return None if widget.value is Select.NULL else widget.value
    return getattr(widget, "value", None)


class FormDialog(TakesTypeAhead, ModalScreen[T], Generic[T]):
    """A form that edits one record; dismisses with what ``save`` returned, None on cancel."""

    DEFAULT_CSS = """
    FormDialog {
        align: center middle;
        & > #form {
            width: 76;
            max-width: 100%;
            height: auto;
            max-height: 100%;
            border: round $accent;
            border-title-color: $text-accent;
            border-title-style: bold;
            background: $surface;
            padding: 0 1;
        }
        & .form-row { height: auto; }
        & .form-row > .form-label { width: 14; color: $text-muted; }
        & .form-row:focus-within > .form-label { color: $text-accent; text-style: bold; }
        & .form-row > Input { width: 1fr; background: $boost; }
        & .form-row > Input:focus { background: $accent 20%; }  /* placeholder at AA */
        & .form-row > Select { width: 1fr; }
        & .form-row > Checkbox { width: 1fr; }
        & .form-row > TextArea { width: 1fr; height: 4; background: $boost; }
        & .form-row > TextArea:focus { background: $accent 20%; }
        & .form-error { display: none; height: auto; color: $text-error; padding-left: 14; }
        & .form-error.-shown { display: block; }
        & #form-error { padding-left: 0; }
        & .form-hint { color: $text-muted; height: auto; }
        & #form-buttons { height: 1; margin-top: 1; }
        & #form-buttons > .form-hint { width: 1fr; }
        & #form-buttons > Button { margin-left: 2; }
    }
    """
    AUTO_FOCUS = ".form-field"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form-save", priority=True),
        Binding("escape", "cancel", "Cancel", id="form-cancel"),
    ]
    SAVE_LABEL: ClassVar[str] = "Save"
    HINT: ClassVar[str] = ""
    """Extra words for the key line (what the fields accept)."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.form_title = title
        self.field_names: list[str] = []
        self._initial: tuple[object, ...] | None = None
        self._shown: dict[str, str] = {}
        """The field errors on screen."""
        self._shown_values: dict[str, tuple[object, ...]] = {}
        """What each of those fields held when its error was shown."""
        self._typed_early: list[str] = []
        """Type-ahead that arrived before the fields were there."""
        self._completing = False
        """Some field completes names (its suggestion is taken with the right arrow)."""

    @property
    def workspace(self) -> Workspace:
        """The workspace as it is now (a reload replaces it while the form is open)."""
        return self.app.workspace  # type: ignore[attr-defined]

    # ------------------------------------------------------------ to override

    def fields(self) -> ComposeResult:
        """Yield the rows (``yield from self.row(...)``)."""
        raise NotImplementedError

    def read(self) -> Any:
        """The draft the widgets hold; may raise InvalidInput naming a field."""
        raise NotImplementedError

    def check(self, draft: Any) -> Mapping[str, str]:
        """What is wrong with the draft, by field (nothing: it may be saved)."""
        return {}

    def save(self, draft: Any) -> T:
        """Store the draft (a ``meetup/`` operation); what the dialog dismisses with."""
        raise NotImplementedError

    def undo_label(self, draft: Any, saved: Any) -> str:
        """The undo history's words for this save: the form's title and what it saved."""
        name = record_label(saved)
        return f"{self.form_title}: {name}" if name else self.form_title

    def outcome(self, draft: Any, saved: Any) -> T:
        """What the dialog dismisses with after a save (``save``'s result by default)."""
        return saved

    # ------------------------------------------------------------ completion

    def people_suggester(self, *, many: bool = False) -> DirectorySuggester:
        """Completion of a person field (``many``: a comma-separated list of people)."""
        return self._completes(
            DirectorySuggester(lambda: directory.people(self.workspace), many=many)
        )

    def projects_suggester(self, *, many: bool = False) -> DirectorySuggester:
        return self._completes(
            DirectorySuggester(lambda: directory.projects(self.workspace), many=many)
        )

    def areas_suggester(self) -> DirectorySuggester:
        return self._completes(
            DirectorySuggester(lambda: directory.areas(self.workspace), many=False)
        )

    def _completes(self, suggester: DirectorySuggester) -> DirectorySuggester:
        self._completing = True  # the key line says how to take a completion
        return suggester

    # ------------------------------------------------------------------ rows

    def row(self, name: str, label: str, *widgets: Widget) -> ComposeResult:
        """``label | widgets`` and under it the error line of field ``name``.

        The first widget is the one focused when the field is in error.
        """
        self.field_names.append(name)
        if widgets:
            widgets[0].add_class("form-field")
        with Horizontal(classes="form-row", id=f"{dom_id(name)}-row"):
            yield Label(Text(label), classes="form-label")
            yield from widgets
        yield Static("", id=f"{dom_id(name)}-error", classes="form-error")

    def error_line(self, name: str) -> Static:
        """An error line of its own for ``name`` (an error about several fields)."""
        self.field_names.append(name)
        return Static("", id=f"{dom_id(name)}-error", classes="form-error")

    def compose(self) -> ComposeResult:
        with FormBody(id="form") as body:
            body.border_title = self.form_title
            yield from self.fields()
            yield Static("", id="form-error", classes="form-error")
            if self.HINT:
                yield Static(Text(self.HINT), id="form-hint", classes="form-hint")
            with Horizontal(id="form-buttons"):
                keys = "ctrl+s save · esc cancel · → fill" if self._completing else ""
                yield Static(Text(keys or "ctrl+s save · esc cancel"), classes="form-hint")
                yield Button("Cancel", id="form-cancel", compact=True)
                yield Button(self.SAVE_LABEL, id="form-save", variant="primary", compact=True)

    def on_mount(self) -> None:
        first = self.first_field()
        if first is not None and self.focused is None:
            first.focus()
        early, self._typed_early = self._typed_early, []
        for character in early:
            self.take_type_ahead(character)
        # What the fields hold before anything is typed (type-ahead arrives after mount).
        self._initial = self.snapshot()

    # ---------------------------------------------------------------- values

    def field_widgets(self) -> list[Widget]:
        return list(self.query(".form-field").results(Widget))

    def first_field(self) -> Widget | None:
        fields = self.field_widgets()
        return fields[0] if fields else None

    def snapshot(self) -> tuple[object, ...]:
        return tuple(field_value(w) for w in self.query("Input, Select, TextArea, Checkbox"))

    @property
    def dirty(self) -> bool:
        """True once anything was typed or chosen."""
        return self._initial is not None and self.snapshot() != self._initial

    def text(self, ident: str) -> str:
        return self.query_one(f"#{dom_id(ident)}", Input).value

    def choice(self, ident: str) -> str:
        value = self.query_one(f"#{dom_id(ident)}", Select).value
        return "" if value is Select.NULL else str(value)

    def checked(self, ident: str) -> bool:
        return self.query_one(f"#{dom_id(ident)}", Checkbox).value

    # ---------------------------------------------------------------- errors

    def show_errors(self, errors: Mapping[str, str]) -> None:
        """Each message under its field (the others hidden); focus the first bad field."""
        known = set(self.field_names)
        general = [m for f, m in errors.items() if f not in known and m]
        self._shown = {f: m for f, m in errors.items() if f in known and m}
        self._shown_values = {f: self._row_values(f) for f in self._shown}
        for name in self.field_names:
            self._set_error(name, self._shown.get(name, ""))
        line = self.query_one("#form-error", Static)
        line.update(Text("; ".join(general)))
        line.set_class(bool(general), "-shown")
        first = next((n for n in self.field_names if n in self._shown), None)
        if first is not None:
            for row in self.query(f"#{dom_id(first)}-row").results(Horizontal):
                focusable = [w for w in row.children if w.focusable]
                if focusable:
                    focusable[0].focus()

    def _set_error(self, name: str, message: str) -> None:
        label = self.query_one(f"#{dom_id(name)}-error", Static)
        label.update(Text(message))
        label.set_class(bool(message), "-shown")

    def current_errors(self) -> dict[str, str]:
        try:
            draft = self.read()
        except InvalidInput as exc:
            return {exc.field: exc.message}
        return dict(self.check(draft))

    def _row_values(self, name: str) -> tuple[object, ...]:
        rows = self.query(f"#{dom_id(name)}-row")
        if not rows:
            return ()
        return tuple(
            field_value(w) for w in rows.first().query("Input, Select, TextArea, Checkbox")
        )

    def _recheck(self, widget: Widget) -> None:
        """A field in error was edited: its error goes once it is fixed (or changes)."""
        name = self._field_of(widget)
        if name not in self._shown or self._row_values(name) == self._shown_values.get(name):
            return  # no error there, or the value is what it was when the error was shown
        message = self.current_errors().get(name, "")
        self._set_error(name, message)
        if message:
            self._shown[name] = message
            self._shown_values[name] = self._row_values(name)
        else:
            del self._shown[name]

    @on(Input.Blurred)
    def _left(self, event: Input.Blurred) -> None:
        """Leaving a person or project field that names nobody shows why at once (the
        closest match included), without waiting for a save."""
        if isinstance(event.input.suggester, DirectorySuggester) and self.is_mounted:
            self._note_error(event.input)

    def _note_error(self, widget: Widget) -> None:
        name = self._field_of(widget)
        if name is None or name in self._shown:
            return
        message = self.current_errors().get(name, "")
        if message:
            self._set_error(name, message)
            self._shown[name] = message
            self._shown_values[name] = self._row_values(name)

    def _field_of(self, widget: Widget) -> str | None:
        """The field whose row holds ``widget``."""
        row = next((a for a in widget.ancestors if a.has_class("form-row")), None)
        if row is None or row.id is None:
            return None
        return next((n for n in self.field_names if f"{dom_id(n)}-row" == row.id), None)

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    @on(TextArea.Changed)
    def _edited(self, event: Message) -> None:
        control = getattr(event, "control", None)
        if isinstance(control, Widget):
            self._recheck(control)

    # ---------------------------------------------------------------- keys

    def take_type_ahead(self, character: str) -> None:
        """A key typed before the form was ready: into the focused (or first) text field."""
        if not self.is_mounted:
            self._typed_early.append(character)
            return
        focused = self.focused
        target = focused if isinstance(focused, (Input, TextArea)) else self.first_field()
        if isinstance(target, Input):
            target.insert_text_at_cursor(character)
        elif isinstance(target, TextArea):
            target.insert(character)
        else:
            return
        if focused is not target:
            target.focus()

    def on_key(self, event: events.Key) -> None:
        """Type-ahead: a key that reached the form before a field had the focus."""
        if not event.is_printable or not event.character:
            return
        if self.focused is not None and not isinstance(self.focused, (Input, TextArea)):
            return  # a Select, a Checkbox, a Button: their own keys
        self.take_type_ahead(event.character)
        event.stop()
        event.prevent_default()

    def action_save(self) -> None:
        try:
            draft = self.read()
        except InvalidInput as exc:
            self.show_errors({exc.field: exc.message})
            return
        errors = self.check(draft)
        self.show_errors(errors)
        if errors:
            return
        saved = save(
            self, lambda: self.save(draft), form=self, what=lambda v: self.undo_label(draft, v)
        )
        if saved is not None:
            self.dismiss(self.outcome(draft, saved.value))

    def action_cancel(self) -> None:
        if not self.dirty:
            self.dismiss(None)
            return
        from screens.dialogs.confirm import ConfirmDialog

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmDialog("Throw away what you typed in this form?", yes="Discard"), answered
        )

    @on(Button.Pressed, "#form-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#form-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()


class DirectorySuggester(Suggester):
    """Completes a person, project or area by name, id or e-mail, accent-insensitive
    ("bjorn" -> "Björn Lindqvist"); with ``many``, the last item of a comma-separated list.

    ``entries`` is asked each time, so a reload of the workspace shows at once.
    """

    def __init__(self, entries: Callable[[], Iterable[directory.Entry]], *, many: bool) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.entries = entries
        self.many = many

    async def get_suggestion(self, value: str) -> str | None:
        entries = self.entries()
        if self.many:
            return directory.suggest_last(entries, value)
        return directory.suggest(entries, value)


def field_input(value: str = "", *, ident: str, placeholder: str = "", **kw: Any) -> Input:
    """A one-line field as every form shows it."""
    # The cursor goes to the end (nothing selected): typing adds to what is there.
    return Input(
        value,
        placeholder=placeholder,
        id=dom_id(ident),
        compact=True,
        select_on_focus=False,
        **kw,
    )


def field_select(
    options: Iterable[tuple[Any, Any]], value: Any, *, ident: str, prompt: str = ""
) -> Select[Any]:
    listed = list(options)
    value = Select.NULL if value is None or value == "" else value
    if prompt:
        return Select(listed, value=value, prompt=prompt, id=dom_id(ident), compact=True)
    return Select(listed, value=value, allow_blank=False, id=dom_id(ident), compact=True)


def record_label(value: object) -> str:
    """A saved record's title or name as a person reads it ('' when it has none)."""
    for attr in ("title", "name", "label", "text"):
        name = getattr(value, attr, None)
        if isinstance(name, str) and name:
            return repr(name if len(name) <= 40 else name[:39] + "…")
    return ""
