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
# awscli lives in its own environment (it pins a docutils Pelican cannot use).
DEPLOY_VENV ?= .venv-deploy
DEPLOY_STAMP := $(DEPLOY_VENV)/.installed

.PHONY: help html clean regenerate serve devserver publish check test install newpost s3_upload s3_settings rsync_upload rsync_settings

help:
	@echo 'Targets:'
	@echo '  make html                 build the site into output/ (sets up .venv on first use)'
	@echo '  make test                 build the test site and run every test'
	@echo '  make check                validate the built pages in output/ (CHECKCONF=publishconf.py after publish)'
	@echo '  make publish              build the public site with publishconf.py (checked, swapped in whole)'
	@echo '  make s3_upload            publish, then sync to S3_BUCKET (see README, Publishing)'
	@echo '  make rsync_upload         publish, then send to SSH_HOST:SSH_TARGET_DIR'
	@echo '  make serve [PORT=8000]    serve output/ at http://$(BIND):$(PORT)'
	@echo '  make devserver            rebuild on change and serve'
	@echo '  make regenerate           rebuild on change'
	@echo '  make newpost TITLE="..."  write a new draft in content/'
	@echo '  make clean                remove output/'
	@echo '  make lighthouse           Lighthouse scores of output/ into reports/lighthouse.md'
	@echo '  make screenshots          PNGs of output/ pages into reports/screenshots/'
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

# Checks output/ as built by `make html` or `make publish` (the settings are
# recognised from the pages; CHECKCONF=publishconf.py names them explicitly).
CHECKCONF ?=
check: $(STAMP)
	$(PY) -m clinic_site.check $(if $(CHECKCONF),--settings $(CHECKCONF)) $(OUTPUTDIR)

# TITLE reaches the script exactly as typed: $(value) stops make expanding `$`,
# single quotes stop the shell expanding `$`, backquotes and `"`.
newpost: $(STAMP)
	@$(PY) -m clinic_site.newpost '$(subst ','\'',$(value TITLE))' --content $(INPUTDIR)

test: $(STAMP) $(DEPLOY_STAMP)
	$(PY) -m pytest

clean:
	rm -rf $(OUTPUTDIR)

regenerate: $(STAMP)
	$(PELICAN) -r $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) $(PELICANOPTS)

serve: $(STAMP)
	$(PELICAN) -l $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) $(PELICANOPTS) -p $(PORT) -b $(BIND)

devserver: $(STAMP)
	$(PELICAN) -lr $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) $(PELICANOPTS) -p $(PORT) -b $(BIND)

# --- Publishing: deploy targets ---------------------------------------------
# Both publish first: a build or check that fails stops here, before anything
# is sent, and output/ keeps the last good site.

$(DEPLOY_STAMP): pyproject.toml
	test -x $(DEPLOY_VENV)/bin/python || $(PY_BOOT) -m venv $(DEPLOY_VENV)
	$(DEPLOY_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(DEPLOY_VENV)/bin/python -m pip install --quiet --group deploy
	touch $(DEPLOY_STAMP)

# S3_BUCKET, S3_REGION, S3_ENDPOINT_URL (and AWS credentials) from the environment.
s3_settings:
	@test -n "$(S3_BUCKET)" || { echo "Set S3_BUCKET (and S3_REGION, S3_ENDPOINT_URL, AWS credentials): see README, Publishing." >&2; exit 1; }

s3_upload: s3_settings publish $(DEPLOY_STAMP)
	$(DEPLOY_VENV)/bin/python -m clinic_site.deploy_s3 $(OUTPUTDIR)

# make rsync_upload SSH_HOST=web.example.org SSH_USER=deploy SSH_TARGET_DIR=/srv/clinic-blog
SSH_HOST ?=
SSH_PORT ?= 22
SSH_USER ?=
SSH_TARGET_DIR ?=
SSH ?= ssh
# -c: compare contents, so unchanged files are not sent again after a rebuild;
# --delay-updates/--delete-after: changed files are put in place together at the end.
rsync_settings:
	@test -n "$(SSH_HOST)" && test -n "$(SSH_TARGET_DIR)" || { echo "Set SSH_HOST and SSH_TARGET_DIR (and SSH_USER, SSH_PORT): see README, Publishing." >&2; exit 1; }

rsync_upload: rsync_settings publish
	rsync -e "$(SSH) -p $(SSH_PORT)" -rlcvz --chmod=D755,F644 --delay-updates --delete-after \
		$(OUTPUTDIR)/ $(if $(SSH_USER),$(SSH_USER)@)$(SSH_HOST):$(SSH_TARGET_DIR)/

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
