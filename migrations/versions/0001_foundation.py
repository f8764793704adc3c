"""foundation

Revision ID: 0001
Revises: 
Create Date: 2026-11-25 16:08:23.711336

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    
    op.create_table('framework',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('version', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('source_url', sa.String(length=500), nullable=False),
    sa.Column('licence', sa.String(length=100), nullable=False),
    sa.Column('retrieved', sa.String(length=32), nullable=False),
    sa.Column('attribution', sa.Text(), nullable=False),
    sa.Column('levels', sa.JSON(), nullable=False),
    sa.Column('tools', sa.JSON(), nullable=False),
    sa.Column('checksum', sa.String(length=64), nullable=False),
    sa.Column('is_current', sa.Boolean(), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_framework')),
    sa.UniqueConstraint('key', 'version', name=op.f('uq_framework_key_version'))
    )
    with op.batch_alter_table('framework', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_framework_key'), ['key'], unique=False)

    op.create_table('user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('contract_type', sa.String(length=32), nullable=False),
    sa.Column('institution', sa.String(length=200), nullable=False),
    sa.Column('region', sa.String(length=16), nullable=False),
    sa.Column('career_stage', sa.String(length=32), nullable=False),
    sa.Column('session_token', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user')),
    sa.UniqueConstraint('email', name=op.f('uq_user_email'))
    )
    op.create_table('assessment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('framework_id', sa.Integer(), nullable=False),
    sa.Column('all_skills', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('last_page', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['framework_id'], ['framework.id'], name=op.f('fk_assessment_framework_id_framework'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_assessment_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment'))
    )
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessment_user_id'), ['user_id'], unique=False)

    op.create_table('framework_area',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('framework_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('key', sa.String(length=128), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('depth', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['framework_id'], ['framework.id'], name=op.f('fk_framework_area_framework_id_framework'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['parent_id'], ['framework_area.id'], name=op.f('fk_framework_area_parent_id_framework_area'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_framework_area')),
    sa.UniqueConstraint('framework_id', 'key', name=op.f('uq_framework_area_framework_id_key'))
    )
    op.create_table('password_reset',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_password_reset_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_password_reset')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_password_reset_token_hash'))
    )
    op.create_table('role_profile',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=128), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('provenance', sa.Text(), nullable=False),
    sa.Column('source_url', sa.String(length=500), nullable=False),
    sa.Column('licence', sa.String(length=100), nullable=False),
    sa.Column('framework_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('bundled', sa.Boolean(), nullable=False),
    sa.Column('checksum', sa.String(length=64), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_role_profile_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['framework_id'], ['framework.id'], name=op.f('fk_role_profile_framework_id_framework'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_role_profile')),
    sa.UniqueConstraint('key', 'version', name=op.f('uq_role_profile_key_version'))
    )
    with op.batch_alter_table('role_profile', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_role_profile_key'), ['key'], unique=False)

    op.create_table('assessment_target',
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'], name=op.f('fk_assessment_target_assessment_id_assessment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['profile_id'], ['role_profile.id'], name=op.f('fk_assessment_target_profile_id_role_profile'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('assessment_id', 'profile_id', name=op.f('pk_assessment_target'))
    )
    op.create_table('skill',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('framework_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=128), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('path', sa.JSON(), nullable=False),
    sa.Column('related', sa.JSON(), nullable=False),
    sa.Column('prerequisites', sa.JSON(), nullable=False),
    sa.Column('tools', sa.JSON(), nullable=False),
    sa.Column('experiential', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['framework_area.id'], name=op.f('fk_skill_area_id_framework_area'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['framework_id'], ['framework.id'], name=op.f('fk_skill_framework_id_framework'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_skill')),
    sa.UniqueConstraint('framework_id', 'key', name=op.f('uq_skill_framework_id_key'))
    )
    op.create_table('rating',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=True),
    sa.Column('skill_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.Integer(), nullable=True),
    sa.Column('confidence', sa.String(length=8), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'], name=op.f('fk_rating_assessment_id_assessment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_rating_author_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['skill_id'], ['skill.id'], name=op.f('fk_rating_skill_id_skill'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_rating_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rating'))
    )
    with op.batch_alter_table('rating', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rating_assessment_id'), ['assessment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rating_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_rating_skill_id'), ['skill_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rating_user_id'), ['user_id'], unique=False)

    op.create_table('role_profile_target',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('skill_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['profile_id'], ['role_profile.id'], name=op.f('fk_role_profile_target_profile_id_role_profile'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['skill_id'], ['skill.id'], name=op.f('fk_role_profile_target_skill_id_skill'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_role_profile_target')),
    sa.UniqueConstraint('profile_id', 'skill_id', name=op.f('uq_role_profile_target_profile_id_skill_id'))
    )
    


def downgrade():
    
    op.drop_table('role_profile_target')
    with op.batch_alter_table('rating', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rating_user_id'))
        batch_op.drop_index(batch_op.f('ix_rating_skill_id'))
        batch_op.drop_index(batch_op.f('ix_rating_created_at'))
        batch_op.drop_index(batch_op.f('ix_rating_assessment_id'))

    op.drop_table('rating')
    op.drop_table('skill')
    op.drop_table('assessment_target')
    with op.batch_alter_table('role_profile', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_role_profile_key'))

    op.drop_table('role_profile')
    op.drop_table('password_reset')
    op.drop_table('framework_area')
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessment_user_id'))

    op.drop_table('assessment')
    op.drop_table('user')
    with op.batch_alter_table('framework', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_framework_key'))

    op.drop_table('framework')
    
