"""Sessions' rules, one module per use case, over the ports in `ports.py`.

Plain Python over pydantic models; the table and the bus come in as arguments.

Each name is imported from its module when first used (shared/lazy.py): a cold start loads the use
cases its request calls, not all of them (issue 15).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shared.lazy import names_from

if TYPE_CHECKING:
    from services.sessions.logic.agreement import read_agreement, sign_agreement, write_agreement
    from services.sessions.logic.agreement_template import read_agreement_template, write_agreement_template
    from services.sessions.logic.calendar import member_calendar
    from services.sessions.logic.diary import add_remark, read_diary, write_diary
    from services.sessions.logic.feedback import give_feedback, read_feedback
    from services.sessions.logic.feeds import current_feed, feed_url, make_feed, person_feed, revoke_feed
    from services.sessions.logic.goals import read_goals, write_goals, write_group_goals
    from services.sessions.logic.peer_board import read_board, write_to_board
    from services.sessions.logic.plan import (
        change_session,
        list_sessions,
        notice_absence,
        plan_check,
        plan_session,
        record_attendance,
    )
    from services.sessions.logic.projections import (
        close_relationship,
        open_relationship,
        project_participant,
        project_programme,
    )
    from services.sessions.logic.reflection import read_reflection, reply_to_reflection, write_reflection
    from services.sessions.logic.work_plans import read_work_plan, read_work_plans, write_work_plan

#: Where each name lives.
WHERE = {
    "read_agreement": "agreement",
    "sign_agreement": "agreement",
    "write_agreement": "agreement",
    "read_agreement_template": "agreement_template",
    "write_agreement_template": "agreement_template",
    "member_calendar": "calendar",
    "add_remark": "diary",
    "read_diary": "diary",
    "write_diary": "diary",
    "give_feedback": "feedback",
    "read_feedback": "feedback",
    "current_feed": "feeds",
    "feed_url": "feeds",
    "make_feed": "feeds",
    "person_feed": "feeds",
    "revoke_feed": "feeds",
    "read_goals": "goals",
    "write_goals": "goals",
    "write_group_goals": "goals",
    "read_board": "peer_board",
    "write_to_board": "peer_board",
    "change_session": "plan",
    "list_sessions": "plan",
    "notice_absence": "plan",
    "plan_check": "plan",
    "plan_session": "plan",
    "record_attendance": "plan",
    "close_relationship": "projections",
    "open_relationship": "projections",
    "project_participant": "projections",
    "project_programme": "projections",
    "read_reflection": "reflection",
    "reply_to_reflection": "reflection",
    "write_reflection": "reflection",
    "read_work_plan": "work_plans",
    "read_work_plans": "work_plans",
    "write_work_plan": "work_plans",
}

__getattr__ = names_from(__name__, WHERE)

__all__ = [
    "add_remark",
    "change_session",
    "close_relationship",
    "current_feed",
    "feed_url",
    "give_feedback",
    "list_sessions",
    "make_feed",
    "member_calendar",
    "notice_absence",
    "open_relationship",
    "person_feed",
    "plan_check",
    "plan_session",
    "project_participant",
    "project_programme",
    "read_agreement",
    "read_agreement_template",
    "read_board",
    "read_diary",
    "read_feedback",
    "read_goals",
    "read_reflection",
    "read_work_plan",
    "read_work_plans",
    "record_attendance",
    "reply_to_reflection",
    "revoke_feed",
    "sign_agreement",
    "write_agreement",
    "write_agreement_template",
    "write_diary",
    "write_goals",
    "write_group_goals",
    "write_reflection",
    "write_to_board",
    "write_work_plan",
]
