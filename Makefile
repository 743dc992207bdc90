# crmbench — the two commands are `make demo` (the main job) and `make test`.
SHELL := /bin/bash
SWIFT ?= swift
RELEASE_BIN = .build/release/crmbench
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)
APT_PACKAGES := libcurl4-openssl-dev libsqlite3-dev pkg-config curl
# Only for `make test`: a real Prometheus for the live-output integration test (started by the test on loopback).
TEST_APT_PACKAGES := prometheus

# The release binary links the Swift runtime and Foundation in (`--static-swift-stdlib`): it runs on a machine with
# no Swift toolchain (a generator host), and at 10,000 connections it is about 9 MB smaller in memory. With the
# toolchain's lld it exports no symbols and, where glibc is 2.36 or newer, packs its relocations (DT_RELR), so
# startup reads and dirties fewer pages. Each part is used only when this machine has what it needs.
SWIFT_DIR := $(dir $(realpath $(shell command -v $(SWIFT) 2>/dev/null)))
STATIC_OK := $(shell [ -d "$(SWIFT_DIR)../lib/swift_static" ] && echo yes)
LLD_OK := $(shell [ -x "$(SWIFT_DIR)ld.lld" ] && echo yes)
RELR_OK := $(shell v=$$(getconf GNU_LIBC_VERSION 2>/dev/null | cut -d' ' -f2); [ -n "$$v" ] && printf '2.36\n%s\n' "$$v" | sort -V -C && echo yes)
RELEASE_FLAGS := $(if $(STATIC_OK),--static-swift-stdlib) \
	$(if $(LLD_OK),-Xswiftc -use-ld=lld -Xlinker --no-export-dynamic $(if $(RELR_OK),-Xlinker -z -Xlinker pack-relative-relocs))

.PHONY: deps build release test test-tools test-timing demo bench bench-http2 bench-server report-check clean

## deps: install the system libraries the build needs (apt-get, with sudo when not root)
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product crmbench $(RELEASE_FLAGS)

## test: build and run every test (unit and integration against the reference CRM on 127.0.0.1:0): the suites whose
## verdicts depend on wall-clock time one at a time (TIMING_SUITES), every other suite in parallel before them; both
## halves always run and either failing fails the target
test: deps test-tools
	@dpkg -s $(TEST_APT_PACKAGES) >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(TEST_APT_PACKAGES); }
	$(SWIFT) build --build-tests
	@$(SWIFT) test --skip-build --disable-xctest --skip '$(TIMING_SUITES)'; untimed=$$?; \
	$(SWIFT) test --skip-build --disable-xctest --no-parallel --filter '$(TIMING_SUITES)'; timed=$$?; \
	[ $$untimed -eq 0 ] && [ $$timed -eq 0 ] || { echo "tests failed (parallel suites: exit $$untimed, timing suites: exit $$timed)"; exit 1; }

## test-tools: what the tests use besides the build: kubernetes-validate (PyPI) checks the generated manifests
test-tools:
	@python3 -c 'import kubernetes_validate' 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check kubernetes-validate

## test-timing: only the suites whose verdicts depend on wall-clock time (tagged `timing`, plus those that bound a
## delay: agent loss and start skew, connection timeouts, workers and knobs), to rerun them apart on a quiet machine;
## `swift test` cannot select by tag, so the suites are named here (TimingSuiteListTests checks the list is complete)
TIMING_SUITES := CapacityLoopTests|ResidentCodeTests|LoadTruthTests|SignalPhaseTests|CompareIntegrationTests|LifecycleIntegrationTests|EventLoopTests|EngineTests|ClientOptionsTests|KnobsAPITests|WorkerGateTests|MetricsAPITests|TextReportTests|HostileServerTests|LocalResourcesTests|HealthIntegrationTests|PlanEvidenceTests|TelemetryIntegrationTests|PrometheusIntegrationTests|DistributedIntegrationTests|DistributedSweepIntegrationTests|ConnectionTimeoutTests
test-timing: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-xctest --no-parallel --filter '$(TIMING_SUITES)'

## demo: the main job — start the reference CRM, run the default scenario against it, write a report
demo: release
	@bash scripts/demo.sh $(RELEASE_BIN)

## bench: crmbench against wrk on nginx (throughput, p50, client CPU per request), and 10k connections
bench: release
	@bash scripts/bench.sh $(RELEASE_BIN)

## bench-http2: HTTP/2 with --streams against HTTP/1.1 on the same TLS nginx (requests per CPU-second, connections)
bench-http2: release
	@bash scripts/bench-http2.sh $(RELEASE_BIN)

## bench-server: the reference CRM's GET-customer throughput with --cache on and off, measured by wrk
bench-server: release
	@bash scripts/bench-server.sh $(RELEASE_BIN)

## report-check: render a report and a comparison in headless Chromium, screenshot them, fail on console errors
report-check: build
	@bash scripts/report-check.sh .build/debug/crmbench

clean:
	rm -rf .build
