"""The by-parent index: the items of one kind under one parent (a programme's applications, its matches).

Every service table that lists children declares the same global index in its manifest:
`GlobalIndex(name="by_programme", partition_key="gsi1pk", sort_key="gsi1sk")`.
"""

from __future__ import annotations

from typing import Any, Self

from pynamodb.attributes import UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.pagination import ResultIterator

from shared.storage.base import TenantModel, tenant_key
from shared.storage.pages import page_token, start_key

#: The index's name in every manifest (the parent of everything listed so far is a programme).
BY_PARENT_INDEX = "by_programme"
_INDEX_KEY = ("gsi1pk", "gsi1sk", "pk", "sk")


class ByParent(GlobalSecondaryIndex[Any]):
    """`gsi1pk = <tenant>#<KIND>#<parent>`, `gsi1sk` = the child's sort key."""

    class Meta:
        index_name = BY_PARENT_INDEX
        projection = AllProjection()

    gsi1pk = UnicodeAttribute(hash_key=True)
    gsi1sk = UnicodeAttribute(range_key=True)


class ChildItem(TenantModel):
    """An item also listed under its parent: create it with `new_under`, list it with `query_under`."""

    gsi1pk = UnicodeAttribute()
    gsi1sk = UnicodeAttribute()
    by_parent = ByParent()

    @classmethod
    def parent_key(cls, tenant_id: str, parent_id: str) -> str:
        return tenant_key(tenant_id, f"{cls.KIND}#{parent_id}")

    @classmethod
    def new_under(cls, tenant_id: str, parent_id: str, sk: str, **attributes: Any) -> Self:
        return cls.new_in(tenant_id, sk, gsi1pk=cls.parent_key(tenant_id, parent_id), gsi1sk=sk, **attributes)

    @classmethod
    def query_under(
        cls,
        tenant_id: str,
        parent_id: str,
        *,
        newest_first: bool = False,
        limit: int | None = None,
        start_after: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> ResultIterator[Self]:
        return cls.by_parent.query(
            cls.parent_key(tenant_id, parent_id),
            scan_index_forward=not newest_first,
            limit=limit,
            last_evaluated_key=start_after,
            **kwargs,
        )

    @classmethod
    def page_under(
        cls, tenant_id: str, parent_id: str, *, limit: int, next_token: str | None, **kwargs: Any
    ) -> tuple[list[Self], str | None]:
        """One page of the parent's children, and the next page's token (a foreign token: 422)."""
        partition = cls.parent_key(tenant_id, parent_id)
        after = start_key(next_token, partition=partition, key_attributes=_INDEX_KEY)
        results = cls.query_under(tenant_id, parent_id, limit=limit, start_after=after, **kwargs)
        return list(results), page_token(results.last_evaluated_key)
