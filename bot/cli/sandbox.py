"""`cs-bot sandbox`: serve the local Coupang sandbox until interrupted."""

import argparse
import asyncio
import ipaddress
import re
import signal
import sys
from datetime import timedelta

from coupang.sandbox import SandboxState, run_sandbox

VENDOR_ID_PATTERN = re.compile(r"[AC]\d+")


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = subparsers.add_parser(
        "sandbox",
        help="serve a local stand-in for the Coupang Open API",
        description=(
            "Serve a local server that behaves like Coupang's Wing Open API, with synthetic "
            "data generated from the seed, until interrupted. It prints each vendor's id and "
            "its sandbox-only access key and secret key, which work nowhere else. The admin "
            "API under /_sandbox/ is unsigned, so keep the host on loopback."
        ),
    )
    parser.add_argument("--port", type=int, required=True, help="TCP port; 0 picks a free one")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument(
        "--seed", type=int, default=0, help="seed for the synthetic data and keys (default 0)"
    )
    parser.add_argument(
        "--vendor-id",
        dest="vendor_ids",
        action="append",
        type=_vendor_id,
        metavar="VENDOR_ID",
        help="vendor id such as A00012345; repeat for several vendors (default A00012345)",
    )
    parser.add_argument(
        "--rate-limit",
        type=int,
        default=10,
        help="calls per second allowed per vendor before 429; 0 turns the limit off (default 10)",
    )
    parser.add_argument(
        "--rate-limit-cooldown",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="seconds a vendor stays blocked after a 429 (default 0)",
    )
    parser.add_argument(
        "--arrival-minutes",
        type=float,
        default=30.0,
        help="minutes of sandbox time between new items per vendor; 0 turns arrivals off "
        "(default 30)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if not _is_loopback(args.host):
        print(
            f"warning: binding the sandbox to {args.host}; its admin API is unsigned",
            file=sys.stderr,
        )
    state = SandboxState(
        seed=args.seed,
        vendor_ids=args.vendor_ids or ("A00012345",),
        rate_limit_per_second=args.rate_limit or None,
        rate_limit_cooldown=timedelta(seconds=args.rate_limit_cooldown),
        arrival_interval=(
            timedelta(minutes=args.arrival_minutes) if args.arrival_minutes > 0 else None
        ),
    )
    asyncio.run(_serve(state, args.host, args.port))
    return 0


async def _serve(state: SandboxState, host: str, port: int) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with run_sandbox(state, host=host, port=port) as sandbox:
        print(f"Coupang sandbox listening on {sandbox.base_url}", flush=True)
        for vendor in state.vendors:
            # These keys are generated from the seed and are valid only against this sandbox.
            print(
                f"vendor {vendor.vendor_id}: sandbox access key {vendor.access_key}, "
                f"sandbox secret key {vendor.secret_key}, "
                f"WING user ids {', '.join(vendor.wing_user_ids)}",
                flush=True,
            )
        await stop.wait()
    print("Coupang sandbox stopped", flush=True)


def _vendor_id(value: str) -> str:
    if not VENDOR_ID_PATTERN.fullmatch(value):
        raise argparse.ArgumentTypeError(
            f"invalid vendor id {value!r}: expected A or C followed by digits, e.g. A00012345"
        )
    return value


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
