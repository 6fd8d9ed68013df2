# The clinic blog. `make help` lists the targets.
PY_BOOT ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PELICAN := $(VENV)/bin/pelican

BASEDIR := $(CURDIR)
INPUTDIR := $(BASEDIR)/content
OUTPUTDIR := $(BASEDIR)/output
CONFFILE := $(BASEDIR)/pelicanconf.py
PUBLISHCONF := $(BASEDIR)/publishconf.py
PORT ?= 8000
BIND ?= 127.0.0.1

PELICANOPTS ?=
ifeq ($(DEBUG), 1)
	PELICANOPTS += -D
endif
ifeq ($(RELATIVE), 1)
	PELICANOPTS += --relative-urls
endif

# The virtual environment is (re)made whenever pyproject.toml changes.
STAMP := $(VENV)/.installed

.PHONY: help html clean regenerate serve devserver publish check test install

help:
	@echo 'Targets:'
	@echo '  make html                 build the site into output/ (sets up .venv on first use)'
	@echo '  make test                 build the test site and run every test'
	@echo '  make check                validate the built pages in output/'
	@echo '  make publish              build the public site with publishconf.py'
	@echo '  make serve [PORT=8000]    serve output/ at http://$(BIND):$(PORT)'
	@echo '  make devserver            rebuild on change and serve'
	@echo '  make regenerate           rebuild on change'
	@echo '  make newpost TITLE="..."  write a new draft in content/'
	@echo '  make clean                remove output/'
	@echo '  make bench                time builds of 100-5,000 generated posts against bare Pelican (reports/)'
	@echo 'Switches: DEBUG=1 (verbose), RELATIVE=1 (relative URLs).'

$(STAMP): pyproject.toml
	test -x $(PY) || $(PY_BOOT) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,bench]'
	touch $(STAMP)

install: $(STAMP)

html: $(STAMP)
	$(PY) -m clinic_site.build --settings $(CONFFILE) --output $(OUTPUTDIR)

publish: $(STAMP)
	$(PY) -m clinic_site.build --settings $(PUBLISHCONF) --output $(OUTPUTDIR) --check

check: $(STAMP)
	$(PY) -m clinic_site.check --settings $(CONFFILE) $(OUTPUTDIR)

test: $(STAMP)
	$(PY) -m pytest

clean:
	rm -rf $(OUTPUTDIR)

regenerate: $(STAMP)
	$(PELICAN) -r $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) $(PELICANOPTS)

serve: $(STAMP)
	$(PELICAN) -l $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) $(PELICANOPTS) -p $(PORT) -b $(BIND)

devserver: $(STAMP)
	$(PELICAN) -lr $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) $(PELICANOPTS) -p $(PORT) -b $(BIND)

# --- Benchmark (not part of `make test`) ------------------------------------
# Build cost and reader-side weight of synthetic sites of N posts, side by side
# with bare Pelican: writes reports/bench.md, reports/bench.json, reports/bench.png.
BENCH_SIZES ?= 100,1000,5000
BENCH_RUNS ?= 3
# The `bench` extra (matplotlib, pyinstrument, tinycss2) comes with the test
# extra: tests/test_bench.py runs the benchmark once at N=20.

.PHONY: bench
bench: $(STAMP)
	$(PY) -m bench.run --sizes $(BENCH_SIZES) --runs $(BENCH_RUNS) --out $(BASEDIR)/reports
