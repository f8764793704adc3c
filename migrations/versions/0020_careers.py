"""careers: role family versions and the opt-in to anonymous benchmarks

``role_family`` holds one row per version of a role family (its checked YAML document);
``benchmark_consent`` one row per learner who opted in to "people like me", deleted when
they revoke (or delete their account).

Revision ID: 0020
Revises: 0015
Create Date: 2026-12-07 14:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('role_family',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=128), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('framework_key', sa.String(length=64), nullable=False),
    sa.Column('document', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('bundled', sa.Boolean(), nullable=False),
    sa.Column('checksum', sa.String(length=64), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_role_family_created_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_role_family'))
    )
    with op.batch_alter_table('role_family', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_role_family_key'), ['key'], unique=False)

    op.create_table('benchmark_consent',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('career_stage', sa.String(length=32), nullable=False),
    sa.Column('institution_type', sa.String(length=32), nullable=False),
    sa.Column('family_key', sa.String(length=128), nullable=False),
    sa.Column('step_key', sa.String(length=128), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_benchmark_consent_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_benchmark_consent'))
    )


def downgrade():
    op.drop_table('benchmark_consent')
    with op.batch_alter_table('role_family', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_role_family_key'))
    op.drop_table('role_family')
