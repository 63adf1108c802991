"""A local server that behaves like Coupang's Wing Open API, for demos and tests.

`run_sandbox(state)` serves a `SandboxState` on loopback; see docs/sandbox.md.
"""

from coupang.sandbox.clock import SandboxClock
from coupang.sandbox.data import PlantedValue
from coupang.sandbox.faults import FaultKind, FaultRule
from coupang.sandbox.records import Vendor
from coupang.sandbox.runner import RunningSandbox, run_sandbox
from coupang.sandbox.server import build_app
from coupang.sandbox.state import CallRecord, SandboxState

__all__ = [
    "CallRecord",
    "FaultKind",
    "FaultRule",
    "PlantedValue",
    "RunningSandbox",
    "SandboxClock",
    "SandboxState",
    "Vendor",
    "build_app",
    "run_sandbox",
]
