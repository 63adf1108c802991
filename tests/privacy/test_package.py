"""`bot.privacy` stays a leaf package: it imports nothing else from the bot."""

import ast
from pathlib import Path

import bot.privacy

PACKAGE = Path(bot.privacy.__file__).parent
OTHER_PACKAGES = ("bot", "handlers", "coupang")


def _imported_modules(source: Path) -> list[str]:
    tree = ast.parse(source.read_text(encoding="utf-8"))
    modules: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.append(node.module)
    return modules


def test_privacy_imports_only_itself() -> None:
    sources = sorted(PACKAGE.glob("*.py"))
    assert sources

    for source in sources:
        for module in _imported_modules(source):
            top = module.split(".")[0]
            if top in OTHER_PACKAGES:
                assert module.startswith("bot.privacy"), f"{source.name} imports {module}"
