"""Building displayable text from untrusted strings: never markup, always Content.

Every string that came from a file (titles, bodies, names, aliases, subjects, paths) is cleaned once at
ingestion and reaches the screen through `Content(...)` (directly or through `cell`), so `[/]` or
`[@click=…]` in an article is shown as written and never interpreted.
"""

from __future__ import annotations

from textual.content import Content


def cell(text: str | None, style: str = "") -> Content:
    """A table cell of text that was cleaned at ingestion: never parsed as markup."""
    content = Content(text or "")
    return content.stylize(style) if style else content


def toast(widget, message: str, *, severity: str = "information", timeout: float | None = 3) -> None:
    """A notification that shows `message` as written: never parsed as markup."""
    widget.notify(message, severity=severity, timeout=timeout, markup=False)


IN_PLACE_SECONDS = 2.0  # how long a toast shown in place stays


def toast_in_place(widget, message: str) -> None:
    """A notification that takes the place of the last one shown this way (`n` held down says where it is, once, rather
    than stacking a toast per key); never parsed as markup."""
    from textual.notifications import Notification

    app = widget.app
    last: Notification | None = getattr(app, "_gisa_in_place", None)
    # Textual adds a toast when its message is handled, after any keys that came in the same read: the last toast is
    # replaced here at once, and its holder taken down with it (Textual's rack leaves a replaced toast's holder).
    if last is not None:
        if last in app._notifications:
            app._unnotify(last, refresh=False)
        for holder in app.screen.query("ToastHolder"):
            if holder.id == f"--textual-toast-{last.identity}":
                holder.remove()
    notification = Notification(message, "", "information", IN_PLACE_SECONDS, markup=False)
    app._gisa_in_place = notification
    app._notifications.add(notification)
    app._refresh_notifications()
