# The one place for build, run, test, bench and checks (STYLE.md 19). CI calls `make test`.
SHELL := /bin/bash
SWIFT ?= swift
APT_PACKAGES := libsqlite3-dev sqlite3 libxml2-dev libarchive-dev libarchive-tools pkg-config unzip strace \
	libcairo2-dev libpango1.0-dev fonts-dejavu-core poppler-utils libxml2-utils python3-venv
KONTOR := .build/debug/kontor

.PHONY: all deps build demo test bench check-imports clean-demo format validators eval-venv

all: build

# Installs the Debian packages the build and the tests need, when any is missing.
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

build: deps
	$(SWIFT) build --product kontor

# Runs the pipeline once on the bundled demo workspace: copies the demo inputs into inbox/,
# imports them, and shows what happened. Running it again imports nothing new.
demo: build
	@scripts/demo.sh

# Tests that drive the kontor binary block while their subprocess runs; they run on their
# own and one at a time, so they never starve the async tests of the (2-thread) pool.
SUBPROCESS_SUITES := StraceCrashTests|DaemonKillTests|EndToEnd

# The external UBL validator (../shared/eval: xmllint + a Python venv with SaxonC): set up
# once, by validating a known-good sample, so the invoice tests run it. Without network the
# setup fails; the invoice validation tests then say SKIPPED instead of failing.
validators:
	@../shared/eval/validate-ubl.sh --quiet-warnings ../shared/samples/ubl/peppol-base-example.xml >/dev/null \
	  && echo "UBL validator ready" || echo "UBL validator could not be set up: invoice UBL validation will be SKIPPED"

test: deps validators eval-venv
	python3 scripts/check-imports.py
	scripts/report-peers.sh
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --skip '$(SUBPROCESS_SUITES)'
	$(SWIFT) test --skip-build --filter '$(SUBPROCESS_SUITES)' --no-parallel

# Benchmarks are a separate executable, never timed tests (STYLE.md 17). Choose workloads
# with BENCH_ARGS, for example issue 3's bank import with its peers (hledger, ofxtools):
#   make bench BENCH_ARGS="bank-csv bank-ofx --rows 100000"
#   make bench BENCH_ARGS="bank-csv bank-ofx --rows 1000000 --no-peers"
# and issue 5's reports (P&L and expense breakdown over N postings, beside `hledger is`):
#   make bench BENCH_ARGS="reports --rows 1000000"
bench: deps
	scripts/bench-peers.sh
	$(SWIFT) build -c release --product kontor-bench
	.build/release/kontor-bench $(BENCH_ARGS)

check-imports:
	python3 scripts/check-imports.py

# The Python venv of the external validators (PyJWT interop oracle, e-mail parser) that
# the approval end-to-end tests run; created once from ../shared/eval/requirements.txt.
eval-venv:
	@bash -c '. ../shared/eval/_venv.sh && ensure_venv'


# Removes what the demo made (inbox/outbox content and var/), keeping the workspace files.
clean-demo:
	rm -rf var inbox/*/ outbox/*/
