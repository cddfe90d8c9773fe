"""A step's own illustration (``image:`` in the ritual), drawn in place of the face diagram.

The picture is scaled, proportions kept, to the square inside the diagram's round frame, so no
corner is cut off; each scaled picture is cached, so a step loads and scales its file once. A
file that cannot be read when it is drawn (removed or damaged since the ritual was checked) is
not drawn: the caller draws the face diagram instead and shows the notice.

The image loader only ever sees bytes read once through ``userfiles`` (a regular file, of
bounded size) and found sound by ``media.picture`` (whole, and within the pixel limit): a file
swapped for a FIFO, a bomb or a damaged PNG after ``rituals validate`` checked it is refused
here, with the reason in the notice, and never decoded.
"""

from __future__ import annotations

import io
import math
from collections import OrderedDict
from typing import Optional, Tuple, Union

import pygame

from facepacer import media, userfiles
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


_CACHE: OrderedDict = OrderedDict()  # (path, side) -> the scaled picture, or why it is not one
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
    if isinstance(picture, str):
        return f"cannot show the step's image{picture}; showing the face diagram"
    where = picture.get_rect(center=rect.center)
    surface.blit(picture, where)
    return None


def _loaded(path: str) -> Tuple[Optional[pygame.Surface], str]:
    """The picture at ``path`` decoded, once its bytes are found sound; else None and why (to
    follow "cannot show the step's image")."""
    try:
        data = userfiles.read_bytes(path, limit=media.PICTURE_MAX_BYTES, what="the file")
    except userfiles.UserFileError as exc:
        return None, f": {exc}"
    try:
        media.picture(data)
        return pygame.image.load(io.BytesIO(data), "picture.png"), ""
    except media.MediaError as exc:
        return None, f" {userfiles.shown_path(path)}: {exc}"
    except (pygame.error, OSError, ValueError) as exc:
        return None, f" {userfiles.shown_path(path)}: it cannot be decoded ({exc})"


def _scaled(path: str, side: int) -> Union[pygame.Surface, str]:
    image, problem = _loaded(path)
    if image is None:
        return problem
    width, height = image.get_size()
    if width <= 0 or height <= 0:
        return "it has no pixels"
    scale = side / max(width, height)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    try:  # smoothscale takes 24- and 32-bit pictures only; a palette PNG is scaled plainly
        return pygame.transform.smoothscale(image, size)
    except (ValueError, pygame.error):
        return pygame.transform.scale(image, size)
