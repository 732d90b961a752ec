"""The command palette's entries for a screen's own moves: the keys its footer shows now.

A screen lists ``ScreenActions`` in its ``COMMANDS`` (every screen of the game does); the palette
then offers each of the screen's bindings that is shown and that ``check_action`` enables at this
moment, under the same (translated) description as the footer, so the palette and the footer
never disagree. An action with a namespace (``app.pop_screen``) or parameters (``step(1)``) is
checked where it runs, as the footer checks it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from textual.actions import parse
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

Commands = set[type[Provider] | Callable[[], type[Provider]]]
"""The type of a screen's ``COMMANDS``: ``COMMANDS: ClassVar[Commands] = {ScreenActions}``."""


class ScreenActions(Provider):
    """The screen's moves that apply now, by their footer description."""

    def _actions(self) -> Iterator[Binding]:
        screen = self.screen
        seen: set[str] = set()
        for _key, binding in screen._bindings:
            if not binding.show or binding.action in seen:
                continue
            namespace, name, parameters = parse(binding.action)
            node = screen.app if namespace == "app" else screen
            if node.check_action(name, parameters) is not True:
                continue
            seen.add(binding.action)
            yield binding

    async def discover(self) -> Hits:
        for binding in self._actions():
            yield DiscoveryHit(
                binding.description,
                partial(self.screen.run_action, binding.action),
                help=binding.key_display or binding.key,
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for binding in self._actions():
            score = matcher.match(binding.description)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(binding.description),
                    partial(self.screen.run_action, binding.action),
                    text=binding.description,
                    help=binding.key_display or binding.key,
                )
