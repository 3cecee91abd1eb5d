"""The events function's queue carries the bus's events and SES feedback: each goes to its own handler,
and a failing record is retried alone."""

from __future__ import annotations

import json

from services.notifications.people.feedback import ses_notification, with_feedback

BOUNCE = {"notificationType": "Bounce", "bounce": {"bounceType": "Permanent"}, "mail": {"messageId": "m1"}}
EVENT = {"version": "0", "detail-type": "ContactDetailsRecorded", "source": "tandem.intake", "detail": {}}


def _records(*bodies):
    return {
        "Records": [
            {"messageId": f"r{i}", "body": json.dumps(b), "eventSource": "aws:sqs", "attributes": {}}
            for i, b in enumerate(bodies)
        ]
    }


def test_raw_and_enveloped_ses_notifications_are_read_and_events_are_not():
    assert ses_notification(json.dumps(BOUNCE)) == BOUNCE
    sns = {"Type": "Notification", "Message": json.dumps({**BOUNCE, "eventType": "Bounce"})}
    assert ses_notification(json.dumps(sns))["mail"] == {"messageId": "m1"}
    assert ses_notification(json.dumps(EVENT)) is None
    assert ses_notification("not json") is None


def test_each_record_goes_to_its_handler_and_only_the_failing_one_is_retried():
    events, feedback = [], []

    def on_event(record):
        events.append(record.body)
        raise RuntimeError("not yet known")

    handler = with_feedback(on_event, feedback.append)
    answer = handler(_records(BOUNCE, EVENT), None)
    assert feedback == [BOUNCE] and len(events) == 1
    assert answer == {"batchItemFailures": [{"itemIdentifier": "r1"}]}
