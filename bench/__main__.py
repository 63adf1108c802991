"""Run every benchmark module in this folder: `python -m bench`."""

import importlib
import pkgutil
import sys

import bench


def main() -> int:
    status = 0
    for module_info in sorted(pkgutil.iter_modules(bench.__path__), key=lambda m: m.name):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"bench.{module_info.name}")
        run = getattr(module, "main", None)
        if run is None:
            continue
        print(f"== bench.{module_info.name}")
        status = max(status, int(run([])))
    return status


if __name__ == "__main__":
    sys.exit(main())
