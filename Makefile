# ordinal: two commands.
#
#   make serve   install what is missing, then build the app and serve it with trunk
#   make test    install what is missing, then run every test (native, browser, end-to-end)
#
# The other targets are the steps of those two; see README.md.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
.NOTPARALLEL:

ENV := source scripts/env.sh
ADDRESS ?= 127.0.0.1
PORT ?= 8080

.PHONY: help setup serve test test-native test-precommit test-lsp test-wasm dist test-e2e size check-tools bench-frames bench

help:
	@echo "make serve        build the app and serve it on http://$(ADDRESS):$(PORT)/ (trunk, live reload)"
	@echo "make test         run every test: test-native, test-precommit, test-lsp, test-wasm, dist, test-e2e"
	@echo "make setup        install the missing tools (run by serve and test)"
	@echo "make test-native  cargo test --workspace (core, cli, web's pure parts, xtask)"
	@echo "make test-precommit  the pre-commit hook (.pre-commit-hooks.yaml) run by the real pre-commit"
	@echo "make test-lsp     ordinal lsp driven by a real client: Neovim's built-in LSP client, headless"
	@echo "make test-wasm    wasm-bindgen-test: Yew components in headless Chromium"
	@echo "make dist         release build of the static site into dist/"
	@echo "make test-e2e     playwright-core + Chromium against dist/ on localhost"
	@echo "make size         raw, gzip and brotli size of dist/"
	@echo "make bench-frames frame times of the cluster view animating 100 pods (needs dist/)"
	@echo "make bench        every benchmark figure against its target, one table (needs dist/; docs/benchmarks.md)"

setup:
	@bash scripts/setup.sh

check-tools:
	@bash scripts/check-tools.sh

# Serves a debug build (fast to rebuild, live reload) from target/serve-dist, so dist/ stays the
# release build that `make dist` made.
serve: setup
	$(ENV); cd crates/web && trunk serve --dist ../../target/serve-dist --address "$(ADDRESS)" --port "$(PORT)" $(TRUNK_ARGS)

test: setup test-native test-precommit test-lsp test-wasm dist test-e2e

test-native:
	@$(ENV); log "cargo test --workspace"; \
	  timeout --kill-after=30 2400 cargo test --workspace

# The hook of .pre-commit-hooks.yaml through real `git commit`s with pre-commit installed.
test-precommit:
	@timeout --kill-after=30 600 bash scripts/test-precommit.sh

# `ordinal lsp` end to end: Neovim's built-in LSP client, headless (crates/cli/tests/lsp/nvim.lua).
test-lsp:
	@timeout --kill-after=30 600 bash scripts/test-lsp.sh

test-wasm:
	@bash scripts/test-wasm.sh

dist:
	@bash scripts/dist.sh

test-e2e:
	@$(ENV); log "end-to-end: playwright-core + $$CHROMIUM against dist/"; \
	  timeout --kill-after=30 1200 node --test --test-concurrency=1 e2e/

size:
	@bash scripts/size.sh

# Frame times of the cluster view with 100 pods, in headless Chromium (docs/benchmarks.md).
bench-frames:
	@$(ENV); log "frame times: 100 pods in the cluster view, $$CHROMIUM against dist/"; \
	  timeout --kill-after=30 300 node scripts/bench-frames.mjs $(BENCH_ARGS)

# Every figure of docs/benchmarks.md against its target: size, keystroke latency, lint beside
# Checkov and kubernetes-validate, simulated 0 -> 1,000, frame times, Lighthouse. One table at
# the end. BENCH_ARGS="--skip peers,lighthouse --json out.json" to narrow it.
bench:
	@$(ENV); log "benchmarks against dist/ (built $$(date -u -r dist/index.html +%FT%TZ 2>/dev/null || echo never))"; \
	  CHROME_PATH="$$CHROMIUM" timeout --kill-after=30 2400 node scripts/bench.mjs $(BENCH_ARGS)
