"""A programme's peer-exchange board (seed 002: mentors take time "for other mentors, to exchange
practices and discuss situations"). Its mentors read and write, matched or not: sessions keeps every
accepted participant (ParticipantAccepted), so a mentor still in training or unmatched is known. The
municipality's trainers accompany mentors' learning (000) and its managers are inside the circle of
confidentiality (DOMAIN.md), so both read and write too. Mentees never; another municipality: 404."""

from __future__ import annotations

from datetime import UTC, datetime

from services.sessions.logic.common import keyed_id, new_id, same_again
from services.sessions.logic.ports import SessionsRecords
from services.sessions.models import BoardRole, PeerPost, PeerReply
from services.sessions.schemas import PeerBoard, PeerPostView, PeerPostWrite, PeerReplyView
from shared.auth import Principal, Role
from shared.errors import Forbidden, NotFound

_RULE = "programme_mentors_trainers_managers"


def board_role(principal: Principal, programme_id: str, store: SessionsRecords) -> BoardRole:
    """The caller's part on the board: 404 for a programme not of their municipality, 403 for anyone not
    a mentor of the programme, a trainer or a manager."""
    principal.require(Role.MANAGER, Role.TRAINER, Role.MENTOR, Role.MENTEE)
    tenant_id = principal.require_tenant()
    if store.programme(tenant_id, programme_id) is None:
        raise NotFound("No such programme.")
    if principal.has(Role.MANAGER):
        return "manager"
    if principal.has(Role.TRAINER):
        return "trainer"
    mentor_here = any(
        p.programme_id == programme_id and p.role == "mentor"
        for p in store.participants_of(tenant_id, principal.person_id or "")
    )
    if principal.has(Role.MENTOR) and mentor_here:
        return "mentor"
    raise Forbidden("The board is for the programme's mentors, trainers and managers.", rule=_RULE)


def read_board(principal: Principal, programme_id: str, store: SessionsRecords) -> PeerBoard:
    board_role(principal, programme_id, store)
    posts = store.peer_posts(principal.require_tenant(), programme_id)
    posts.sort(key=lambda p: p.written_at, reverse=True)
    return PeerBoard(programme_id=programme_id, posts=[shown(p, principal) for p in posts])


def shown(post: PeerPost, principal: Principal) -> PeerPostView:
    """A post as the board shows it: the writer's part, never their id (no mentor learns who another
    mentor is from the board)."""
    me = principal.person_id or None
    replies = [
        PeerReplyView(
            reply_id=r.reply_id,
            author_role=r.author_role,
            mine=r.author_id == me,
            text=r.text,
            written_at=r.written_at,
        )
        for r in post.replies
    ]
    return PeerPostView(
        post_id=post.post_id,
        author_role=post.author_role,
        mine=post.author_id == me,
        title=post.title,
        text=post.text,
        written_at=post.written_at,
        replies=replies,
    )


def write_to_board(
    principal: Principal,
    programme_id: str,
    body: PeerPostWrite,
    store: SessionsRecords,
    *,
    idempotency_key: str | None = None,
) -> PeerPostView:
    """A new post, or with `reply_to` a reply under that post (the post with its replies comes back).
    With an Idempotency-Key, a retry finds what the first request wrote and adds nothing."""
    role = board_role(principal, programme_id, store)
    tenant_id = principal.require_tenant()
    now = datetime.now(UTC)
    author = principal.person_id or ""
    if body.reply_to is None:
        keyed = keyed_id("pst", principal, idempotency_key)
        if keyed and (earlier := store.peer_post(tenant_id, programme_id, keyed)):
            same_again(
                (earlier.author_id, earlier.title, earlier.text) == (author, body.title or "", body.text)
            )
            return shown(earlier, principal)
        post = PeerPost(
            post_id=keyed or new_id("pst"),
            programme_id=programme_id,
            author_id=author,
            author_role=role,
            title=body.title or "",
            text=body.text,
            written_at=now,
        )
        return shown(store.save_peer_post(tenant_id, post), principal)
    known = store.peer_post(tenant_id, programme_id, body.reply_to)
    if known is None:
        raise NotFound("No such post on this board.")
    keyed = keyed_id("rpl", principal, idempotency_key)
    if keyed and (replied := next((r for r in known.replies if r.reply_id == keyed), None)):
        same_again((replied.author_id, replied.text) == (author, body.text))
        return shown(known, principal)
    reply = PeerReply(
        reply_id=keyed or new_id("rpl"), author_id=author, author_role=role, text=body.text, written_at=now
    )
    saved = store.save_peer_post(tenant_id, known.model_copy(update={"replies": [*known.replies, reply]}))
    return shown(saved, principal)
