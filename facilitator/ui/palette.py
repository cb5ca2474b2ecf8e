"""The command palette (ctrl+p) lists every capture-bar command with what it does; choosing
one on the live screen starts it in the capture bar."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from facilitator.core.capture import COMMANDS


class CaptureCommands(Provider):
    def _choices(self) -> list[tuple[str, str, str]]:
        return [(c.usage, c.summary, c.usage.split(" ")[0] + " ") for c in COMMANDS.values()]

    def _start(self, text: str) -> None:
        screen = self.app.screen
        if hasattr(screen, "action_prefill"):
            screen.action_prefill(text)
        else:
            self.app.notify(
                f"{text.strip()} is typed in the capture bar of a running meeting", markup=False
            )

    async def discover(self) -> Hits:
        for usage, summary, start in self._choices():
            yield DiscoveryHit(usage, partial(self._start, start), help=summary)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for usage, summary, start in self._choices():
            score = max(matcher.match(usage), matcher.match(summary))
            if score > 0:
                yield Hit(
                    score, matcher.highlight(usage), partial(self._start, start), help=summary
                )
