"""In-memory fakes of the ports logic talks to, and builders of events, shared by every test.

Each fake keeps what it was given in plain attributes a test can assert on. A test that needs a fake not
here adds it here, not in its own file.
"""

from tests.fakes.directory import RecordingDirectory
from tests.fakes.events import metadata, programme_opened
from tests.fakes.idempotency import AnswerBook
from tests.fakes.publisher import RecordingPublisher

__all__ = ["AnswerBook", "RecordingDirectory", "RecordingPublisher", "metadata", "programme_opened"]
