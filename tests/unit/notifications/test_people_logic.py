"""Preferences (defaults from the consent, the municipality's languages), the one-click unsubscribe, the
delivery log a manager reads, and what SES feedback changes: a bounce marks the address and falls back
to SMS when the person allowed it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.notifications.models import TenantInfo
from services.notifications.people import logic
from services.notifications.people.dressing import unsubscribe_token
from services.notifications.people.schemas import PreferencesWrite
from shared.errors import Forbidden, NotFound, RuleViolation
from tests.fakes import metadata
from tests.fakes.notifications import FakeScheduler, FakeTexter, FlakyMailer, PeopleStore
from tests.fakes.notifications import contact as fake_contact
from tests.fakes.principals import signed_in

TOWN = TenantInfo(tenant_id="t_1", slug="demo", name="Stadt Demo", languages=["de", "en"])
NOON = datetime(2027, 3, 1, 11, 0, tzinfo=UTC)


def _store():
    mentee = fake_contact(
        "p_me", role="mentee", language="de", phone="+4915123456789", contact_email=False, contact_sms=True
    )
    return PeopleStore([mentee, fake_contact("p_mgr", role="manager", language="en")], [TOWN])


def mentee():
    return signed_in("u_me", "mentee", tenant_id="t_1", person_id="p_me")


def manager(tenant_id="t_1"):
    return signed_in("u_mgr", "manager", tenant_id=tenant_id, person_id="p_mgr")


def test_preferences_start_as_the_application_s_consent():
    prefs = logic.preferences(mentee(), _store())
    assert (prefs.email, prefs.sms, prefs.language, prefs.chosen) == (False, True, "de", False)
    assert prefs.sms_possible and prefs.languages == ["de", "en"]


def test_a_person_chooses_and_the_choice_is_what_is_read_back():
    store = _store()
    logic.set_preferences(mentee(), PreferencesWrite(email=True, sms=False, language="en"), store)
    prefs = logic.preferences(mentee(), store)
    assert (prefs.email, prefs.sms, prefs.language, prefs.chosen) == (True, False, "en", True)


def test_a_language_the_municipality_does_not_offer_is_refused_naming_language():
    with pytest.raises(RuleViolation) as refused:
        logic.set_preferences(mentee(), PreferencesWrite(email=True, sms=False, language="pl"), _store())
    assert refused.value.extensions["errors"][0]["field"] == "language"


def test_the_network_admin_has_no_preferences_here():
    with pytest.raises(Forbidden):
        logic.preferences(signed_in("u_admin", "admin"), _store())


def test_the_unsubscribe_link_turns_email_off_for_its_person_only_in_its_municipality():
    store = _store()
    store.save_preferences("t_1", "p_mgr", True, False, "en")
    token = unsubscribe_token(store.unsubscribe_key(), "t_1", "p_mgr")
    assert logic.unsubscribe("other-town", token, store) is None
    assert logic.unsubscribe("demo", token + "x", store) is None
    assert logic.unsubscribe("demo", token, store) is not None
    assert logic.preferences(manager(), store).email is False
    assert logic.preferences(mentee(), store).sms is True  # nobody else changed


def test_the_delivery_log_is_the_managers_masked_and_404_across_municipalities():
    store = _store()
    post = FlakyMailer()
    from services.notifications import logic as mail

    mail.send_email(
        metadata("ApplicationSubmitted"), store.contact("t_1", "p_me"), "application_received", store, post,
        transactional=True, programme_name="S", role="mentee", application_id="app_1",
    )  # fmt: skip
    log = logic.delivery_log(manager(), "p_me", store)
    [item] = log.items
    assert (item.channel, item.kind, item.status) == ("email", "application_received", "sent")
    assert item.to == "p***@e***.org"
    with pytest.raises(NotFound):
        logic.delivery_log(manager("t_2"), "p_me", store)
    with pytest.raises(Forbidden):
        logic.delivery_log(mentee(), "p_me", store)


def _sent_mail(store):
    from services.notifications import logic as mail

    return mail.send_email(
        metadata("ApplicationSubmitted"), store.contact("t_1", "p_me"), "application_received", store,
        FlakyMailer(), transactional=True, programme_name="S", role="mentee", application_id="app_1",
    )  # fmt: skip


def test_a_hard_bounce_marks_the_address_and_falls_back_to_sms_when_allowed():
    store, texter = _store(), FakeTexter()
    sent = _sent_mail(store)
    bounce = {"notificationType": "Bounce", "bounce": {"bounceType": "Permanent"}}
    bounce["mail"] = {"messageId": "m1"}
    logic.record_feedback(bounce, store, texter, FakeScheduler(), "https://t", now=NOON)
    assert store.contact("t_1", "p_me").email_bounced
    entries = {d.delivery_id: d for d in store.log_of("t_1", "p_me")}
    assert entries[sent.delivery_id].status == "bounced"
    [sms] = texter.sent
    assert sms.text.startswith("Stadt Demo: Wir konnten Ihnen keine E-Mail senden.")
    assert "https://t/app/demo/home" in sms.text
    fallback = entries[f"{sent.delivery_id}:fallback"]
    assert (fallback.channel, fallback.fallback, fallback.status) == ("sms", True, "sent")
    assert logic.delivery_log(manager(), "p_me", store).email_bounced


def test_a_soft_bounce_keeps_the_address_and_a_delivery_is_recorded():
    store = _store()
    sent = _sent_mail(store)
    soft = {"notificationType": "Bounce", "bounce": {"bounceType": "Transient"}, "mail": {"messageId": "m1"}}
    logic.record_feedback(soft, store, FakeTexter(), FakeScheduler(), "https://t", now=NOON)
    assert not store.contact("t_1", "p_me").email_bounced
    delivered = {"notificationType": "Delivery", "mail": {"messageId": "m1"}}
    logic.record_feedback(delivered, store, FakeTexter(), FakeScheduler(), "https://t", now=NOON)
    [entry] = store.log_of("t_1", "p_me")
    assert entry.delivery_id == sent.delivery_id and entry.status == "delivered"


def test_feedback_about_a_message_tandem_did_not_send_changes_nothing():
    store = _store()
    unknown = {"notificationType": "Bounce", "bounce": {"bounceType": "Permanent"}}
    unknown["mail"] = {"messageId": "x"}
    assert logic.record_feedback(unknown, store, FakeTexter(), FakeScheduler(), "https://t", now=NOON) is None
