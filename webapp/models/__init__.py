"""SQLAlchemy models; importing this package registers every table on the metadata."""

from webapp.models.assessments import Assessment, Rating  # noqa: F401
from webapp.models.catalogue import (  # noqa: F401
    CourseInstanceRow,
    ProblemReport,
    ProviderRow,
    ResourceRow,
    ResourceSkill,
)
from webapp.models.curation import (  # noqa: F401
    CrosswalkMapping,
    PathwayTemplate,
    TagSuggestion,
    TemplateItem,
    TrainerAdjustment,
    TrainerConsent,
)
from webapp.models.frameworks import (  # noqa: F401
    AreaRow,
    FrameworkVersion,
    ProfileTarget,
    RoleProfileRow,
    SkillRow,
)
from webapp.models.pathways import PathwayRow, PathwayStep  # noqa: F401
from webapp.models.teams import (  # noqa: F401
    AccessRecord,
    Review,
    ReviewAction,
    Team,
    TeamInvitation,
    TeamMembership,
)
from webapp.models.users import PasswordReset, User  # noqa: F401
