"""locking: optimistic-locking version counter on role profiles

Resources, providers, pathway templates and pathways got their ``version_id`` columns in
their own revisions; role profiles (from ``0001``) get theirs here. Existing rows start at 1.

Revision ID: 0006
Revises: 0001
Create Date: 2026-11-25 17:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('role_profile', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('version_id', sa.Integer(), nullable=False, server_default='1')
        )


def downgrade():
    with op.batch_alter_table('role_profile', schema=None) as batch_op:
        batch_op.drop_column('version_id')
