"""The five services. Every handler module is imported through this package, so it is where powertools'
re-exporting packages are made lazy, before any handler imports them (`shared.lazy.lazy_package`)."""

from shared.lazy import lazy_powertools

lazy_powertools()
