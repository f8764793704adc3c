"""fast pages: cache version stamps and the indexes the pages' queries need

``cache_version`` holds one counter per kind of cached data (catalogue, frameworks),
bumped in the same transaction as every change to it (webapp.core.caching), so caches
shared by several app servers are keyed by what the database holds. Indexes: ratings by
(user, skill) and (assessment, skill) for current levels and team views; assessments by
(user, status) for "my submitted assessments"; pathways by user.

Revision ID: 0013
Revises: 0011
Create Date: 2026-12-06 23:00:00

"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table('cache_version',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_cache_version'))
    )
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    op.bulk_insert(table, [{'name': name, 'version': 1, 'changed_at': now}
                           for name in ('catalogue', 'frameworks')])
    op.create_index('ix_rating_user_skill', 'rating', ['user_id', 'skill_id'], unique=False)
    op.create_index('ix_rating_assessment_skill', 'rating', ['assessment_id', 'skill_id'], unique=False)
    op.create_index('ix_assessment_user_status', 'assessment', ['user_id', 'status'], unique=False)


def downgrade():
    op.drop_index('ix_assessment_user_status', table_name='assessment')
    op.drop_index('ix_rating_assessment_skill', table_name='rating')
    op.drop_index('ix_rating_user_skill', table_name='rating')
    op.drop_table('cache_version')
