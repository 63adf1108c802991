"""`cs-bot run` and `cs-bot check` report a bad data key or database URL as configuration errors.

Both values are checked only after start: an invalid `CS_BOT_DATA_KEY` or an unsupported
`DATABASE_URL` scheme ended `cs-bot run` with a Python traceback and exit code 1, where
every other configuration problem prints "invalid configuration:" and exits with 2.
`cs-bot check` printed "ok" for the configuration with the same invalid key.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

CS_BOT = Path(sys.executable).parent / "cs-bot"
# Closed loopback ports: nothing here may reach Slack or Coupang.
BASE_ENVIRONMENT = {
    "SLACK_BOT_TOKEN": "xoxb-0000-synthetic",
    "SLACK_SIGNING_SECRET": "synthetic-signing-secret",
    "SLACK_API_URL": "http://127.0.0.1:9/api/",
    "COUPANG_BASE_URL": "http://127.0.0.1:9",
    "COUPANG_VENDOR_ID": "A00012345",
    "COUPANG_ACCESS_KEY": "synthetic-access-key",
    "COUPANG_SECRET_KEY": "synthetic-secret-key",
    "CS_BOT_CHANNEL": "C0123456789",
}


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("CS_BOT_DATA_KEY", "not-a-fernet-key"),
        ("DATABASE_URL", "mysql://cs:synthetic-password@127.0.0.1:9/cs"),
    ],
)
def test_run_rejects_bad_setting_cleanly(tmp_path: Path, variable: str, value: str) -> None:
    environ = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "CS_BOT_DATA_DIR": str(tmp_path),
        **BASE_ENVIRONMENT,
        variable: value,
    }
    completed = subprocess.run(  # noqa: S603 (fixed arguments, this environment's cs-bot)
        [str(CS_BOT), "run", "--http", "--host", "127.0.0.1", "--port", "0"],
        env=environ,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert "Traceback" not in completed.stderr
    assert completed.returncode == 2
    assert variable in completed.stderr
    assert "synthetic-password" not in completed.stderr


def test_check_reports_invalid_data_key(tmp_path: Path) -> None:
    # `cs-bot check` is the documented step before `cs-bot run`, so it must catch the key.
    environ = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "CS_BOT_DATA_DIR": str(tmp_path),
        **BASE_ENVIRONMENT,
        "CS_BOT_DATA_KEY": "not-a-fernet-key",
    }
    completed = subprocess.run(  # noqa: S603 (fixed arguments, this environment's cs-bot)
        [str(CS_BOT), "check"],
        env=environ,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    output = completed.stdout + completed.stderr
    assert "CS_BOT_DATA_KEY" in output
    assert "ok   configuration" not in output
