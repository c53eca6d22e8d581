"""The one JSON shape of each network-area answer (API and the CLI's --json): paths,
reach, what a person adds, bridges and the graph view's data."""

from __future__ import annotations

import datetime as dt

from goodwill.api.schemas import In, Ref, Schema, dump_many
from goodwill.network.models import RelKind


class RelationshipOut(Schema):
    id: int
    person: Ref
    other: Ref
    kind: str
    strength: int
    since: dt.date | None
    source: str

    @staticmethod
    def resolve_person(obj) -> dict:
        return {"id": obj.src_id, "display_name": obj.src.display_name}

    @staticmethod
    def resolve_other(obj) -> dict:
        return {"id": obj.dst_id, "display_name": obj.dst.display_name}


# ---------------------------------------------------------------- network, cadence


class RelationshipIn(In):
    other: int
    kind: RelKind = RelKind.KNOWS
    strength: int = 3
    since: dt.date | None = None


class RelationshipUpdate(In):
    kind: RelKind = RelKind.KNOWS
    strength: int = 3
    since: dt.date | None = None


def _ref(person) -> dict:
    """Like schemas.ref, but your own record reads "You" on a path."""
    return {"id": person.pk, "display_name": "You" if person.is_me else person.display_name}


class TargetOut(Schema):
    kind: str  # person, organization, tag, offering
    label: str
    people: list[Ref]


class LinkOut(Schema):
    person: Ref
    other: Ref
    kind: str
    strength: int
    reason: str


class PathOut(Schema):
    hops: int
    weakest: int  # the weakest link's strength, 1-5
    people: list[Ref]  # you first, the target last
    links: list[LinkOut]


class PathsOut(Schema):
    target: TargetOut | None  # None when nothing was asked
    hops: int | None  # None: nobody you know connects to them
    known_directly: list[Ref]  # targets you know yourself
    paths: list[PathOut]


class ReachMonthOut(Schema):
    month: dt.date
    direct: int
    reachable: int
    new: int


class ReachOut(Schema):
    direct: int
    through_one_intro: int
    months: list[ReachMonthOut]


class PersonNetworkOut(Schema):
    person: Ref
    is_direct: bool
    adds: int  # people only they connect you to
    only_through: list[Ref]
    introduces: list[Ref]  # everyone they know whom you do not know directly
    mutual: list[Ref]  # people you both know
    dormant: bool  # a strong tie going quiet


class BridgeOut(Schema):
    person: Ref
    links: int
    cut_off: int  # people who would be apart from the largest group without them


class GraphNodeOut(Schema):
    id: int
    label: str
    ring: int  # 0 you, 1 known directly, 2 one introduction away, 3 further
    group: str
    url: str
    degree: int = 0


class GraphOut(Schema):
    nodes: list[GraphNodeOut]
    edges: list[list[int]]
    groups: list[str]
    total: int
    shown: int


def paths_dict(answer) -> dict:
    if answer is None:
        return {"target": None, "hops": None, "known_directly": [], "paths": []}
    paths = [
        {
            "hops": p.hops,
            "weakest": p.weakest,
            "people": [_ref(x) for x in p.people],
            "links": [
                {
                    "person": _ref(link.a),
                    "other": _ref(link.b),
                    "kind": link.kind,
                    "strength": link.strength,
                    "reason": link.reason,
                }
                for link in p.links
            ],
        }
        for p in answer.paths
    ]
    data = {
        "target": {
            "kind": answer.target.kind,
            "label": answer.target.label,
            "people": [_ref(p) for p in answer.target.people],
        },
        "hops": answer.hops,
        "known_directly": [_ref(p) for p in answer.direct],
        "paths": paths,
    }
    return PathsOut.model_validate(data).model_dump(mode="json")


def reach_dict(reach) -> dict:
    months = [
        {"month": m.start, "direct": m.direct, "reachable": m.reach, "new": m.new}
        for m in reach.months
    ]
    data = {"direct": reach.direct, "through_one_intro": reach.through_one_intro}
    return ReachOut.model_validate({**data, "months": months}).model_dump(mode="json")


def person_network_dict(person, pn) -> dict:
    data = {
        "person": _ref(person),
        "is_direct": bool(pn and pn.is_direct),
        "adds": pn.adds if pn else 0,
        "only_through": [_ref(p) for p in pn.only_through] if pn else [],
        "introduces": [_ref(p) for p in pn.introduces] if pn else [],
        "mutual": [_ref(p) for p in pn.mutual] if pn else [],
        "dormant": bool(pn and pn.dormant),
    }
    return PersonNetworkOut.model_validate(data).model_dump(mode="json")


def bridges_list(overview: dict) -> list[dict]:
    return [
        BridgeOut.model_validate(
            {"person": _ref(r.person), "links": r.links, "cut_off": r.cut_off}
        ).model_dump(mode="json")
        for r in overview["bridges"]
    ]


def person_page_json(parts: dict) -> dict:
    """The relationships section of `goodwill person show --json`."""
    return {"relationships": dump_many(RelationshipOut, parts["relationships"])}
