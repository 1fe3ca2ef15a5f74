# langplan: the two commands a new machine needs are `make demo` and `make test`.
SWIFT ?= swift
OUT ?= out/hcmc-2026
SCENARIO ?= scenarios/hcmc-2026.yaml
TIME_LIMIT ?= 60

.PHONY: deps test-deps build demo test bench clean serve

# Install what is missing (root on Debian): GLPK's headers and library, glpsol, zlib (for .xlsx).
deps:
	@missing=""; \
	[ -f /usr/include/glpk.h ] || missing="$$missing libglpk-dev"; \
	command -v glpsol >/dev/null 2>&1 || missing="$$missing glpk-utils"; \
	[ -f /usr/include/zlib.h ] || missing="$$missing zlib1g-dev"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get install -y --no-install-recommends $$missing || \
	    (apt-get update && apt-get install -y --no-install-recommends $$missing); \
	fi

# The tests also read timetables with FET (fet-cl), iCalendar files with Python's icalendar
# and workbooks with openpyxl; the CLI tests solve exported models with HiGHS (highspy) and read YAML with PyYAML.
test-deps: deps
	@command -v fet-cl >/dev/null 2>&1 || (apt-get install -y --no-install-recommends fet || \
	  (apt-get update && apt-get install -y --no-install-recommends fet))
	@command -v soffice >/dev/null 2>&1 || (apt-get install -y --no-install-recommends libreoffice-calc || \
	  (apt-get update && apt-get install -y --no-install-recommends libreoffice-calc))
	@python3 -c "import icalendar, openpyxl" 2>/dev/null || python3 -m pip install -q icalendar openpyxl || \
	  python3 -m pip install -q --break-system-packages icalendar openpyxl
	@python3 -c "import highspy, yaml" 2>/dev/null || python3 -m pip install -q highspy pyyaml || \
	  python3 -m pip install -q --break-system-packages highspy pyyaml
	@python3 -c "import openpyxl.cell.rich_text" 2>/dev/null || python3 -m pip install -q "openpyxl>=3.1" || \
	  python3 -m pip install -q --break-system-packages "openpyxl>=3.1"
	@# The web app's tests: headless Chromium driven by Selenium, schemathesis, pytest.
	@(command -v chromium >/dev/null && command -v chromedriver >/dev/null) || \
	  (apt-get install -y --no-install-recommends chromium chromium-driver || \
	  (apt-get update && apt-get install -y --no-install-recommends chromium chromium-driver))
	@python3 -c "import selenium, schemathesis, pytest" 2>/dev/null || python3 -m pip install -q selenium schemathesis pytest || \
	  python3 -m pip install -q --break-system-packages selenium schemathesis pytest

build: deps
	$(SWIFT) build -c release --product langplan

# Plan the shipped city scenario, write the report, timetable the whole horizon, and check the
# timetables (hard rules, and the plan's attainment re-projected from the timetabled end dates).
demo: build
	rm -rf $(OUT)
	.build/release/langplan plan $(SCENARIO) --out $(OUT) --time-limit $(TIME_LIMIT)
	.build/release/langplan timetable $(SCENARIO) --plan $(OUT) --out $(OUT)/timetables --all-years
	.build/release/langplan verify-timetable $(OUT)/timetables --scenario $(SCENARIO) --plan $(OUT)
	@echo "report:     $(OUT)/report.html"
	@echo "timetables: $(OUT)/timetables/<institution>/ (timetable.csv, timetable.html, ics/, .fet)"

test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	python3 -m pytest -q tests/web

# The web app on http://127.0.0.1:8080/ with the shipped scenarios loaded (data in ./data).
serve: build
	.build/release/langplan serve --data ./data --scenarios scenarios

bench: build
	bash benchmarks/run.sh

clean:
	rm -rf .build out
