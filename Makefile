# The two commands a new user types: `make run` and `make test`. Both install what is
# missing first (Debian packages), then build with CMake presets.
PORT ?= 8080
DATA_DIR ?= ./data
CONFIG ?= config/rapport.yaml

.PHONY: deps build run test bench format clean

deps:
	@./scripts/install-deps.sh

build: deps
	cmake --preset release
	cmake --build --preset release

run: build
	./build/bin/rapportd --config $(CONFIG) --port $(PORT) --data-dir $(DATA_DIR)

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
