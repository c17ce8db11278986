"""Money per currency: a report never adds amounts of different currencies together."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from desktop_app.core.domain.money import Money


@dataclass(frozen=True)
class Amounts:
    """One amount per currency, the shop's currency first and the others in alphabetical order."""

    items: tuple[Money, ...]

    @classmethod
    def from_minor(cls, minor: Mapping[str, int], first: str) -> Amounts:
        """Build from {currency: minor units}; `first` is always listed, other currencies only when not zero."""
        others = sorted(code for code, value in minor.items() if code != first and value)
        return cls(tuple(Money.from_minor(int(minor.get(code) or 0), code) for code in (first, *others)))

    @property
    def currencies(self) -> tuple[str, ...]:
        """Return the currencies listed, the first one first."""
        return tuple(money.currency for money in self.items)

    def of(self, currency: str) -> Money:
        """Return the amount in one currency (zero when there is none)."""
        return next((money for money in self.items if money.currency == currency), Money.zero(currency))

    def __iter__(self) -> Iterator[Money]:
        return iter(self.items)

    def __sub__(self, other: Amounts) -> Amounts:
        """Subtract currency by currency."""
        codes = list(self.currencies) + [c for c in other.currencies if c not in self.currencies]
        return Amounts(tuple(self.of(code) - other.of(code) for code in codes))
