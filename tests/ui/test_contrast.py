"""Contrast of the default theme (issue 17): every text colour the app shows on its
background reaches WCAG 2 AA, 4.5:1 for normal text.

Colours come from the running app, never from this file: the theme's variables and the
computed styles of real widgets (placeholders, footer keys, table headers, the app's own
tcss).  Select placeholders were 237 on 233, nearly invisible.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.color import Color
from textual.css.styles import StylesBase
from textual.dom import DOMNode
from textual.widgets import DataTable, Footer, Input, Label, Select, Static

from screens.app import create_app
from screens.dashboard import DashboardScreen
from screens.issues import IssuesScreen
from screens.meetup import MeetupScreen
from tests.conftest import fixed_clock
from tests.uihelp import area, on_screen, until

AA = 4.5


def luminance(color: Color) -> float:
    """WCAG 2 relative luminance of an opaque colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(foreground: Color, background: Color) -> float:
    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def over(background: Color, styles: StylesBase, inherited: Color) -> Color:
    """The opaque colour of text styled by ``styles`` on ``background``."""
    color = styles.color if styles.has_rule("color") else inherited
    if styles.has_rule("color") and styles.auto_color:
        color = background.get_contrast_text(color.a)
    return background + color


def text_colors(node: DOMNode) -> tuple[Color, Color]:
    """(text, background) of ``node`` as drawn: alpha blended down the DOM, as Textual does."""
    background, color = Color(0, 0, 0), Color(255, 255, 255)
    for ancestor in reversed(node.ancestors_with_self):
        styles = ancestor.styles
        background += styles.background.tint(styles.background_tint)
        color = over(background, styles, color) if styles.has_rule("color") else color
    return color, background


def component_colors(node: DOMNode, name: str) -> tuple[Color, Color]:
    """(text, background) of a component class (an Input's placeholder, a footer key)."""
    color, background = text_colors(node)
    styles = node.get_component_styles(name)
    background += styles.background
    return over(background, styles, color), background


def failures(pairs: dict[str, tuple[Color, Color]]) -> list[str]:
    return [
        f"{what}: {fg.hex} on {bg.hex} = {contrast(fg, bg):.2f}"
        for what, (fg, bg) in pairs.items()
        if contrast(fg, bg) < AA
    ]


def theme_pairs(app: Any) -> dict[str, tuple[Color, Color]]:
    """The theme's text colours on its surfaces, from ``app.get_css_variables()``."""
    variables = app.get_css_variables()
    base = Color.parse(variables["background"])
    surfaces = {
        "background": base,
        "surface": Color.parse(variables["surface"]),
        "panel": Color.parse(variables["panel"]),
        "boost": base + Color.parse(variables["boost"]),
        "footer": Color.parse(variables["footer-background"]),
    }
    pairs: dict[str, tuple[Color, Color]] = {}
    for name, surface in surfaces.items():
        for text in ("text", "text-muted"):  # "auto 87%" / "auto 60%": contrast text
            alpha = float(variables[text].split()[1].rstrip("%")) / 100
            pairs[f"${text} on ${name}"] = (surface + surface.get_contrast_text(alpha), surface)
        for text in ("foreground", "text-accent", "text-error"):  # the app's tcss uses them
            pairs[f"${text} on ${name}"] = (surface + Color.parse(variables[text]), surface)
    footer = surfaces["footer"]
    for text in ("footer-key-foreground", "footer-description-foreground"):
        pairs[f"${text}"] = (footer + Color.parse(variables[text]), footer)
    return pairs


def widget_pairs(screen: Any) -> dict[str, tuple[Color, Color]]:
    """Text widgets, placeholders, footer keys and table headers of one screen."""
    pairs: dict[str, tuple[Color, Color]] = {}
    name = type(screen).__name__
    for widget in screen.query("Static, Label"):
        if isinstance(widget, (Static, Label)) and widget.display and str(widget.render()):
            pairs[f"{name} {widget!r}"] = text_colors(widget)
    for entry in screen.query(Input):
        pairs[f"{name} {entry!r} placeholder"] = component_colors(entry, "input--placeholder")
    for select in screen.query(Select):
        label = select.query_one("SelectCurrent #label")
        pairs[f"{name} {select!r} placeholder"] = text_colors(label)
    for table in screen.query(DataTable):
        pairs[f"{name} {table!r} header"] = component_colors(table, "datatable--header")
    for footer in screen.query(Footer):
        for key in footer.query("FooterKey"):
            for part in ("footer-key--key", "footer-key--description"):
                pairs[f"{name} {key!r} {part}"] = component_colors(key, part)
    return pairs


async def test_the_default_theme_reaches_wcag_aa(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, DashboardScreen)
        assert app.current_theme.name == "textual-dark"  # the default theme
        assert not failures(theme_pairs(app)), failures(theme_pairs(app))


async def test_every_screen_text_reaches_wcag_aa(demo_dir: Path) -> None:
    from screens.dialogs.export_calendar import ExportCalendarDialog
    from screens.forms.issue import IssueFormDialog

    app = create_app(demo_dir, clock=fixed_clock)
    pairs: dict[str, tuple[Color, Color]] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await on_screen(pilot, DashboardScreen)
        await until(pilot, lambda: screen.query_one("#issues", DataTable).row_count)
        pairs |= widget_pairs(app.screen)
        issues = await area(pilot, "3", IssuesScreen)  # Select filters with placeholders
        assert issues.query(Select)
        pairs |= widget_pairs(app.screen)
        app.open_record("meetups", "kilo-midcycle")
        await on_screen(pilot, MeetupScreen)
        for _ in range(4):
            await pilot.press("right_square_bracket")
            pairs |= widget_pairs(app.screen)
        for dialog in (IssueFormDialog(lambda draft: None), ExportCalendarDialog("kilo-midcycle")):
            await app.push_screen(dialog)
            await until(pilot, lambda: app.screen is dialog and dialog.query(Input))  # noqa: B023
            pairs |= widget_pairs(dialog)
            app.pop_screen()
    assert any("placeholder" in what for what in pairs)
    assert any("footer-key--key" in what for what in pairs)
    assert not failures(pairs), "\n".join(failures(pairs))
