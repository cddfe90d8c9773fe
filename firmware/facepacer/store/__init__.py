"""The session log (ARCHITECTURE §7): SQLite that survives power cuts, read by ``history``.

``Store`` is the whole interface; ``streaks`` holds the forgiving-streak rule.
"""

from facepacer.store.listing import FIELDS
from facepacer.store.store import ENDED_BY, ENDINGS, Store

__all__ = ["ENDED_BY", "ENDINGS", "FIELDS", "Store"]
