# EvidenceGraph: the two commands.
#   make run   install what is missing, build, start the server on 127.0.0.1:50051
#              (RocksDB in ./var/data, seeded with the demo graph when empty)
#   make test  install what is missing, build, run every test through ctest
# Other targets: deps, build, bench, clean.

BUILD_DIR  ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS       ?= 2
LISTEN     ?= 127.0.0.1:50051
DATA_DIR   ?= var/data

# Everything comes from Debian 12 packages.
APT_PACKAGES := cmake g++ make pkg-config \
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler \
  librocksdb-dev libabsl-dev grpc-proto golang-github-gogo-googleapis-dev \
  libgtest-dev libgmock-dev libbenchmark-dev \
  python3-grpcio python3-protobuf graphviz

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps build run test bench clean

all: build

# Installs only what is missing, so a prepared machine pays one dpkg query.
deps:
	@missing=$$(for p in $(APT_PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed$$' || echo $$p; \
	  done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:" $$missing; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(BUILD_DIR)/CMakeCache.txt:
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

build: deps $(BUILD_DIR)/CMakeCache.txt
	cmake --build $(BUILD_DIR) -j$(JOBS)

run: build
	mkdir -p $(DATA_DIR)
	$(BUILD_DIR)/services/evidencegraph-server --listen=$(LISTEN) \
	  --data_dir=$(DATA_DIR) --seed_file=data/demo_graph.ndjson

test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j$(JOBS) --timeout 900

bench: build
	@echo "Benchmarks land with the benchmark suite (bench/)."
	@ls $(BUILD_DIR)/bench/*/bench_* 2>/dev/null | while read b; do echo "== $$b"; $$b; done

clean:
	rm -rf $(BUILD_DIR)
