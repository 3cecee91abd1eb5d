import inspect
import subprocess
import sys

import pytest

from shared.storage import TenantModel, tenant_key


def test_keys_begin_with_the_tenant():
    assert tenant_key("t_1", "PROGRAMME") == "t_1#PROGRAMME"


@pytest.mark.parametrize("bad", ["", "t#1", "t 1", None])
def test_no_key_without_a_proper_tenant(bad):
    with pytest.raises(ValueError):
        tenant_key(bad, "PROGRAMME")


def test_every_tenant_helper_takes_the_tenant_first():
    for name in ("new_in", "get_in", "query_in"):
        params = list(inspect.signature(getattr(TenantModel, name)).parameters)
        assert params[0] == "tenant_id", name


def test_storage_does_not_pull_the_event_consumer_into_api_functions():
    # The consumer imports Powertools' batch and parser modules (~76 ms); an API function has no use for them.
    probe = (
        "import sys, shared.storage; "
        "heavy = {'shared.events.consumer', 'aws_lambda_powertools.utilities.batch'} & set(sys.modules); "
        "print(sorted(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
