# tokku: the project's commands. `make run` and `make test` are the two a fresh
# machine needs (Rust toolchain via rustup; nothing else).

CARGO ?= cargo
SAMPLE ?= fixtures/pdf/seed_libreoffice.pdf

.PHONY: run test lint build fixtures corpus bench clean fuzz review-screenshot

## Extract the bundled sample report and show its record as a short text for a person
## (`tokku extract SAMPLE` prints the JSON record itself).
run:
	@$(CARGO) run --quiet --release -- extract --summary $(SAMPLE)

## Unit, golden and CLI tests, then the Python package's tests (python/tests, pytest)
## against a debug build of the extension.
test: python-env
	$(CARGO) test --quiet --features work-counters
	$(MAKE) --no-print-directory python-test

## The habits CI enforces: formatting, clippy without warnings, documentation without warnings.
lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --quiet --all-targets --features work-counters -- -D warnings
	RUSTDOCFLAGS=-Dwarnings $(CARGO) doc --quiet --no-deps

build:
	$(CARGO) build --release

## The README's screenshots of the review pages: the browser tests render the seed's page
## (in Japanese) and the zone page of fixtures/panel in headless Chromium and write
## target/review-seed.png and target/review-zone.png, copied to docs/.
review-screenshot:
	$(CARGO) test --quiet --test review -- the_seed_review_page a_zone_page_of_the_three_year_panel
	cp target/review-seed.png docs/review-seed.png
	cp target/review-zone.png docs/review-zone.png

## Cost against pdftotext per PDF producer (pages/s, CPU ms per page, ratio, peak RSS),
## totals at 1 job and all cores, single-file extract, the 2,000/8,000-page scaling line
## and batch memory over 100/1,000 documents (bench/run.sh; needs pdftotext, python3).
bench:
	bash bench/run.sh

## Regenerate the fixture PDFs and texts (needs LibreOffice, fonts-ipaexfont, reportlab).
fixtures:
	sh fixtures/src/make_fixtures.sh

## Regenerate the report-model corpus (fixtures/corpus/, issue 12): every model rendered by
## every producer, and each rendition's expected record written from its model. Needs
## python3 + reportlab, LibreOffice, Chromium, poppler-utils and fonts-ipaexfont.
corpus:
	python3 fixtures/corpus/src/make_corpus.py
	python3 fixtures/corpus/src/make_corpus.py --damaged

clean:
	$(CARGO) clean

## Run the fuzz targets (fuzz/) for FUZZ_SECONDS each with cargo-fuzz on the stable
## toolchain (RUSTC_BOOTSTRAP=1, no sanitizer: `-s none`). Findings (crash-, timeout-,
## oom- files) are copied to fuzz/regressions/<target>/, which
## tests/pdf/fuzz_regressions.rs replays in `cargo test`. Needs `cargo install cargo-fuzz`.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= extract_record normalize
# Read-only seed corpora: the fixtures for extract_record, report lines for normalize.
FUZZ_SEEDS_PDF = ../fixtures/pdf ../fixtures/cid ../fixtures/text ../fixtures/damaged
fuzz:
	cd fuzz && RUSTC_BOOTSTRAP=1 $(CARGO) fuzz build -O -s none
	@found=0; for t in $(FUZZ_TARGETS); do \
	  if [ $$t = extract_record ]; then seeds="$(FUZZ_SEEDS_PDF)"; else seeds="seeds/$$t"; fi; \
	  mkdir -p fuzz/corpus/$$t fuzz/regressions/$$t; \
	  (cd fuzz && RUSTC_BOOTSTRAP=1 $(CARGO) fuzz run -O -s none $$t corpus/$$t $$seeds -- \
	     -max_total_time=$(FUZZ_SECONDS) -timeout=20 -rss_limit_mb=2048 -max_len=524288 -print_final_stats=1) || found=1; \
	  for f in fuzz/artifacts/$$t/crash-* fuzz/artifacts/$$t/timeout-* fuzz/artifacts/$$t/oom-*; do \
	    [ -f "$$f" ] && cp "$$f" fuzz/regressions/$$t/ && echo "regression fixture: fuzz/regressions/$$t/$$(basename $$f)"; \
	  done; \
	done; exit $$found

## The Python package (python/, PyO3 + maturin): a virtual environment PYTHON_VENV with
## maturin, pytest and pandas from PyPI (made once, again when python/pyproject.toml
## changes); `make python` builds the extension optimized and installs it there
## (`$(PYTHON_VENV)/bin/python -c "import tokku"`); `make python-test` installs a debug
## build (quicker to build: it reuses `cargo test`'s compiled dependencies) and runs pytest.
PYTHON ?= python3
PYTHON_VENV ?= python/.venv
VENV_ABS = $(abspath $(PYTHON_VENV))
MATURIN = cd python && VIRTUAL_ENV=$(VENV_ABS) PATH="$(VENV_ABS)/bin:$$PATH" $(VENV_ABS)/bin/maturin develop --quiet

.PHONY: python python-env python-test
python-env: $(PYTHON_VENV)/.installed
$(PYTHON_VENV)/.installed: python/pyproject.toml
	$(PYTHON) -m venv $(PYTHON_VENV)
	$(PYTHON_VENV)/bin/pip install --quiet --disable-pip-version-check 'maturin>=1.5,<2' 'pytest>=7' 'pandas>=1.5'
	touch $@

python: python-env
	$(MATURIN) --release

python-test: python-env
	$(CARGO) build --quiet --bin tokku
	$(MATURIN)
	cd python && TOKKU_BIN=$(abspath $(or $(CARGO_TARGET_DIR),target)/debug/tokku) $(VENV_ABS)/bin/python -m pytest -q
