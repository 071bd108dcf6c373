# The two commands a new user types: `make run` and `make test`. Both install what is
# missing first (Debian packages), then build with CMake presets.
PORT ?= 8080
DATA_DIR ?= ./data
CONFIG ?= config/rapport.yaml
# DEMO=1: once rapportd answers, `rapport demo load` fills an empty database with the demo
# company (docs/admin-guide.md, "Demo data"), signed in as admin with RAPPORT_ADMIN_PASSWORD,
# which is the demo password unless you set it. A database with data in it is left alone.
DEMO ?= 0
DEMO_PASSWORD := rapport-demo

.PHONY: deps build run test bench format clean

deps:
	@./scripts/install-deps.sh

build: deps
	cmake --preset release
	cmake --build --preset release

run: build
ifeq ($(DEMO),1)
	@export RAPPORT_ADMIN_PASSWORD="$${RAPPORT_ADMIN_PASSWORD:-$(DEMO_PASSWORD)}"; \
	./build/bin/rapportd --config $(CONFIG) --port $(PORT) --data-dir $(DATA_DIR) & server=$$!; \
	trap 'kill -TERM $$server 2>/dev/null; wait $$server' INT TERM; \
	until curl -sf -o /dev/null http://127.0.0.1:$(PORT)/api/v1/health; do \
	  kill -0 $$server 2>/dev/null || { wait $$server; exit $$?; }; sleep 0.2; \
	done; \
	printf '%s\n' "$$RAPPORT_ADMIN_PASSWORD" | \
	  ./build/bin/rapport demo load --url http://127.0.0.1:$(PORT) --login admin || \
	  echo "make run: no demo data loaded (the reason is above); rapportd goes on serving"; \
	wait $$server
else
	./build/bin/rapportd --config $(CONFIG) --port $(PORT) --data-dir $(DATA_DIR)
endif

test: deps
	cmake --preset test
	cmake --build --preset test
	ctest --preset test

bench: build
	bench/health.sh build

format:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

clean:
	rm -rf build build-test
