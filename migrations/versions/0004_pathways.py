"""pathways: saved learning pathways and their steps

Steps keep the catalogue key and a snapshot of their resource instead of a foreign key, so
a pathway still shows after the catalogue changes; hence no dependency on ``0002``.

Revision ID: 0004
Revises: 0001
Create Date: 2026-11-25 16:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('pathway',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('targets', sa.JSON(), nullable=False),
    sa.Column('target_levels', sa.JSON(), nullable=False),
    sa.Column('constraints', sa.JSON(), nullable=False),
    sa.Column('eligibility', sa.JSON(), nullable=False),
    sa.Column('current_levels', sa.JSON(), nullable=False),
    sa.Column('excluded', sa.JSON(), nullable=False),
    sa.Column('recommended', sa.JSON(), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('generated_at', sa.DateTime(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_pathway_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pathway'))
    )
    with op.batch_alter_table('pathway', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pathway_user_id'), ['user_id'], unique=False)

    op.create_table('pathway_step',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pathway_id', sa.Integer(), nullable=False),
    sa.Column('resource_key', sa.String(length=128), nullable=False),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('stage', sa.Integer(), nullable=False),
    sa.Column('track', sa.String(length=8), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('pinned', sa.Boolean(), nullable=False),
    sa.Column('closes', sa.JSON(), nullable=False),
    sa.Column('why', sa.Text(), nullable=False),
    sa.Column('depends_on', sa.JSON(), nullable=False),
    sa.Column('alternatives', sa.JSON(), nullable=False),
    sa.Column('recommended_for', sa.String(length=200), nullable=False),
    sa.Column('status_changed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['pathway_id'], ['pathway.id'], name=op.f('fk_pathway_step_pathway_id_pathway'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pathway_step'))
    )
    with op.batch_alter_table('pathway_step', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pathway_step_pathway_id'), ['pathway_id'], unique=False)


def downgrade():
    with op.batch_alter_table('pathway_step', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pathway_step_pathway_id'))

    op.drop_table('pathway_step')
    with op.batch_alter_table('pathway', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pathway_user_id'))

    op.drop_table('pathway')
