# ReturnDesk: `make run` opens the app, `make test` runs the whole suite headless.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?= -n 2
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test lint typecheck bench screenshots icons dist dist-test clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m desktop_app.gui.app

test: $(STAMP)
	$(PY) -m ruff check desktop_app tests
	$(PY) -m mypy desktop_app
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q $(PYTEST_ARGS)

lint: $(STAMP)
	$(PY) -m ruff check desktop_app tests

# mypy: strict on desktop_app/core, normal on the rest (pyproject [tool.mypy]); `make test` runs it too.
typecheck: $(STAMP)
	$(PY) -m mypy desktop_app

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m benchmarks.run $(if $(SIZES),--sizes $(SIZES)) $(BENCH_ARGS)

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m desktop_app.gui.screenshots docs/screenshots

icons: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) packaging/make_icons.py

dist: $(STAMP)
	$(PY) -m pip install --quiet -e '.[dist]'
	$(PY) -m PyInstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller packaging/returndesk.spec

dist-test:
	bash packaging/dist_test.sh dist/returndesk

clean:
	rm -rf $(VENV) build dist .pytest_cache
