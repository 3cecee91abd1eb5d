"""SES feedback in the cloud: the mail configuration set publishes deliveries, bounces and complaints to
one topic that only SES of this account may publish to, and notifications' queue (its events function)
receives them raw."""

from __future__ import annotations

from tests.infra import graph
from tests.infra.conftest import Synthesized


def test_the_configuration_set_tells_the_feedback_topic_of_deliveries_bounces_and_complaints(
    cloud: Synthesized,
):
    [destination] = graph.resources_of(cloud.template, "AWS::SES::ConfigurationSetEventDestination").values()
    props = destination["Properties"]["EventDestination"]
    assert sorted(props["MatchingEventTypes"]) == ["bounce", "complaint", "delivery"]
    [(topic_id, _topic)] = [
        (lid, r)
        for lid, r in graph.resources_of(cloud.template, "AWS::SNS::Topic").items()
        if "MailFeedback" in lid
    ]
    assert topic_id in graph.refs(props["SnsDestination"])
    policies = [
        s
        for p in graph.resources_of(cloud.template, "AWS::SNS::TopicPolicy").values()
        if topic_id in graph.refs(p["Properties"]["Topics"])
        for s in p["Properties"]["PolicyDocument"]["Statement"]
        if s["Effect"] == "Allow"
    ]
    [allowed] = policies
    assert allowed["Principal"] == {"Service": "ses.amazonaws.com"}
    assert "AWS:SourceArn" in allowed["Condition"]["StringEquals"]  # this configuration set only


def test_only_notifications_queue_receives_the_feedback_raw(cloud: Synthesized):
    feedback = [
        s["Properties"]
        for s in graph.resources_of(cloud.template, "AWS::SNS::Subscription").values()
        if any("MailFeedback" in ref for ref in graph.refs(s["Properties"]["TopicArn"]))
    ]
    [subscription] = feedback
    assert subscription["Protocol"] == "sqs" and subscription["RawMessageDelivery"] is True
    queues = {
        lid: graph.tandem(r) for lid, r in graph.resources_of(cloud.template, "AWS::SQS::Queue").items()
    }
    [queue] = [lid for lid in graph.refs(subscription["Endpoint"]) if lid in queues]
    assert queues[queue] == {"service": "notifications", "queue": "events"}


def test_sns_sms_delivery_status_logs_reach_notifications_events_function(cloud: Synthesized):
    groups = {
        lid: r["Properties"]["LogGroupName"]
        for lid, r in graph.resources_of(cloud.template, "AWS::Logs::LogGroup").items()
        if "Sms" in lid
    }
    assert len(groups) == 2  # delivered, and .../Failure
    filters = graph.resources_of(cloud.template, "AWS::Logs::SubscriptionFilter").values()
    for group_id in groups:
        [sent_to] = [
            f["Properties"] for f in filters if group_id in graph.refs(f["Properties"]["LogGroupName"])
        ]
        targets = graph.refs(sent_to["DestinationArn"])
        assert any("NotificationsEvents" in t for t in targets), targets
    outputs = cloud.template["Outputs"]
    assert any("SmsDeliveryStatusRoleArn" in name for name in outputs)
