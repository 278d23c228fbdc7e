"""regions/tree.py: the one home of subtree and ancestor arithmetic on dotted codes."""

import re
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regions import tree
from regions.models import Region

# Short segments from a small alphabet, so codes that share a bare string prefix without sharing a
# path prefix (`1.2` and `1.21`) come up all the time.
segments = st.text(alphabet="012", min_size=1, max_size=3)
codes = st.lists(segments, min_size=1, max_size=5).map(tree.SEP.join)
roots = st.none() | codes


# --- examples -----------------------------------------------------------------------------------------


def test_depth_parent_lineage_ancestors():
    assert tree.depth("13") == 1
    assert tree.depth("13.02.01.2001.003") == 5
    assert tree.parent("13") is None
    assert tree.parent("13.02.01.2001.003") == "13.02.01.2001"
    assert tree.lineage("13.02.01") == ["13", "13.02", "13.02.01"]
    assert tree.ancestors("13.02.01") == ["13", "13.02"]
    assert tree.ancestors("13") == []
    assert tree.truncate("13.02.01.2001", 3) == "13.02.01"
    assert tree.truncate("13.02", 3) == "13.02"
    assert tree.truncate("13.02.01", 1) == "13"


def test_within_stops_at_the_dot():
    assert tree.within("13.02", "13.02")
    assert tree.within("13.02.01.2001.003", "13.02")
    assert not tree.within("13.021", "13.02")
    assert not tree.within("13.02.1", "13.02.10")
    assert not tree.within("13.02.11", "13.02.1")
    assert not tree.within("13", "13.02")
    assert not tree.within("11.02", "13")


def test_none_is_the_whole_country():
    assert tree.within("13.02", None)
    assert tree.within(None, None)
    assert not tree.within(None, "13")
    assert tree.covers([None], "11.01")
    assert tree.covers([None], None)
    assert not tree.covers([], "13")
    assert not tree.covers(["13"], None)


def test_below_is_strict():
    assert tree.below("13.02.01", "13.02")
    assert not tree.below("13.02", "13.02")
    assert not tree.below("13.021", "13.02")
    assert not tree.below(None, "13")


def test_outermost_keeps_the_top_codes_in_order():
    assert tree.outermost(["13.02.03", "13", "11.01", "13.02", "11.01"]) == ("11.01", "13")
    assert tree.outermost(["13.021", "13.02"]) == ("13.02", "13.021")
    assert tree.outermost([]) == ()


# --- properties -----------------------------------------------------------------------------------------


@given(code=codes, root=codes)
def test_within_iff_root_is_the_code_or_an_ancestor(code, root):
    assert tree.within(code, root) == (root in tree.lineage(code))
    assert tree.within(code, root) == (root == code or root in tree.ancestors(code))


@given(code=codes, root=codes)
def test_a_bare_string_prefix_is_never_within(code, root):
    if code.startswith(root) and code != root and code[len(root)] != tree.SEP:
        assert not tree.within(code, root)


@given(code=codes)
def test_lineage_walks_down_parent_by_parent(code):
    line = tree.lineage(code)
    assert line[-1] == code
    assert len(line) == tree.depth(code)
    assert tree.ancestors(code) == line[:-1]
    assert tree.parent(line[0]) is None
    assert all(tree.parent(child) == up for up, child in pairwise(line))
    assert tree.parent(code) == (line[-2] if len(line) > 1 else None)
    for n in range(1, tree.depth(code) + 3):
        assert tree.truncate(code, n) == line[min(n, len(line)) - 1]


@given(code=codes, root=codes)
def test_below_is_within_and_not_equal(code, root):
    assert tree.below(code, root) == (tree.within(code, root) and code != root)


@given(code=st.none() | codes, some=st.lists(roots, max_size=4))
def test_covers_is_any_within(code, some):
    assert tree.covers(some, code) == any(tree.within(code, r) for r in some)


@given(some=st.lists(codes, max_size=8), code=codes)
def test_outermost_covers_the_same_codes_once(some, code):
    kept = tree.outermost(some)
    assert list(kept) == sorted(kept)
    assert set(kept) <= set(some)
    assert not any(tree.within(a, b) for a in kept for b in kept if a != b)
    assert tree.covers(kept, code) == tree.covers(some, code)
    assert sum(tree.within(code, k) for k in kept) <= 1


# --- the queries ---------------------------------------------------------------------------------------


def _sql(q, lookup_model=Region) -> tuple[str, tuple]:
    return lookup_model.objects.filter(q).query.sql_with_params()


def test_subtree_q_is_one_equality_or_one_prefix_like():
    sql, params = _sql(tree.subtree_q("13.02"))
    assert re.search(r'"code" = %s OR "regions_region"\."code"(::text)? LIKE %s', sql), sql
    assert params[:2] == ("13.02", "13.02.%")
    assert tree.subtree_q(None) == tree.subtree_q_any([None]) == tree.subtree_q_any(["13", None])


def test_subtree_q_any_is_the_or_of_each_root():
    two = tree.subtree_q_any(["13.02", "11.01"])
    assert two == tree.subtree_q("13.02") | tree.subtree_q("11.01")
    sql, params = _sql(two)
    assert sql.count(" LIKE ") == 2
    assert params[:4] == ("13.02", "13.02.%", "11.01", "11.01.%")


def test_subtree_q_any_of_nothing_matches_nothing():
    assert not Region.objects.filter(tree.subtree_q_any([])).exists()


def test_descendants_q_leaves_the_root_out():
    sql, params = _sql(tree.descendants_q("13.02"))
    assert " = " not in sql.split("WHERE", 1)[1]
    assert params[:1] == ("13.02.%",)


@pytest.fixture
def all_codes(db):
    return list(Region.objects.values_list("code", flat=True))


def _root_choices(all_codes):
    # Real codes, plus bare string prefixes of them that are no node (`13.0`, `13.02.0`).
    return st.sampled_from(all_codes) | st.sampled_from(all_codes).map(lambda c: c[:-1]) | st.none()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_subtree_q_matches_exactly_the_rows_within(all_codes, data):
    root = data.draw(_root_choices(all_codes))
    found = set(Region.objects.filter(tree.subtree_q(root)).values_list("code", flat=True))
    assert found == {c for c in all_codes if tree.within(c, root)}
    if root is not None:
        strictly = set(Region.objects.filter(tree.descendants_q(root)).values_list("code", flat=True))
        assert strictly == {c for c in all_codes if tree.below(c, root)}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_subtree_q_any_through_a_relation(all_codes, data):
    """Over a related code (`parent__code`): the rows whose parent lies within any of the roots."""
    some = data.draw(st.lists(_root_choices(all_codes), max_size=3))
    found = set(Region.objects.filter(tree.subtree_q_any(some, "parent__code")).values_list("code", flat=True))
    expected = {c for c in all_codes if (p := tree.parent(c)) is not None and tree.covers(some, p)}
    if None in some:
        expected = set(all_codes)
    assert found == expected
