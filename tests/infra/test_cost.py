"""docs/cost.md rests on resource counts of the template: they must be the synthesized template's."""

from __future__ import annotations

from infra import cost
from tests.infra.conftest import Synthesized


def test_the_cost_model_counts_what_the_template_holds(cloud: Synthesized) -> None:
    assert cost.template_counts(cloud.template) == cost.TEMPLATE


def test_the_cost_page_is_what_make_cost_writes() -> None:
    assert cost.main(["--check"]) == 0, "docs/cost.md is stale: run `make cost`"


def test_the_figures_add_up_and_grow_with_the_size() -> None:
    figures = [cost.totals(m * n, m) for m, n in cost.SIZES]
    assert all(fixed > 0 and variable > 0 for fixed, variable in figures)
    assert [v for _, v in figures] == sorted(v for _, v in figures)
    assert len({f for f, _ in figures}) == 1  # the fixed part does not depend on the size
