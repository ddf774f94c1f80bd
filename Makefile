# One command each: `make demo` and `make test` install what they need first.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: install demo test clean

install: $(STAMP)

# torch first: the CPU wheel pinned here is on disk; letting another package
# pull torch in would fetch a multi-GB CUDA build instead.
$(STAMP): pyproject.toml Makefile
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check torch==2.13.0
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[test]"
	touch $(STAMP)

demo: install
	HF_HUB_OFFLINE=1 $(VENV)/bin/mentorpair demo

test: install
	HF_HUB_OFFLINE=1 $(PY) -m pytest -q

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build *.egg-info
