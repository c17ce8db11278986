"""The real program starts: opens the shop named by --db, signs in, and shows the window with the queue."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys


def test_the_program_opens_the_window_on_the_given_shop(demo_template, tmp_path):
    shop = tmp_path / "shop.db"
    shutil.copy(demo_template, shop)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data"),
           "RETURNDESK_SMOKE_TEST": "owner:4321"}
    env.pop("RETURNDESK_DB", None)
    result = subprocess.run([sys.executable, "-m", "desktop_app.gui.app", "--db", str(shop)], env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "window opened with" in result.stdout
    assert "Traceback" not in result.stderr


def test_a_wrong_pin_never_opens_the_window(demo_template, tmp_path):
    shop = tmp_path / "shop.db"
    shutil.copy(demo_template, shop)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "RETURNDESK_SMOKE_TEST": "owner:0000"}
    result = subprocess.run([sys.executable, "-m", "desktop_app.gui.app", "--db", str(shop)], env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode != 0 and "window opened" not in result.stdout
    assert "Traceback" not in result.stderr and "PIN" in result.stderr
