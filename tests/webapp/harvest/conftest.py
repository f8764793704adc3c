from catalogue_helpers import sandbox  # noqa: F401
from harvest_helpers import harvesting  # noqa: F401
