# EvidenceGraph: the two commands.
#   make run   install what is missing, build, start the server on 127.0.0.1:50051
#              (RocksDB in ./var/data, seeded with the demo graph when empty)
#   make test  install what is missing, build, run every test through ctest
#   make bench install what is missing, build the benchmark suite, print ONE
#              table (every workload as a ratio to its floor, on 10k, 100k and
#              1M-edge graphs; ~10 min on 2 cores) and write bench/results.json.
#              BENCH_SIZES=10000,100000 leaves out the 1M size; BENCH_FLAGS
#              passes more eg_bench flags (e.g. --workloads=GetNode,ImportGraph).
# Other targets: deps, build, bench-micro (the bench_* micro-benchmarks), clean.

BUILD_DIR  ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS       ?= 2
LISTEN     ?= 127.0.0.1:50051
DATA_DIR   ?= var/data

# Everything comes from Debian 12 packages.
APT_PACKAGES := cmake g++ make pkg-config \
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler \
  librocksdb-dev libabsl-dev grpc-proto golang-github-gogo-googleapis-dev \
  libgtest-dev libgmock-dev libbenchmark-dev libjemalloc-dev \
  python3-grpcio python3-protobuf graphviz \
  golang-go golang-google-grpc-dev golang-google-protobuf-dev golang-google-genproto-dev \
  golang-github-golang-protobuf-1-5-dev protoc-gen-go protoc-gen-go-grpc
# Installed only when the command is missing (node may come from elsewhere,
# e.g. NodeSource, whose nodejs package conflicts with Debian's npm).
APT_COMMANDS := node:nodejs npm:npm

# npm packages (the npm registry), pinned by each folder's package-lock.json:
# the Node client and the buf CLI. `npm ci` runs again only when the lock
# file is newer than the installed tree.
NPM_DIRS   := clients/node tools/buf
NPM_STAMPS := $(addsuffix /node_modules/.package-lock.json,$(NPM_DIRS))

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

BENCH_SIZES ?= 10000,100000,1000000
BENCH_JSON  ?= bench/results.json
BENCH_FLAGS ?=

.PHONY: all deps apt-deps npm-deps build run test bench bench-micro clean

all: build

deps: apt-deps npm-deps

# Installs only what is missing, so a prepared machine pays one dpkg query.
apt-deps:
	@missing=$$(for p in $(APT_PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed$$' || echo $$p; \
	  done; \
	  for c in $(APT_COMMANDS); do \
	    command -v $${c%%:*} >/dev/null || echo $${c#*:}; \
	  done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:" $$missing; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

npm-deps: $(NPM_STAMPS)

%/node_modules/.package-lock.json: %/package-lock.json %/package.json | apt-deps
	cd $* && npm ci --no-audit --no-fund
	@touch $@

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

# Only the suite's targets are built (the server comes with them).
bench: deps $(BUILD_DIR)/CMakeCache.txt
	cmake --build $(BUILD_DIR) -j$(JOBS) --target eg_bench
	$(BUILD_DIR)/bench/service/eg_bench --sizes=$(BENCH_SIZES) --json_out=$(BENCH_JSON) $(BENCH_FLAGS)

bench-micro: build
	@ls $(BUILD_DIR)/bench/*/bench_* 2>/dev/null | while read b; do echo "== $$b"; $$b; done

clean:
	rm -rf $(BUILD_DIR)
