# tokku: the project's commands. `make run` and `make test` are the two a fresh
# machine needs (Rust toolchain via rustup; nothing else).

CARGO ?= cargo
SAMPLE ?= fixtures/pdf/seed_libreoffice.pdf

.PHONY: run test build fixtures bench clean

## Extract the bundled sample report and print its record (one JSON line).
run:
	$(CARGO) run --quiet --release -- extract $(SAMPLE)

## Unit, golden and CLI tests.
test:
	$(CARGO) test --quiet

build:
	$(CARGO) build --release

## Pages/s and peak memory of `tokku batch` (1 job, all cores) over >= 2,000 pages of
## fixture copies, and the CPU-time ratio to pdftotext when it is installed.
bench:
	bash bench/run.sh

## Regenerate the fixture PDFs and texts (needs LibreOffice, fonts-ipaexfont, reportlab).
fixtures:
	sh fixtures/src/make_fixtures.sh

clean:
	$(CARGO) clean
