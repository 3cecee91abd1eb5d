"""Sessions' rules, one module per use case, over the ports in `ports.py`.

Plain Python over pydantic models; the table and the bus come in as arguments.
"""

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
