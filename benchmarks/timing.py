"""Timing helpers: wall and CPU time of a call, percentiles, and a figure measured against its baseline."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Sample:
    """Wall and CPU seconds of repeated runs."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def add(self, fn: Callable[[], Any]) -> Any:
        """Run `fn` once, record its times, and return its result."""
        began, cpu = time.perf_counter(), time.process_time()
        result = fn()
        self.wall.append(time.perf_counter() - began)
        self.cpu.append(time.process_time() - cpu)
        return result

    def p(self, q: float, cpu: bool = False) -> float:
        """Return the q-quantile (0..1, nearest rank) in milliseconds."""
        values = sorted(self.cpu if cpu else self.wall)
        if not values:
            return 0.0
        return values[min(len(values) - 1, max(0, round(q * len(values) + 0.5) - 1))] * 1000

    def median(self, cpu: bool = False) -> float:
        """Return the median in milliseconds."""
        return statistics.median(self.cpu if cpu else self.wall) * 1000 if self.wall else 0.0


def measure(fn: Callable[[], Any], repeat: int, warm: int = 1) -> tuple[Sample, Any]:
    """Run `fn` `warm` times unrecorded, then `repeat` times recorded; return the sample and a result."""
    result = None
    for _ in range(warm):
        result = fn()
    sample = Sample()
    for _ in range(repeat):
        result = sample.add(fn)
    return sample, result


@dataclass
class Paired:
    """A figure and its raw baseline measured interleaved (A B A B ...), so load that changes touches both."""

    a: Sample
    b: Sample

    def ratio(self, cpu: bool = True) -> float:
        """Return the median of the pairwise ratios a_i / b_i (CPU time unless told)."""
        a, b = (self.a.cpu, self.b.cpu) if cpu else (self.a.wall, self.b.wall)
        return statistics.median(x / max(y, 1e-9) for x, y in zip(a, b, strict=True))


def paired(fn: Callable[[], Any], baseline: Callable[[], Any], repeat: int, warm: int = 1) -> tuple[Paired, Any, Any]:
    """Run `fn` and `baseline` alternately `repeat` times after `warm` unrecorded rounds; return both samples
    and the last result of each."""
    result = base = None
    for _ in range(warm):
        result, base = fn(), baseline()
    pair = Paired(Sample(), Sample())
    for _ in range(repeat):
        result = pair.a.add(fn)
        base = pair.b.add(baseline)
    return pair, result, base


def load() -> str:
    """The machine's load averages (1, 5, 15 min) as text, for the notes of a figure."""
    one, five, fifteen = os.getloadavg()
    return f"load {one:.1f}/{five:.1f}/{fifteen:.1f}"


@dataclass
class Figure:
    """One line of the results table."""

    size: int | None
    name: str
    value: float
    unit: str
    baseline: float | None = None
    target: str = ""
    met: bool | None = None
    cpu: float | None = None
    baseline_cpu: float | None = None
    note: str = ""
    paired_ratio: float | None = None  # median of the ratios of interleaved pairs (A B A B ...), when measured so

    @property
    def ratio(self) -> float | None:
        """Return the median pairwise ratio when measured interleaved, else value / baseline when both are times."""
        if self.paired_ratio is not None:
            return self.paired_ratio
        if self.baseline in (None, 0) or self.unit != "ms":
            return None
        return self.value / self.baseline

    def as_dict(self) -> dict[str, Any]:
        """Return the figure as JSON-ready data."""
        return {**asdict(self), "ratio": self.ratio}


def within_ratio(value: float, baseline: float, limit: float) -> bool:
    """True when value <= limit x baseline."""
    return value <= limit * baseline
