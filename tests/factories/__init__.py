"""factory_boy factories, one module per app; import them from ``tests.factories``."""

from tests.factories.accounts import *  # noqa: F403
from tests.factories.journal import *  # noqa: F403
from tests.factories.programs import *  # noqa: F403
from tests.factories.reminders import *  # noqa: F403
from tests.factories.safety import *  # noqa: F403
from tests.factories.workouts import *  # noqa: F403
