"""The link's worker's to-do list, kept apart by who fills it, so that no sender crowds out another.

Three senders write to it: the device's loop (its state, a change in the session log, the answers
to the commands it carried out, and stop at exit), paho's network thread (connected, disconnected,
acknowledged: a handful per publish, never dropped) and the broker (messages on the command topic,
which anyone on the broker can send, as many as they like). Each has its own place:

- the loop's states wait in a short list (``STATES``) where the newest always has room: a burst
  beyond it drops the oldest ones not yet sent, never the latest, so a burst costs nothing, the
  last state always goes out, and a scripted run that changes state faster than the network
  (a virtual-clock ritual takes a blink) still shows each step;
- a change in the log is one flag: the worker reads the log itself, so one flag says it all;
- answers wait in a bounded list (``ANSWERS``); stop is a flag;
- messages from the broker wait in a bounded list of their own (``MESSAGES``); beyond it they are
  dropped and counted.

``take`` hands the worker the most urgent first: paho's news, the states, the log, answers, then
stop, then one message from the broker. So a flood of commands delays nothing the device says
(not a state, not a session's announcement, not the ``offline`` at exit), and at exit the final
state and the last session go out before the goodbye.
"""

from __future__ import annotations

import collections
import threading
from typing import Any, Deque, Optional, Tuple

STATES = 8  # states waiting to be published; beyond, the oldest give way to the newest
ANSWERS = 64  # answers to the loop's commands waiting to be published; more are dropped
MESSAGES = 32  # messages from the broker waiting to be read; more are dropped

Item = Tuple[Any, ...]


class Inbox:
    def __init__(self, answers: int = ANSWERS, messages: int = MESSAGES):
        self._ready = threading.Condition()
        self._news: Deque[Item] = collections.deque()
        self._states: Deque[Item] = collections.deque(maxlen=STATES)
        self._log = False
        self._answers: Deque[Item] = collections.deque(maxlen=answers)
        self._messages: Deque[Item] = collections.deque(maxlen=messages)
        self._stop = False
        self.dropped_answers = 0
        self.dropped_messages = 0

    # -- the senders: none of these waits, and none raises ---------------------------------------

    def news(self, item: Item) -> None:
        """paho's news (connect, disconnect, acked): never dropped."""
        with self._ready:
            self._news.append(item)
            self._ready.notify()

    def state(self, state: Any) -> None:
        with self._ready:
            self._states.append(("state", state))
            self._ready.notify()

    def log_changed(self) -> None:
        with self._ready:
            self._log = True
            self._ready.notify()

    def answer(self, item: Item) -> None:
        with self._ready:
            if len(self._answers) == self._answers.maxlen:
                self.dropped_answers += 1
            self._answers.append(item)
            self._ready.notify()

    def message(self, item: Item) -> bool:
        """A message from the broker; False when it was dropped (too many waiting)."""
        with self._ready:
            if len(self._messages) == self._messages.maxlen:
                self.dropped_messages += 1
                return False
            self._messages.append(item)
            self._ready.notify()
            return True

    def stop(self) -> None:
        with self._ready:
            self._stop = True
            self._ready.notify()

    # -- the worker ----------------------------------------------------------------------------

    def take(self, timeout: Optional[float] = None) -> Optional[Item]:
        """The most urgent item, waiting up to ``timeout`` seconds for one; None if none came."""
        with self._ready:
            self._ready.wait_for(self._waiting, timeout)
            return self._next()

    def take_news(self) -> Optional[Item]:
        """paho's next news without waiting (at exit, for the last acknowledgements)."""
        with self._ready:
            return self._news.popleft() if self._news else None

    def waiting(self) -> int:
        """How many items wait (for tests and the worker's own checks)."""
        with self._ready:
            flags = self._log + self._stop
            lists = (self._news, self._states, self._answers, self._messages)
            return sum(len(waiting) for waiting in lists) + flags

    def _waiting(self) -> bool:
        return bool(
            self._news or self._states or self._log or self._answers or self._stop or self._messages
        )

    def _next(self) -> Optional[Item]:
        if self._news:
            return self._news.popleft()
        if self._states:
            return self._states.popleft()
        if self._log:
            self._log = False
            return ("log",)
        if self._answers:
            return self._answers.popleft()
        if self._stop:
            return ("stop",)
        if self._messages:
            return self._messages.popleft()
        return None
