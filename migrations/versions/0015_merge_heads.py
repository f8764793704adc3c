"""Join the three branches that grew from 0011 (sign-in, fast pages, harvesting).

Revision ID: 0015
Revises: 0012, 0013, 0014
"""

# revision identifiers, used by Alembic.
revision = '0015'
down_revision = ('0012', '0013', '0014')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
