"""The session log (DESIGN §6): SQLite that survives power cuts, read by ``facepacer history``.

``Store`` is the whole interface; ``streaks`` holds the forgiving-streak rule.
"""

from facepacer.store.shown import FIELDS
from facepacer.store.store import ENDED_BY, ENDINGS, Store

__all__ = ["ENDED_BY", "ENDINGS", "FIELDS", "Store"]
