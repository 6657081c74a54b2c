# The pipeline of `discourse`. Two commands set everything up on a fresh machine:
#   make figures   create .venv/, install the locked dependencies, regenerate every figure and table
#   make test      the same install, then lint (ruff), types (mypy) and the test suite (pytest)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.8
STAMP := $(VENV)/.installed
# The named Jupyter kernel the notebooks' kernelspec asks for (installed into .venv/ by `install`).
KERNEL := discourse
# JupyterLab refuses to start as root (CI, containers) unless told so; a normal user needs nothing.
USER_ID ?= $(shell id -u)
LAB_ROOT := $(if $(filter 0,$(USER_ID)),--allow-root)

.PHONY: install figures test lint typecheck pytest lab bench lock floors clean

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(VENV)/bin/uv pip sync --quiet --python $(PY) requirements.lock
	$(VENV)/bin/uv pip install --quiet --python $(PY) --no-deps -e .
	$(PY) -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python 3 (discourse)" >/dev/null
	touch $@

figures: $(STAMP)
	$(PY) -m discourse.report.pipeline --out figures

lint: $(STAMP)
	$(VENV)/bin/ruff check discourse corpus tests benchmarks
	$(VENV)/bin/ruff format --check discourse corpus tests benchmarks

typecheck: $(STAMP)
	$(VENV)/bin/mypy

pytest: $(STAMP)
	$(PY) -m pytest

test: lint typecheck pytest

# The .py notebooks open as notebooks (jupytext; .jupyter/lab/settings/overrides.json makes the
# Jupytext Notebook their default viewer). Extra flags: make lab LAB_ARGS="--port 8890".
lab: $(STAMP)
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks $(LAB_ROOT) \
	  --LabApp.app_settings_dir="$(CURDIR)/.jupyter/lab/settings" $(LAB_ARGS)

# Speed and memory benchmarks (run on demand; each writes benchmarks/results/<name>.json).
bench: $(STAMP)
	$(PY) benchmarks/bench_entry.py
	$(PY) benchmarks/bench_splitters.py
	$(PY) benchmarks/bench_segment.py
	$(PY) benchmarks/bench_frames.py --repeats 11 --countries RUS USA FRA AZE GBR CHN DEU IND BRA
	$(PY) benchmarks/bench_methods.py
	$(PY) benchmarks/bench_distributed.py
	$(PY) benchmarks/bench_hostile.py

# Re-resolve the lock file after editing pyproject.toml (needs the package registry). Every extra
# but `train` (torch, transformers: the encoder's training script only) is compiled in.
LOCK_EXTRAS := notebooks distributed dev
lock: $(STAMP)
	$(VENV)/bin/uvx --from uv==$(UV_VERSION) uv pip compile pyproject.toml $(LOCK_EXTRAS:%=--extra %) --python-version 3.11 \
	  --generate-hashes -o requirements.lock
	$(PY) tests/contracts/test_environment.py --write

# Install the lowest versions pyproject.toml allows (uv --resolution lowest-direct) into a
# throwaway venv under build/floors/ and run the tests there (needs the package registry).
floors: $(STAMP)
	$(PY) tests/floors.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
