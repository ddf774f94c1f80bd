# One command each: `make demo` and `make test` install what they need first.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: install demo test test-deep docs clean

install: $(STAMP)

# torch first: the CPU wheel pinned here is on disk; letting another package
# pull torch in would fetch a multi-GB CUDA build instead.
$(STAMP): pyproject.toml Makefile
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check torch==2.13.0
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[test,multilingual,bench]"
	touch $(STAMP)

demo: install
	HF_HUB_OFFLINE=1 $(VENV)/bin/mentorpair demo

# Types first: a strict mypy run (config in pyproject.toml) is quicker than the suite; then the
# architecture's import contracts (docs/architecture.md), then the suite.
test: install
	$(PY) -m mypy
	$(VENV)/bin/lint-imports
	HF_HUB_OFFLINE=1 $(PY) -m pytest -q

# Property tests with at least 10,000 generated cohorts each (issue: correctness under search).
test-deep: install
	HF_HUB_OFFLINE=1 HYPOTHESIS_PROFILE=deep $(PY) -m pytest -q tests/test_properties.py tests/test_features.py \
		tests/test_claims.py::test_every_claim_is_true_under_pruning_time_limits_and_any_objective

docs: install
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs build --strict

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build site *.egg-info
