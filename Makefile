# talaan: the two commands a new user needs are `make run` and `make test`.
# Each installs what it needs (Debian packages) when it is missing.
SHELL := /bin/bash
GO ?= $(shell command -v go 2>/dev/null || echo /usr/local/go/bin/go)
# Tesseract's OpenMP threads make it 2-3x slower on small machines.
export OMP_THREAD_LIMIT := 1
APT_PKGS := tesseract-ocr tesseract-ocr-eng tesseract-ocr-fil tesseract-ocr-osd \
	libtesseract-dev libleptonica-dev poppler-utils pkg-config gcc chromium \
	fonts-liberation fonts-dejavu-core

.PHONY: deps build run test test-service fuzz bench accuracy clean postgres minio

# The scale-out tests run against a real PostgreSQL and a real MinIO.
# PostgreSQL: the local server on 127.0.0.1:5432 (installed and started
# when missing); each test makes and drops its own database.
export TALAAN_TEST_DATABASE_URL ?= postgres://root:talaan@127.0.0.1:5432/test?sslmode=disable
# MinIO is built once with `go install` (about 5 minutes) and kept outside
# the checkout, so later runs and CI on this machine reuse it.
MINIO_BIN ?= $(HOME)/.cache/talaan/bin/minio
# Pinned: @latest may one day need a newer Go than a fresh machine has.
MINIO_VERSION ?= v0.0.0-20260212201848-7aac2a2c5b7c
export TALAAN_MINIO_BIN := $(MINIO_BIN)

deps:
	@missing=""; for p in $(APT_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

build: deps
	$(GO) build -o bin/talaan ./cmd/talaan

# `make run` serves the API on 127.0.0.1:8080 with data under ./data;
# `make run ARGS="extract payslip.pdf"` runs another command.
run: build
	./bin/talaan $(if $(ARGS),$(ARGS),serve)

test: deps postgres minio
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 20m ./...

# The service's tests alone, built without Tesseract (-tags notesseract):
# the API, console, queue, wiring and stores; the tests that read documents
# skip. `make test` runs everything.
test-service: postgres minio
	$(GO) test -count=1 -timeout 20m -tags notesseract $$($(GO) list ./internal/... ./storage/... | grep -v -e '/internal/pipeline$$' -e '/ocrengine$$')

# A short run of every fuzz target (the seeds also run in `make test`).
fuzz:
	@for pkg in ./extract/parse ./ocr; do \
		for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
			$(GO) test -run=^$$ -fuzz=^$$f$$ -fuzztime=20s $$pkg || exit 1; \
		done; \
	done

clean:
	rm -rf bin

# Straight-through accuracy on the labelled corpora (minutes of Tesseract
# time), and the reliability plot in accuracy-reliability.png. Flags through
# ARGS, e.g. make accuracy ARGS="-v -only d00 -gen 20" (-gen N: N documents
# of each layout family, tuning and held-out).
accuracy:
	$(GO) run ./tools/cmd/talaan-accuracy $(ARGS)

# Speed and memory against the tesseract CLI, same pages, same run; then the
# service over HTTP: GET /v1/incomes latency with a million stored incomes on
# SQLite and on PostgreSQL, the memory of 20 simultaneous 15 MB uploads, and
# documents per minute of one and two worker processes on PostgreSQL + MinIO
# (hence postgres and minio). All report and never fail on a slow machine.
# ARGS=-quick for a rough figure (it reaches both commands); more flags of the
# service benchmark through SERVEBENCH_ARGS, e.g. SERVEBENCH_ARGS="-data
# /tmp/talaan-bench-data -pg-db talaan_bench" to seed once and reuse, or
# SERVEBENCH_ARGS="-only throughput".
bench: deps postgres minio
	$(GO) run ./tools/cmd/talaan-bench $(ARGS)
	$(GO) run ./tools/cmd/talaan-servebench $(filter -quick,$(ARGS)) $(SERVEBENCH_ARGS)

# PostgreSQL for the tests (started, or installed and set up, when missing).
postgres:
	@./scripts/ensure-postgres.sh

# MinIO for the tests, built once.
minio:
	@test -x $(MINIO_BIN) || { echo "building MinIO once (about 5 minutes) into $(MINIO_BIN)"; \
		mkdir -p $(dir $(MINIO_BIN)) && GOBIN=$(dir $(MINIO_BIN)) $(GO) install github.com/minio/minio@$(MINIO_VERSION); }
