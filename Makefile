# langplan: the two commands a new machine needs are `make demo` and `make test`.
SWIFT ?= swift
OUT ?= out/hcmc-2026
SCENARIO ?= scenarios/hcmc-2026.yaml
APT_PACKAGES = libglpk-dev glpk-utils

.PHONY: deps build demo test bench clean

# Install what is missing (root on Debian): GLPK's headers/library and glpsol.
deps:
	@missing=""; \
	[ -f /usr/include/glpk.h ] || missing="$$missing libglpk-dev"; \
	command -v glpsol >/dev/null 2>&1 || missing="$$missing glpk-utils"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  (apt-get install -y $$missing || (apt-get update && apt-get install -y $$missing)); \
	fi

build: deps
	$(SWIFT) build -c release --product langplan

# Plan the shipped city scenario and write the report.
demo: build
	rm -rf $(OUT)
	.build/release/langplan plan $(SCENARIO) --out $(OUT)
	@echo "report: $(OUT)/report.html"

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --parallel --num-workers 2

bench: build
	bash benchmarks/run.sh

clean:
	rm -rf .build out
