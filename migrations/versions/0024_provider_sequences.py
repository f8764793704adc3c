"""provider sequences: a resource's place in a sequence its provider publishes

Revision ID: 0024
Revises: 0015
Create Date: 2026-12-07 23:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0024'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('resource') as batch_op:
        batch_op.add_column(sa.Column('part_of', sa.String(length=100), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('series_position', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('resource') as batch_op:
        batch_op.drop_column('series_position')
        batch_op.drop_column('part_of')
