"""curation: pathway templates, trainer consent and adjustments, tag and crosswalk queues

Resources and skills are referred to by key, not foreign key, so this branch needs only
``0001`` (users).

Revision ID: 0005
Revises: 0001
Create Date: 2026-11-25 16:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('trainer_consent',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('allowed', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_trainer_consent_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_trainer_consent'))
    )
    op.create_table('trainer_adjustment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('learner_id', sa.Integer(), nullable=False),
    sa.Column('trainer_id', sa.Integer(), nullable=True),
    sa.Column('resource_key', sa.String(length=128), nullable=False),
    sa.Column('action', sa.String(length=8), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('undone_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['learner_id'], ['user.id'], name=op.f('fk_trainer_adjustment_learner_id_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['trainer_id'], ['user.id'], name=op.f('fk_trainer_adjustment_trainer_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trainer_adjustment'))
    )
    with op.batch_alter_table('trainer_adjustment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trainer_adjustment_learner_id'), ['learner_id'], unique=False)

    op.create_table('pathway_template',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=128), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('profile_key', sa.String(length=128), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_pathway_template_created_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pathway_template')),
    sa.UniqueConstraint('key', 'version', name=op.f('uq_pathway_template_key_version'))
    )
    with op.batch_alter_table('pathway_template', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pathway_template_key'), ['key'], unique=False)
        batch_op.create_index(batch_op.f('ix_pathway_template_profile_key'), ['profile_key'], unique=False)

    op.create_table('pathway_template_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('template_id', sa.Integer(), nullable=False),
    sa.Column('resource_key', sa.String(length=128), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['template_id'], ['pathway_template.id'], name=op.f('fk_pathway_template_item_template_id_pathway_template'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pathway_template_item')),
    sa.UniqueConstraint('template_id', 'resource_key', name=op.f('uq_pathway_template_item_template_id_resource_key'))
    )
    op.create_table('tag_suggestion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('resource_key', sa.String(length=128), nullable=False),
    sa.Column('skill_key', sa.String(length=200), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('level', sa.Integer(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_tag_suggestion_decided_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tag_suggestion')),
    sa.UniqueConstraint('resource_key', 'skill_key', name=op.f('uq_tag_suggestion_resource_key_skill_key'))
    )
    with op.batch_alter_table('tag_suggestion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tag_suggestion_resource_key'), ['resource_key'], unique=False)

    op.create_table('crosswalk_mapping',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_key', sa.String(length=200), nullable=False),
    sa.Column('target_key', sa.String(length=200), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('relation', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_crosswalk_mapping_decided_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crosswalk_mapping')),
    sa.UniqueConstraint('source_key', 'target_key', name=op.f('uq_crosswalk_mapping_source_key_target_key'))
    )
    with op.batch_alter_table('crosswalk_mapping', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_crosswalk_mapping_source_key'), ['source_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_crosswalk_mapping_target_key'), ['target_key'], unique=False)


def downgrade():
    with op.batch_alter_table('crosswalk_mapping', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_crosswalk_mapping_target_key'))
        batch_op.drop_index(batch_op.f('ix_crosswalk_mapping_source_key'))
    op.drop_table('crosswalk_mapping')
    with op.batch_alter_table('tag_suggestion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tag_suggestion_resource_key'))
    op.drop_table('tag_suggestion')
    op.drop_table('pathway_template_item')
    with op.batch_alter_table('pathway_template', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pathway_template_profile_key'))
        batch_op.drop_index(batch_op.f('ix_pathway_template_key'))
    op.drop_table('pathway_template')
    with op.batch_alter_table('trainer_adjustment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trainer_adjustment_learner_id'))
    op.drop_table('trainer_adjustment')
    op.drop_table('trainer_consent')
