"""One API Gateway resource tree shared by all services.

Services own paths under a common parent (intake `/v1/programmes/{programme_id}`, matching
`/v1/programmes/{programme_id}/matching-runs`), so a resource is created once, by whichever service
reaches it first, and each path can be routed to one service only.
"""

from __future__ import annotations

import re

from aws_cdk import aws_apigateway as apigw
from constructs import Construct


class ResourceTree:
    def __init__(self, root: apigw.IResource, scope: Construct) -> None:
        """Resources hang from `root`; their constructs (and their methods) are made in `scope`, a nested
        stack, so the API's routes count against its 500 resources, not the deployment's."""
        self._resources: dict[str, apigw.IResource] = {"": root}
        self._owners: dict[str, str] = {}
        self._scope = scope

    def claim(self, path: str, service: str) -> apigw.IResource:
        """The resource for `path`, reserved for `service`'s method."""
        owner = self._owners.get(path)
        if owner is not None:
            raise ValueError(f"route {path} is declared by both {owner} and {service}")
        self._owners[path] = service
        return self._resource(path)

    def _resource(self, path: str) -> apigw.IResource:
        current = ""
        for segment in (s for s in path.split("/") if s):
            parent_path, current = current, f"{current}/{segment}"
            if current not in self._resources:
                self._check_siblings(parent_path, segment)
                self._resources[current] = apigw.Resource(
                    self._scope,
                    _construct_id(current),
                    parent=self._resources[parent_path],
                    path_part=segment,
                )
        return self._resources[current]

    def _check_siblings(self, parent_path: str, segment: str) -> None:
        # API Gateway allows one variable segment per level; two would be rejected only at deploy time.
        if not segment.startswith("{"):
            return
        prefix = f"{parent_path}/"
        for existing in self._resources:
            rest = existing.removeprefix(prefix)
            if existing.startswith(prefix) and "/" not in rest and rest.startswith("{") and rest != segment:
                raise ValueError(
                    f"{prefix}{segment} and {existing}: one level can hold only one path variable"
                )


def _construct_id(path: str) -> str:
    """`/v1/programmes/{programme_id}` → `v1-programmes-programme_id`: one id per path, stable."""
    return "-".join(re.sub(r"[^A-Za-z0-9_+-]", "", segment) for segment in path.split("/") if segment)
