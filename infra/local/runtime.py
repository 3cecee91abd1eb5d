"""The whole of Tandem on this machine: moto, the services' handlers, the HTTP front, pollers and clock."""

from __future__ import annotations

import email
import email.policy
import importlib
import json
import threading
from datetime import UTC, datetime, timedelta
from http.server import ThreadingHTTPServer
from pkgutil import resolve_name
from typing import Any

import boto3

from infra.local import cloud as local_cloud
from infra.local.authorizer import TokenVerifier, moto_jwks
from infra.local.clock import SchedulerClock
from infra.local.delivery import QueuePoller, wait_until_idle
from infra.local.faults import Faults
from infra.local.front import ApiFront, HttpResult, lambda_context, request_handler
from infra.local.limits import RateLimiter
from infra.local.local_routes import local_routes
from infra.local.partners import LocalPartnerDelivery
from infra.local.passwordless import LocalPasswordless
from infra.local.relay import OutboxRelay
from infra.local.router import Router
from infra.local.seed import ADMIN_EMAIL, seed_all
from shared.auth import Role
from shared.manifest import ServiceSpec, load_services
from shared.web import identity

# ADMIN_EMAIL is defined in infra.local.seed; older tests still import it from here.
__all__ = ["ADMIN_EMAIL", "LocalRuntime"]

LOCAL_PASSWORD = "Local-Only-Passw0rd!"  # noqa: S105 - sets every local account's password for /local/token


def _attribute(user: Any, name: str) -> str:
    return next((str(a["Value"]) for a in user.get("Attributes", []) if a["Name"] == name), "")


def _raw(message: Any) -> dict[str, Any]:
    """A raw MIME e-mail (one with an attachment, e.g. a session's .ics) shown as the simple ones are,
    with its attachments' names, types and text."""
    parsed = email.message_from_string(message.raw_data, policy=email.policy.default)
    body = parsed.get_body(preferencelist=("plain",))
    html = parsed.get_body(preferencelist=("html",))
    attachments = [
        {
            "filename": part.get_filename(),
            "content_type": part.get_content_type(),
            "content": str(part.get_content()),
        }
        for part in parsed.iter_attachments()
    ]
    return {
        "message_id": message.id,
        "from": message.source,
        "to": list(message.destinations),
        "subject": str(parsed["Subject"] or ""),
        "body": body.get_content() if body is not None else None,
        "attachments": attachments,
        # What a mail program shows beyond the text: the HTML part, the sender's name, one-click unsubscribe.
        "html": html.get_content() if html is not None else None,
        "from_header": str(parsed["From"] or ""),
        "list_unsubscribe": str(parsed["List-Unsubscribe"]) if parsed["List-Unsubscribe"] else None,
    }


def _api_entry(spec: ServiceSpec) -> Any:
    """The service's functions behind one entry, picked by the route as API Gateway would (public or API)."""
    handlers = {h: resolve_name(h) for h in (spec.api_handler, spec.public_api_handler) if h}

    def entry(event: dict[str, Any], context: Any) -> Any:
        handler = spec.handler_for(str(event.get("resource") or event.get("path") or ""))
        assert handler is not None  # a spec with routes has an api_handler (infra/cloud checks it too)
        return handlers[handler](event, context)

    return entry


class _Server(ThreadingHTTPServer):
    # The standard library listens with a backlog of 5: two hundred clients connecting at once had their
    # connections reset before a thread could take them (the load bench counted 58). The kernel caps it
    # at net.core.somaxconn.
    request_queue_size = 1024


class LocalRuntime:
    def __init__(
        self, *, host: str = "127.0.0.1", port: int = 8000, seed: bool = True, idle_sleep: float = 0.05
    ) -> None:
        self.host = host
        self.requested_port = port
        self.seed_demo = seed
        self.idle_sleep = idle_sleep
        self.lock = threading.RLock()
        self.specs: list[ServiceSpec] = load_services()
        self.pollers: list[QueuePoller] = []
        self.clock = SchedulerClock(self.lock)
        self._server: ThreadingHTTPServer | None = None
        self._threads: list[threading.Thread] = []
        self._stop = threading.Event()
        self.seeded: dict[str, Any] = {}

    # --- life cycle ---
    def start(self) -> LocalRuntime:
        self._server = _Server((self.host, self.requested_port), request_handler(self._front_proxy()))
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.url = f"http://{self.host}:{self.port}"
        # Under every AWS call from here on (moto's too): tests switch throttling and 5xx on and off.
        self.faults = Faults().install()
        self.cloud = local_cloud.start(self.specs, self.url)
        # Export links are signed and checked by this clock (services/intake/privacy/links.py); looked up
        # now, as the services' modules are (tests import them afresh before a runtime starts).
        links = importlib.import_module("services.intake.privacy.links")
        setattr(links, "LOCAL_CLOCK", self.clock.now)  # noqa: B010 - a module found at run time
        # The outbox's way to the bus (the cloud's stream → Pipe), for every service table.
        self.relay = OutboxRelay(
            sorted(v for k, v in self.cloud.environment.items() if k.endswith("_TABLE_NAME")),
            local_cloud.BUS,
            self.lock,
            idle_sleep=self.idle_sleep,
        )
        # Partner subscriptions' delivery, archive and replay (EventBridge's API destinations' stand-in).
        self.partners = LocalPartnerDelivery(self.lock).start()
        self._idp = boto3.client("cognito-idp")
        self.api_handlers = {s.name: _api_entry(s) for s in self.specs if s.api_handler}
        # Every function's resolver, for /openapi.json: the public function's routes are intake's too.
        self.apps = [
            (s.name, resolve_name(h.rsplit(".", 1)[0] + ".app"))
            for s in self.specs
            for h in (s.api_handler, s.public_api_handler)
            if h
        ]
        issuer = f"https://cognito-idp.{local_cloud.REGION}.amazonaws.com/{self.cloud.user_pool_id}"
        self.verifier = TokenVerifier(moto_jwks(), issuer=issuer, audience=self.cloud.client_id)
        # The one stand-in for a Cognito feature moto lacks: e-mail one-time codes (passwordless.py).
        identity.use(
            LocalPasswordless(
                user_pool_id=self.cloud.user_pool_id,
                client_id=self.cloud.client_id,
                sender=local_cloud.SENDER,
                region=local_cloud.REGION,
                account=local_cloud.ACCOUNT,
            )
        )
        self.limiter = RateLimiter()
        self.front = ApiFront(
            Router(self.specs), self.api_handlers, self.verifier, self.lock, local_routes(self), self.limiter
        )
        for spec in self.specs:
            if spec.events_handler and spec.name in self.cloud.queues:
                poller = QueuePoller(
                    self.cloud.queues[spec.name],
                    resolve_name(spec.events_handler),
                    self.lock,
                    lambda_context,
                    idle_sleep=self.idle_sleep,
                )
                self.pollers.append(poller)
            if spec.routes_partner_events and spec.events_handler:
                # The partners' dead letters go to the same events function, as the cloud's mapping sends
                # them (services/notifications/partners/dead_letters.py records each).
                dead_letters = self.partners.dead_letter_queue(spec)
                self.pollers.append(
                    QueuePoller(
                        dead_letters,
                        resolve_name(spec.events_handler),
                        self.lock,
                        lambda_context,
                        idle_sleep=self.idle_sleep,
                    )
                )
        self._seed_admin()
        self.relay.start()
        for poller in self.pollers:
            poller.start()
        self._spawn("http", self._server.serve_forever)
        self._spawn("clock", self._clock_loop)
        if self.seed_demo:
            self.seeded = seed_all(self, self.specs)
        return self

    def stop(self) -> None:
        self._stop.set()
        for poller in self.pollers:
            poller.stop()
        self.relay.stop()
        self.faults.uninstall()
        self.partners.stop()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        identity.use(None)
        self.cloud.stop()

    def __enter__(self) -> LocalRuntime:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _spawn(self, name: str, target: Any) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def _clock_loop(self) -> None:
        while not self._stop.wait(1.0):
            self.clock.tick()

    def _front_proxy(self) -> Any:
        # The server is bound before the front exists (the port goes into the environment); requests
        # arriving before start() finishes wait on the lock the seed holds.
        runtime = self

        class _Proxy:
            def invoke(self, *args: Any, **kwargs: Any) -> HttpResult:
                return runtime.front.invoke(*args, **kwargs)

        return _Proxy()

    # --- what tests, the seed and benchmarks use ---
    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        token: str | None = None,
        headers: dict[str, str] | None = None,
        source_ip: str = "in-process",
    ) -> tuple[int, Any]:
        """An in-process request through the same front as HTTP (no socket)."""
        all_headers = {"Content-Type": "application/json", **(headers or {})}
        if token:
            all_headers["Authorization"] = f"Bearer {token}"
        raw = json.dumps(body).encode() if body is not None else b""
        result = self.front.invoke(method, path, all_headers, raw, source_ip)
        try:
            return result.status, json.loads(result.body) if result.body else None
        except ValueError:
            return result.status, result.body.decode()

    @property
    def user_pool_id(self) -> str:
        return self.cloud.user_pool_id

    def token(self, email: str, tenant: str | None = None) -> str:
        """An id token for the account with this e-mail; `tenant` (id or slug) picks one of several."""
        with self.lock:
            username = self._username(email, tenant)
            self._idp.admin_set_user_password(
                UserPoolId=self.cloud.user_pool_id, Username=username, Password=LOCAL_PASSWORD, Permanent=True
            )
            auth = self._idp.admin_initiate_auth(
                UserPoolId=self.cloud.user_pool_id,
                ClientId=self.cloud.client_id,
                AuthFlow="ADMIN_USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": username, "PASSWORD": LOCAL_PASSWORD},
            )
        return str(auth["AuthenticationResult"]["IdToken"])

    def _username(self, email: str, tenant: str | None) -> str:
        """Accounts are per municipality, so one e-mail may have several; raises LookupError if not one."""
        pool = self.cloud.user_pool_id
        found = self._idp.list_users(UserPoolId=pool, Filter=f'email = "{email.strip()}"')["Users"]
        if tenant is not None:
            from services.intake.store import IntakeStore  # the slug registry lives in intake's table

            by_slug = IntakeStore().tenant_by_slug(tenant)
            wanted = {tenant, by_slug.tenant_id if by_slug else tenant}
            found = [u for u in found if _attribute(u, "custom:tenant_id") in wanted]
        if len(found) != 1:
            raise LookupError(f"{len(found)} accounts match; name the municipality with 'tenant'")
        return str(found[0]["Username"])

    def wait_until_idle(self, timeout: float = 30.0) -> None:
        # An upper bound only (it returns as soon as the queues are empty): on a busy 2-core machine the
        # seed's and the tests' waits took longer than 10 s and failed though nothing was wrong.
        wait_until_idle(self.pollers, timeout, relay=self.relay)

    def dead_letters(self) -> dict[str, Any]:
        """Each queue's DLQ count, and the alarm the cloud raises on any (infra/cloud/service.py)."""
        with self.lock:
            counts = {p.queues.service.name: p.dead_letter_count() for p in self.pollers if p.queues.dlq_url}
        return {"alarm": "ALARM" if any(counts.values()) else "OK", "queues": counts}

    def redrive(self) -> dict[str, int]:
        """Moves every DLQ's messages back to their queue (the cloud: `aws sqs start-message-move-task`)."""
        with self.lock:
            return {p.queues.service.name: p.redrive() for p in self.pollers if p.queues.dlq_url}

    def relay_state(self) -> dict[str, Any]:
        return {
            "pending": self.relay.backlog(),
            "relayed": len(self.relay.relayed),
            "refusals": self.relay.refusals,
            "faults": self.faults.describe(),
        }

    def now(self) -> datetime:
        """The runtime's time: the scheduler clock's (tests move it on; export links expire by it)."""
        return self.clock.now()

    def advance_clock(self, delta: timedelta) -> int:
        return self.clock.advance(delta)

    def sms_receipt(self, message_id: str, status: str) -> None:
        """The SMS fake's delivery receipt: SNS's delivery-status log record, delivered as CloudWatch Logs'
        subscription filter delivers it in the cloud, to the function that sends SMS (notifications)."""
        from services.notifications.people.receipts import log_batch

        record = {
            "notification": {"messageId": message_id, "timestamp": datetime.now(UTC).isoformat()},
            "delivery": {"destination": "+000", "smsType": "Transactional", "providerResponse": "local"},
            "status": status,
        }
        spec = next(s for s in self.specs if s.sends_sms and s.events_handler)
        assert spec.events_handler is not None
        with self.lock:
            resolve_name(spec.events_handler)(log_batch([record]), lambda_context(spec.name))

    def outbox(self) -> dict[str, list[dict[str, Any]]]:
        from moto.ses.models import ses_backends
        from moto.sns.models import sns_backends

        with self.lock:
            ses = ses_backends[local_cloud.ACCOUNT][local_cloud.REGION]
            sns = sns_backends[local_cloud.ACCOUNT][local_cloud.REGION]
            emails = [
                _raw(m)
                if hasattr(m, "raw_data")
                else {
                    "message_id": m.id,
                    "from": m.source,
                    "to": m.destinations.get("ToAddresses", []),
                    "subject": getattr(m, "subject", None),
                    "body": getattr(m, "body", None),
                }
                for m in ses.sent_messages
            ]
            sms = [{"message_id": k, "to": v[0], "body": v[1]} for k, v in sns.sms_messages.items()]
        return {"emails": emails, "sms": sms}

    def openapi(self) -> dict[str, Any]:
        # One place builds and completes the document, for this route and for docs/openapi.json.
        from shared.openapi import merged_openapi

        return merged_openapi(self.apps, self.url)

    def _seed_admin(self) -> None:
        self._idp.admin_create_user(
            UserPoolId=self.cloud.user_pool_id,
            Username=ADMIN_EMAIL,
            MessageAction="SUPPRESS",
            UserAttributes=[
                {"Name": "email", "Value": ADMIN_EMAIL},
                {"Name": "email_verified", "Value": "true"},
                {"Name": "given_name", "Value": "Network"},
                {"Name": "family_name", "Value": "Admin"},
            ],
        )
        self._idp.admin_add_user_to_group(
            UserPoolId=self.cloud.user_pool_id, Username=ADMIN_EMAIL, GroupName=Role.ADMIN.value
        )
