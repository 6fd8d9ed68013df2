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

.PHONY: help html clean regenerate serve devserver publish check test install newpost

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
	@echo '  make lighthouse           Lighthouse scores of output/ into reports/lighthouse.md'
	@echo '  make screenshots          PNGs of output/ pages into reports/screenshots/'
	@echo 'Switches: DEBUG=1 (verbose), RELATIVE=1 (relative URLs).'

$(STAMP): pyproject.toml
	test -x $(PY) || $(PY_BOOT) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

html: $(STAMP)
	$(PY) -m clinic_site.build --settings $(CONFFILE) --output $(OUTPUTDIR)

publish: $(STAMP)
	$(PY) -m clinic_site.build --settings $(PUBLISHCONF) --output $(OUTPUTDIR) --check

# Checks output/ as built by `make html` or `make publish` (detected from the pages).
check: $(STAMP)
	$(PY) -m clinic_site.check $(OUTPUTDIR)

newpost: $(STAMP)
	@$(PY) -m clinic_site.newpost "$(TITLE)" --content $(INPUTDIR)

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

# --- Browser and validator tools ------------------------------------------
# axe-core, the Nu HTML Checker (vnu-jar) and Lighthouse come from npm, pinned
# by package-lock.json and reinstalled when it changes; the browser is Debian's
# chromium (.ci/run installs it). The browser tests are part of `make test`.
NODE_STAMP := node_modules/.installed
REPORTS := $(BASEDIR)/reports

$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --prefer-offline
	touch $(NODE_STAMP)

test: $(NODE_STAMP)

.PHONY: lighthouse screenshots
lighthouse: html $(NODE_STAMP)
	$(PY) -m clinic_site.lighthouse --output $(OUTPUTDIR) --into $(REPORTS)

screenshots: html
	$(PY) -m clinic_site.screenshots --output $(OUTPUTDIR) --into $(REPORTS)/screenshots
