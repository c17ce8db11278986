"""An installed wheel finds its resources (fonts, translations, templates) and migrations outside the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

pytestmark = pytest.mark.slow

CHECK = """
import sys
from desktop_app.paths import resources_dir
from desktop_app.core.i18n import catalogue
from desktop_app.core.db.schema import open_database, schema_status
import desktop_app
assert "site-packages" in desktop_app.__file__, desktop_app.__file__
print(resources_dir())
print(len(catalogue("zh_CN")))
db = open_database(sys.argv[1])
print(schema_status(db).up_to_date)
"""


def test_the_installed_wheel_runs_outside_the_checkout(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                    str(tmp_path / "wheels"), str(ROOT)], check=True, capture_output=True)
    [wheel] = (tmp_path / "wheels").glob("returndesk-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    target = venv / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "site-packages"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q", "--prefix", str(venv),
                    str(wheel)], check=True, capture_output=True)
    dependencies = sysconfig.get_paths()["purelib"]  # the project's own dependencies, not its checkout
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(target), dependencies])}
    result = subprocess.run([str(venv / "bin" / "python"), "-c", CHECK, str(tmp_path / "shop.db")],
                            cwd=tmp_path, env=env, capture_output=True, text=True, check=False)

    assert result.returncode == 0, result.stderr[-2000:]
    resources, translations, up_to_date = result.stdout.split()
    assert Path(resources) == venv / "share" / "returndesk" / "resources"
    assert int(translations) > 500 and up_to_date == "True"
