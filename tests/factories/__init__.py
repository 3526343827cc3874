"""factory_boy factories. One module per app; everything is re-exported here."""

from tests.factories.convenios import *  # noqa: F403
from tests.factories.empresas import *  # noqa: F403
from tests.factories.informes import *  # noqa: F403
from tests.factories.mesas import *  # noqa: F403
from tests.factories.nucleo import *  # noqa: F403
from tests.factories.omil import *  # noqa: F403
