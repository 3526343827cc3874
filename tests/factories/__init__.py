"""factory_boy factories. One module per app; everything is re-exported here."""

from tests.factories.nucleo import *  # noqa: F403
