# glutelib: two commands do everything on a fresh Debian 12 machine with Python 3.11 and pip.
#   make dashboard   serve the dashboard on http://127.0.0.1:8866 (PORT=, HOST=, MAX_KERNELS=,
#                    HOSTNAMES=: names a class reaches it by besides its addresses)
#   make test        lint, unit, anatomy, notebook and real-browser tests
#   make class       the dashboard for logged-in students on JupyterHub (CLASS_PASSWORD=...,
#                    or a school's login: LTI_ISSUER=... and three more, README: For a school)
#   make lesson      build/lesson/glutelib-lesson.html: the walkthroughs and the quiz, offline
# Helpers: make meshes (rebuild meshes/ from myo-sim), make js (bundle the pages' JavaScript
# modules into glutelib/js/bundled/ after editing them), make bench, make clean.

PYTHON ?= $(shell command -v python3.11 || command -v python3 || echo python3)
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8866
HOST   ?= 127.0.0.1
MAX_KERNELS ?=
HOSTNAMES ?=
CHROMIUM := /usr/bin/chromium

HUB_PORT ?= 8000
CLASS_PASSWORD ?=
TEACHER_PASSWORD ?=
CHP := build/hub/proxy/node_modules/.bin/configurable-http-proxy
# plotly's 3D-only bundle for the lesson file, the plotly.js version the pinned plotly ships.
PLOTLY_GL3D := build/lesson/npm/node_modules/plotly.js-gl3d-dist-min/plotly-gl3d.min.js
# esbuild, pinned in scripts/build_js.py: bundles the pages' ES modules (make js).
ESBUILD := build/js/node_modules/.bin/esbuild
TESTING_NPM := build/testing/node_modules/axe-core/axe.min.js

.PHONY: dashboard class lesson lesson-scorm anki js test meshes bench bench-load bench-suite lint clean python-check

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
	$(PY) -m pip install -q -e '.[dashboard,export]'
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e '.[dashboard,export,test,build,class,anki]'
	@touch $@ $(VENV)/.installed-run $(VENV)/.installed-class $(VENV)/.installed-anki

$(VENV)/.installed-anki: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e '.[dashboard,export,anki]'
	@touch $@ $(VENV)/.installed-run

$(VENV)/.installed-class: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e '.[dashboard,export,class]'
	@touch $@ $(VENV)/.installed-run

# JupyterHub's proxy, from npm (Debian's nodejs and npm when missing).
$(CHP):
	@command -v npm >/dev/null || { apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null; }
	npm install --prefix build/hub/proxy --no-audit --no-fund --loglevel=error configurable-http-proxy@5.3.0

$(PLOTLY_GL3D): | $(VENV)/.installed-run
	@command -v npm >/dev/null || { apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null; }
	npm install --prefix build/lesson/npm --no-audit --no-fund --loglevel=error \
	  plotly.js-gl3d-dist-min@$$($(PY) -c 'import re, plotly, pathlib; print(re.search(r"v(\d+\.\d+\.\d+)", (pathlib.Path(plotly.__file__).parent / "package_data/plotly.min.js").read_text()[:400]).group(1))')

# What only the tests use from npm: an LMS's SCORM runtime (the lesson's package run as a
# platform would) and axe-core (WCAG checks on every screen).
$(TESTING_NPM):
	@command -v npm >/dev/null || { apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null; }
	npm install --prefix build/testing --no-audit --no-fund --loglevel=error \
	  scorm-again@3.4.3 axe-core@4.14.1

$(ESBUILD): | $(VENV)/.installed-run
	@command -v npm >/dev/null || { apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null; }
	npm install --prefix build/js --no-audit --no-fund --loglevel=error esbuild@$$($(PY) scripts/build_js.py --esbuild-version)

# The bundles are committed (an installed glutelib needs no node); a test rebuilds and compares.
js: $(ESBUILD) | $(VENV)/.installed-run
	$(PY) scripts/build_js.py

$(CHROMIUM):
	apt-get update -qq && apt-get install -y -qq chromium >/dev/null

# A package upgraded by hand since the install (glutelib/versions.py names it) is put back to the
# version the tests ran with; -P keeps glutelib/ off sys.path for that quick check.
dashboard: $(VENV)/.installed-run
	@$(PY) -P glutelib/versions.py || { echo "reinstalling the tested versions" >&2; \
	  $(PY) -m pip install -q -e '.[dashboard,export]'; }
	@$(VENV)/bin/glutelib-dashboard --host $(HOST) --port $(PORT) $(if $(MAX_KERNELS),--max-kernels $(MAX_KERNELS)) $(if $(HOSTNAMES),--hostnames '$(HOSTNAMES)')

lint: $(VENV)/.installed-test
	$(PY) -m ruff format --check .
	$(PY) -m ruff check .

# A class on JupyterHub (deploy/jupyterhub/): students log in with CLASS_PASSWORD.
class: $(VENV)/.installed-class $(CHP)
	@test -n "$$GLUTELIB_CLASS_PASSWORD$$GLUTELIB_LTI_ISSUER" || { echo "Set the class's password: make class CLASS_PASSWORD='<a phrase of your own>' (12+ characters; TEACHER_PASSWORD=... (32+) for the admin page), or a school's login: LTI_ISSUER=... LTI_CLIENT_ID=... LTI_AUTHORIZE_URL=... LTI_JWKS_URL=... (README: For a school)" >&2; exit 2; }
	@mkdir -p build/hub
	cd build/hub && GLUTELIB_HUB_IP=$(HOST) GLUTELIB_HUB_PORT=$(HUB_PORT) GLUTELIB_CHP=$(CURDIR)/$(CHP) \
	  $(CURDIR)/$(VENV)/bin/jupyterhub -f $(CURDIR)/deploy/jupyterhub/jupyterhub_config.py

# The passwords reach the hub through the environment, as typed: $(value) keeps make from
# expanding a `$` in them, and no shell line holds them (a `'` or `"` stays, nothing is echoed).
class: export GLUTELIB_CLASS_PASSWORD = $(value CLASS_PASSWORD)
class: export GLUTELIB_TEACHER_PASSWORD = $(value TEACHER_PASSWORD)
# A school's login (LTI 1.3) instead: the four values from the platform's registration.
class: export GLUTELIB_LTI_ISSUER = $(LTI_ISSUER)
class: export GLUTELIB_LTI_CLIENT_ID = $(LTI_CLIENT_ID)
class: export GLUTELIB_LTI_AUTHORIZE_URL = $(LTI_AUTHORIZE_URL)
class: export GLUTELIB_LTI_JWKS_URL = $(LTI_JWKS_URL)

lesson: $(VENV)/.installed-run $(PLOTLY_GL3D)
	$(PY) -m glutelib.lesson --out build/lesson/glutelib-lesson.html

# The lesson for a learning platform: a SCORM 1.2 zip (README "Share a lesson").
lesson-scorm: $(VENV)/.installed-run $(PLOTLY_GL3D)
	$(PY) -m glutelib.lesson --out build/lesson/glutelib-lesson.html \
	  --scorm build/lesson/glutelib-lesson-scorm12.zip

# Test yourself as an Anki deck, its pictures drawn by kaleido with Debian's Chromium (~6 min).
anki: $(VENV)/.installed-anki $(CHROMIUM)
	$(PY) -m glutelib.anki --out build/glutelib.apkg $(if $(DASHBOARD),--dashboard $(DASHBOARD))

test: $(VENV)/.installed-test $(CHROMIUM) $(CHP) $(PLOTLY_GL3D) $(ESBUILD) $(TESTING_NPM) lint
	$(PY) -m pytest -n 3 --dist loadfile --durations=30
# Three workers on two cores: the browser tests spend much of their time waiting (a server or
# a hub starting, a kernel culled, a page drawn), which a third worker fills (README: times).

meshes: $(VENV)/.installed-test
	$(PY) scripts/build_meshes.py
	$(PY) scripts/build_skin.py
	$(PY) scripts/build_occlusion.py

bench: $(VENV)/.installed-test $(CHROMIUM) $(PLOTLY_GL3D)
	$(PY) benchmarks/run.py

# Where the suite's processor time goes, test by test, run one at a time (benchmarks/suite_cpu.py):
# make bench-suite TESTS="tests/browser/test_explorer.py" (default: the whole suite, ~30 min).
bench-suite: $(VENV)/.installed-test $(CHROMIUM) $(CHP) $(PLOTLY_GL3D) $(ESBUILD) $(TESTING_NPM)
	$(PY) benchmarks/suite_cpu.py $(TESTS)

# A class's load on the server without browsers (benchmarks/load.py; at most 40 pages here).
bench-load: $(VENV)/.installed-test
	$(PY) benchmarks/load.py

clean:
	rm -rf $(VENV) build tests/artifacts .pytest_cache .ruff_cache
