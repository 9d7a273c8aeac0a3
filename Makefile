# Leerlijn: `make run` and `make test` set up everything they need on a fresh
# machine (see ../shared/TOOLCHAIN.md for why each tool is installed this way).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

TOOLS_DIR      := $(HOME)/.cache/leerlijn-tools
CARGO_BIN      := $(HOME)/.cargo/bin
export PATH    := $(CARGO_BIN):$(TOOLS_DIR)/node_modules/.bin:$(PATH)
# Queries are checked against the committed .sqlx/ metadata; no database needed to build.
export SQLX_OFFLINE := true
# Read by Leptos at compile time (it names the wasm file the pages load). Set here for
# every build, so `cargo test`, `cargo build` and the wasm build agree.
export LEPTOS_OUTPUT_NAME := leerlijn

WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
BINARYEN_VERSION     := 132.0.0
ESBUILD_VERSION      := 0.25.12
CHROMIUM             ?= /usr/bin/chromium

RUN_DB  ?= sqlite:data/leerlijn.db
E2E_DB  := target/e2e/leerlijn.db
E2E_ADDR := 127.0.0.1:3100

.PHONY: run test tools system-packages rust-tools wasm-opt e2e-deps python-deps build server site unit-test e2e-test bench clean-e2e sqlx-prepare

# The browser bundle: the lib as wasm (islands only), bound and shrunk, with the styles
# and public files. Plain cargo + wasm-bindgen + wasm-opt: what cargo-leptos did for us,
# without installing it (9-15 minutes cold) or building the server a second time.
SITE     := target/site
WASM_OUT := target/front/wasm32-unknown-unknown/wasm-release/leerlijn.wasm

run: tools build
	DATABASE_URL=$(RUN_DB) ./target/release/leerlijn migrate
	DATABASE_URL=$(RUN_DB) ./target/release/leerlijn seed-demo
	@echo "Leerlijn draait op http://127.0.0.1:3000  (stoppen: Ctrl+C); nachtelijke reservekopieën in data/backups"
	@if [ -n "$${LEERLIJN_SMTP_URL:-}" ]; then \
	  echo "E-mail gaat via $$LEERLIJN_SMTP_URL (afzender: $${LEERLIJN_MAIL_FROM:-Leerlijn <leerlijn@localhost>})"; \
	else \
	  echo "E-mail: geen mailserver ingesteld (LEERLIJN_SMTP_URL); mails wachten in de outbox: http://127.0.0.1:3000/berichten (als coördinator)"; \
	fi
	DATABASE_URL=$(RUN_DB) LEERLIJN_BACKUP_DIR=data/backups LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_ADDR=127.0.0.1:3000 \
	  ./target/release/leerlijn serve

# The server the browser tests run is the one `cargo test` built (integration tests build
# the binary with the tests' feature set): one server build for the whole run, in the
# `testing` profile (Cargo.toml: release dependencies, this crate not optimised).
test: tools unit-test site e2e-test

## ---- tools: each step is skipped when the right version is already present
tools: system-packages rust-tools wasm-opt e2e-deps python-deps

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
	@wasm-bindgen --version 2>/dev/null | grep -q "$(WASM_BINDGEN_VERSION)" || \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION)

wasm-opt:
	@[ -x "$(TOOLS_DIR)/node_modules/.bin/wasm-opt" ] || npm install --silent --prefix $(TOOLS_DIR) binaryen@$(BINARYEN_VERSION)
	@# esbuild minifies the wasm-bindgen JS and the style sheet.
	@esbuild --version 2>/dev/null | grep -qx "$(ESBUILD_VERSION)" || npm install --silent --prefix $(TOOLS_DIR) esbuild@$(ESBUILD_VERSION)

e2e-deps:
	@# --ignore-scripts: no package may fetch its own binaries (vnu-jar would fetch a Java; Debian's is used).
	@[ -d end2end/node_modules/@playwright/test ] && [ -d end2end/node_modules/vnu-jar ] || (cd end2end && npm ci --silent --ignore-scripts)

# The credential tests check the app's signatures with another implementation than the
# one that signs: PyJWT (with pyca/cryptography) in a virtualenv of its own, and the
# jsonschema package that checks the credential against 1EdTech's schema.
TEST_PYTHON := $(TOOLS_DIR)/venv/bin/python3
export LEERLIJN_TEST_PYTHON := $(TEST_PYTHON)
python-deps:
	@[ -x "$(TEST_PYTHON)" ] || python3 -m venv $(TOOLS_DIR)/venv
	@$(TEST_PYTHON) -c "import jwt, cryptography, jsonschema, rfc3339_validator" 2>/dev/null || \
	  $(TEST_PYTHON) -m pip install --quiet "pyjwt[crypto]==2.10.1" "jsonschema==4.23.0" "rfc3339-validator==0.1.4"

## ---- build and test
build: server site

server:
	cargo build --release --no-default-features --features ssr --bin leerlijn

site:
	cargo build --lib --target wasm32-unknown-unknown --profile wasm-release --no-default-features --features hydrate \
	  --target-dir target/front
	rm -rf $(SITE) && mkdir -p $(SITE)/pkg && cp -r public/. $(SITE)/
	wasm-bindgen $(WASM_OUT) --target web --no-typescript --out-dir $(SITE)/pkg --out-name leerlijn
	@# Leptos' hydration script asks for leerlijn.wasm (LEPTOS_OUTPUT_NAME is set at build time).
	mv $(SITE)/pkg/leerlijn_bg.wasm $(SITE)/pkg/leerlijn.wasm
	wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int $(SITE)/pkg/leerlijn.wasm -o $(SITE)/pkg/leerlijn.wasm
	esbuild $(SITE)/pkg/leerlijn.js --minify --format=esm --log-level=warning --allow-overwrite --outfile=$(SITE)/pkg/leerlijn.js
	esbuild style/main.css --minify --target=chrome100,firefox100,safari15 --log-level=warning --outfile=$(SITE)/pkg/leerlijn.css
	@# Static files go out precompressed, at gzip's highest level.
	@for f in $(SITE)/pkg/*.wasm $(SITE)/pkg/*.js $(SITE)/pkg/*.css $(SITE)/*.js $(SITE)/*.svg; do gzip -9 -n -k -f "$$f"; done
	@echo "wasm + JS gzip: $$(cat $(SITE)/pkg/leerlijn.wasm.gz $(SITE)/pkg/leerlijn.js.gz | wc -c) bytes"

unit-test:
	cargo test --profile testing --no-default-features --features ssr

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
	./bench/scale.sh
	./bench/submissions.sh
	./bench/login_flood.sh
	./bench/certificates.sh

## Regenerates .sqlx/ after changing a query (needs the schema in a scratch database).
sqlx-prepare:
	rm -rf target/sqlx-prepare.db* .sqlx && mkdir -p .sqlx target
	for f in migrations/*.sql; do sqlite3 target/sqlx-prepare.db < $$f; done
	touch src/lib.rs
	SQLX_OFFLINE=false SQLX_OFFLINE_DIR=$(CURDIR)/.sqlx DATABASE_URL=sqlite:$(CURDIR)/target/sqlx-prepare.db \
	  cargo check --no-default-features --features ssr --lib --bins --tests
