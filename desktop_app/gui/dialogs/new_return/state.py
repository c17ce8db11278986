"""What the wizard's pages share: the loaded order, a chosen line, and the wizard as the pages see it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from desktop_app.core.services.orders import OrderDetail, OrderLineInfo, get_order
from desktop_app.core.services.policies import PolicyVersionInfo, current_policy
from desktop_app.core.services.returns import LineRequest, ReturnDetail
from desktop_app.gui.backend import Desk


@dataclass(frozen=True)
class WizardData:
    """The order a return is made for, and the published policy whose reasons and resolutions it offers."""

    order: OrderDetail
    policy: PolicyVersionInfo


def load_order(desk: Desk, number: str, channel: str | None = None) -> WizardData:
    """Return an order and the published policy (the verdicts come from the returns service's judge)."""
    return WizardData(get_order(desk.db, number, channel), current_policy(desk.db))


@dataclass(frozen=True)
class LineChoice:
    """One line as chosen on the lines page: units, reason, condition and comment."""

    line: OrderLineInfo
    quantity: int
    reason_code: str
    condition: str | None
    comment: str = ""

    def request(self) -> LineRequest:
        """Return the choice as the returns service takes it."""
        return LineRequest(self.line.id, self.quantity, self.reason_code, self.comment, self.condition)


class WizardHost(Protocol):
    """The wizard as its pages use it (the pages never import the wizard module)."""

    desk: Desk
    data: WizardData | None
    created: ReturnDetail | None

    def set_data(self, data: WizardData | None) -> None:
        """Use a newly loaded order."""

    def next(self) -> None:
        """Go to the next page."""

    def choose_files(self) -> list[str]:
        """Ask for photos or files to attach."""

    def submit(self, choices: Sequence[LineChoice], resolution: str | None, goodwill: str | None,
               approve: bool, files: Sequence[Path], done: Callable[[ReturnDetail], None],
               failed: Callable[[BaseException], None]) -> None:
        """Create the return, attach the files and approve it when asked, in the background."""
