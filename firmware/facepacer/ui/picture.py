"""A step's own illustration (``image:`` in the ritual), drawn in place of the face diagram.

The picture is scaled, proportions kept, to the square inside the diagram's round frame, so no
corner is cut off; each scaled picture is cached, so a step loads and scales its file once. A
file that cannot be read when it is drawn (removed or damaged since the ritual was checked) is
not drawn: the caller draws the face diagram instead and shows the notice.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from typing import Optional

import pygame

from facepacer.engine.snapshot import StepView
from facepacer.ui.frame import Ctx


def picture_or_face(surface: pygame.Surface, rect: pygame.Rect, ctx: Ctx, step: StepView,
                    side: str, mirror: bool) -> Optional[str]:  # fmt: skip
    """The step's own picture if it has one and it can be read, else the face diagram.

    Returns a notice when something could not be shown, else None."""
    if step.image:
        problem = draw_picture(surface, rect, step.image)
        if problem is None:
            return None
        return ctx.face.draw(surface, rect, ctx.palette, step.zone, side, mirror) or problem
    return ctx.face.draw(surface, rect, ctx.palette, step.zone, side, mirror)


_CACHE: OrderedDict = OrderedDict()  # (path, side) -> the scaled picture, None if unreadable
_CACHE_SIZE = 4


def draw_picture(surface: pygame.Surface, rect: pygame.Rect, path: str) -> Optional[str]:
    """Draw the picture at ``path`` centred in the circle inscribed in ``rect``.

    Returns None when drawn, else a notice saying why not (then nothing is drawn).
    """
    side = max(1, math.floor(min(rect.width, rect.height) / math.sqrt(2)))
    key = (path, side)
    if key not in _CACHE:
        _CACHE[key] = _scaled(path, side)
        if len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    picture = _CACHE[key]
    if picture is None:
        return f"cannot show the step's image {path}: showing the face diagram"
    where = picture.get_rect(center=rect.center)
    surface.blit(picture, where)
    return None


def _scaled(path: str, side: int) -> Optional[pygame.Surface]:
    try:
        image = pygame.image.load(path)
    except (pygame.error, OSError, FileNotFoundError):
        return None
    width, height = image.get_size()
    if width <= 0 or height <= 0:
        return None
    scale = side / max(width, height)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    try:  # smoothscale takes 24- and 32-bit pictures only; a palette PNG is scaled plainly
        return pygame.transform.smoothscale(image, size)
    except (ValueError, pygame.error):
        return pygame.transform.scale(image, size)
