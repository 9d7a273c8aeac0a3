# Leerlijn: `make run` and `make test` set up everything they need on a fresh
# machine (see ../shared/TOOLCHAIN.md for why each tool is installed this way).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

TOOLS_DIR      := $(HOME)/.cache/leerlijn-tools
CARGO_BIN      := $(HOME)/.cargo/bin
export PATH    := $(CARGO_BIN):$(TOOLS_DIR)/node_modules/.bin:$(PATH)
# Queries are checked against the committed .sqlx/ metadata; no database needed to build.
export SQLX_OFFLINE := true
# Read by Leptos at compile time (it names the wasm file). cargo-leptos sets it; setting it
# here too makes `cargo test` build the very same server binary instead of a different one.
export LEPTOS_OUTPUT_NAME := leerlijn

CARGO_LEPTOS_VERSION := 0.3.10
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
BINARYEN_VERSION     := 132.0.0
CHROMIUM             ?= /usr/bin/chromium

RUN_DB  ?= sqlite:data/leerlijn.db
E2E_DB  := target/e2e/leerlijn.db
E2E_ADDR := 127.0.0.1:3100

.PHONY: run test tools system-packages rust-tools wasm-opt e2e-deps build unit-test e2e-test bench clean-e2e sqlx-prepare

run: tools build
	DATABASE_URL=$(RUN_DB) ./target/release/leerlijn migrate
	DATABASE_URL=$(RUN_DB) ./target/release/leerlijn seed-demo
	@echo "Leerlijn draait op http://127.0.0.1:3000  (stoppen: Ctrl+C)"
	DATABASE_URL=$(RUN_DB) LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_ADDR=127.0.0.1:3000 ./target/release/leerlijn serve

test: tools unit-test build e2e-test

## ---- tools: each step is skipped when the right version is already present
tools: system-packages rust-tools wasm-opt e2e-deps

system-packages:
	@missing=""; \
	for pair in chromium:$(CHROMIUM) poppler-utils:/usr/bin/pdftotext qpdf:/usr/bin/qpdf zbar-tools:/usr/bin/zbarimg sqlite3:/usr/bin/sqlite3 default-jre-headless:/usr/bin/java; do \
	  [ -x "$${pair#*:}" ] || missing="$$missing $${pair%%:*}"; \
	done; \
	[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing="$$missing fonts-dejavu-core"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

rust-tools:
	@rustup target list --installed | grep -q wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@cargo leptos --version 2>/dev/null | grep -q "$(CARGO_LEPTOS_VERSION)" || \
	  cargo install cargo-leptos --version $(CARGO_LEPTOS_VERSION) --locked --features no_downloads
	@wasm-bindgen --version 2>/dev/null | grep -q "$(WASM_BINDGEN_VERSION)" || \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION)

wasm-opt:
	@[ -x "$(TOOLS_DIR)/node_modules/.bin/wasm-opt" ] || npm install --silent --prefix $(TOOLS_DIR) binaryen@$(BINARYEN_VERSION)

e2e-deps:
	@# --ignore-scripts: no package may fetch its own binaries (vnu-jar would fetch a Java; Debian's is used).
	@[ -d end2end/node_modules/@playwright/test ] && [ -d end2end/node_modules/vnu-jar ] || (cd end2end && npm ci --silent --ignore-scripts)

## ---- build and test
build:
	cargo leptos build --release --precompress
	@# Static files go out precompressed; cargo-leptos' gzip is weaker than gzip -9.
	@for f in target/site/pkg/*.wasm target/site/pkg/*.js target/site/pkg/*.css; do gzip -9 -n -k -f "$$f"; done

unit-test:
	cargo test --release --no-default-features --features ssr

e2e-test: clean-e2e
	cd end2end && E2E_ADDR=$(E2E_ADDR) E2E_DB=$(E2E_DB) CHROMIUM_PATH=$(CHROMIUM) npx playwright test
	# Every document the browser tests received, through the W3C Nu HTML checker.
	cd end2end && node validate-html.mjs

clean-e2e:
	rm -rf target/e2e && mkdir -p target/e2e

bench: tools build
	@command -v wrk >/dev/null && command -v nginx >/dev/null || { \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get install -y -qq --no-install-recommends wrk nginx-light; }
	./bench/pages.sh
	./bench/login_flood.sh
	./bench/certificates.sh

## Regenerates .sqlx/ after changing a query (needs the schema in a scratch database).
sqlx-prepare:
	rm -rf target/sqlx-prepare.db* .sqlx && mkdir -p .sqlx target
	for f in migrations/*.sql; do sqlite3 target/sqlx-prepare.db < $$f; done
	touch src/lib.rs
	SQLX_OFFLINE=false SQLX_OFFLINE_DIR=$(CURDIR)/.sqlx DATABASE_URL=sqlite:$(CURDIR)/target/sqlx-prepare.db \
	  cargo check --no-default-features --features ssr --lib --bins --tests
