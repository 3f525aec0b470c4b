"""One measured figure of the benchmark, with its budget and verdict."""

from __future__ import annotations

from dataclasses import dataclass

KB = 1024


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    budget: float | None
    note: str = ""

    @property
    def verdict(self) -> str:
        if self.budget is None:
            return "INFO"
        return "PASS" if self.value <= self.budget else "FAIL"
