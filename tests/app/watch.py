"""Watching a whole ``facepacer run`` from outside: what its screen drew, and when each cue sounded.

The run is the real one (build, loop, view, emulated chip, log); the view and the buzzer are only
wrapped, so each picture is drawn and each cue played as usual, and also recorded.
"""

from __future__ import annotations

from typing import Callable, Dict, Optional

from facepacer.ui.view import flash_key


def watch_the_run(
    monkeypatch, on_cue: Optional[Callable[[str, float], None]] = None, keep_pictures=False
) -> Dict:
    """Record every snapshot the run's view draws (``snapshots``) and the background colour it
    shows (``backgrounds``); call ``on_cue(cue, now)`` as each cue sounds. ``keep_pictures``
    keeps a copy of the screen after each (``pictures``), for comparing with an image. With
    each snapshot come the words drawn for it (``texts``: empty when nothing was redrawn)."""
    from facepacer.app import build as building
    from facepacer.ui.frame import Ctx

    seen: Dict = {"snapshots": [], "backgrounds": set(), "pictures": [], "texts": []}
    words: list = []
    real_text = Ctx.text

    def text(self, surface, shown, *args, **kwargs):
        words.append(shown)
        return real_text(self, surface, shown, *args, **kwargs)

    monkeypatch.setattr(Ctx, "text", text)
    real_build = building.build

    def build(args):
        app, warnings = real_build(args)
        view, play = app.wiring.view, app.wiring.buzzer.play

        def render(snapshot, wall):
            first = len(words)
            rects = type(view).render(view, snapshot, wall)
            seen["snapshots"].append(snapshot)
            seen["texts"].append(words[first:])
            if keep_pictures:
                seen["pictures"].append(view.surface.copy())
            if flash_key(snapshot) is None:  # the border strip shows the background
                seen["backgrounds"].add(tuple(view.surface.get_at((1, 1)))[:3])
            return rects

        def sound(cue, now):
            play(cue, now)
            if on_cue is not None:
                on_cue(cue, now)

        view.render, app.wiring.buzzer.play = render, sound
        return app, warnings

    monkeypatch.setattr(building, "build", build)
    return seen


def screens(seen) -> list:
    """``(time, screen)`` each time the screen drawn changed, in order."""
    out = []
    for snapshot in seen["snapshots"]:
        if not out or out[-1][1] != snapshot.screen:
            out.append((snapshot.now, snapshot.screen))
    return out
