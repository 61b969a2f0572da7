# glutelib: two commands do everything on a fresh Debian 12 machine with Python 3.11 and pip.
#   make dashboard   serve the dashboard on http://127.0.0.1:8866 (PORT=, HOST=, MAX_KERNELS=)
#   make test        lint, unit, anatomy, notebook and real-browser tests
# Helpers: make meshes (rebuild meshes/ from myo-sim), make bench, make clean.

PYTHON ?= $(shell command -v python3.11 || command -v python3 || echo python3)
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8866
HOST   ?= 127.0.0.1
MAX_KERNELS ?=
CHROMIUM := /usr/bin/chromium

.PHONY: dashboard test meshes bench lint clean python-check

python-check:
	@$(PYTHON) -c 'import sys; v = sys.version_info; sys.exit(0 if v[:2] == (3, 11) else "glutelib needs Python 3.11; found %d.%d at %s. Install Python 3.11 (Debian 12: apt-get install python3) or run make PYTHON=/path/to/python3.11 ..." % (v[0], v[1], sys.executable))' \
	  || { echo "glutelib needs Python 3.11 (tried '$(PYTHON)'). Install it or pass PYTHON=/path/to/python3.11." >&2; exit 1; }

$(PY): | python-check
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  echo "python3 -m venv failed; installing Debian's python3-venv" >&2; \
	  apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null && $(PYTHON) -m venv $(VENV); }
	@$(PY) -m pip install -q --upgrade pip

# Install only when pyproject.toml changed: a second `make dashboard` starts in seconds.
$(VENV)/.installed-run: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e '.[test,build]'
	@touch $@ $(VENV)/.installed-run

$(CHROMIUM):
	apt-get update -qq && apt-get install -y -qq chromium >/dev/null

# A package upgraded by hand since the install (glutelib/versions.py names it) is put back to the
# version the tests ran with; -P keeps glutelib/ off sys.path for that quick check.
dashboard: $(VENV)/.installed-run
	@$(PY) -P glutelib/versions.py || { echo "reinstalling the tested versions" >&2; \
	  $(PY) -m pip install -q -e .; }
	@$(VENV)/bin/glutelib-dashboard --host $(HOST) --port $(PORT) $(if $(MAX_KERNELS),--max-kernels $(MAX_KERNELS))

lint: $(VENV)/.installed-test
	$(PY) -m ruff format --check .
	$(PY) -m ruff check .

test: $(VENV)/.installed-test $(CHROMIUM) lint
	$(PY) -m pytest -n 2 --dist loadfile  # two workers: the browser tests mostly wait

meshes: $(VENV)/.installed-test
	$(PY) scripts/build_meshes.py

bench: $(VENV)/.installed-test $(CHROMIUM)
	$(PY) benchmarks/run.py

clean:
	rm -rf $(VENV) build tests/artifacts .pytest_cache .ruff_cache
