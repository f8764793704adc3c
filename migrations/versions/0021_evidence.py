"""evidence: evidence items and the date a skill was last used, endorsements of ratings
made in reviews, issued Open Badges

Revision ID: 0021
Revises: 0015
Create Date: 2026-12-07 14:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021'
down_revision = '0015'
branch_labels = None
# Endorsements point at teams and reviews (0003), badges at pathways (0004): branches
# of their own, so they must be there first.
depends_on = ('0003', '0004')


def upgrade():
    op.create_table('evidence_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('skill_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('file_type', sa.String(length=64), nullable=False),
    sa.Column('file_size', sa.Integer(), nullable=False),
    sa.Column('stored_name', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_evidence_item_user_id_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['skill_id'], ['skill.id'], name=op.f('fk_evidence_item_skill_id_skill'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence_item'))
    )
    with op.batch_alter_table('evidence_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_item_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_item_skill_id'), ['skill_id'], unique=False)

    op.create_table('evidence_skill_use',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('skill_id', sa.Integer(), nullable=False),
    sa.Column('last_used', sa.Date(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_evidence_skill_use_user_id_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['skill_id'], ['skill.id'], name=op.f('fk_evidence_skill_use_skill_id_skill'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence_skill_use')),
    sa.UniqueConstraint('user_id', 'skill_id', name=op.f('uq_evidence_skill_use_user_id_skill_id'))
    )
    with op.batch_alter_table('evidence_skill_use', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_skill_use_user_id'), ['user_id'], unique=False)

    op.create_table('evidence_endorsement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('skill_id', sa.Integer(), nullable=False),
    sa.Column('rating_id', sa.Integer(), nullable=True),
    sa.Column('level', sa.Integer(), nullable=True),
    sa.Column('rated_at', sa.DateTime(), nullable=False),
    sa.Column('endorser_id', sa.Integer(), nullable=True),
    sa.Column('endorser_name', sa.String(length=120), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('team_name', sa.String(length=200), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_evidence_endorsement_user_id_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['skill_id'], ['skill.id'], name=op.f('fk_evidence_endorsement_skill_id_skill'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['rating_id'], ['rating.id'], name=op.f('fk_evidence_endorsement_rating_id_rating'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['endorser_id'], ['user.id'], name=op.f('fk_evidence_endorsement_endorser_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], name=op.f('fk_evidence_endorsement_team_id_team'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['review_id'], ['team_review.id'], name=op.f('fk_evidence_endorsement_review_id_team_review'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence_endorsement'))
    )
    with op.batch_alter_table('evidence_endorsement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_endorsement_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_endorsement_skill_id'), ['skill_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_endorsement_endorser_id'), ['endorser_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_endorsement_review_id'), ['review_id'], unique=False)

    op.create_table('evidence_badge',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('pathway_id', sa.Integer(), nullable=True),
    sa.Column('endorsement_id', sa.Integer(), nullable=True),
    sa.Column('credential_id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('token', sa.Text(), nullable=False),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_evidence_badge_user_id_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['pathway_id'], ['pathway.id'], name=op.f('fk_evidence_badge_pathway_id_pathway'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['endorsement_id'], ['evidence_endorsement.id'], name=op.f('fk_evidence_badge_endorsement_id_evidence_endorsement'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence_badge')),
    sa.UniqueConstraint('credential_id', name=op.f('uq_evidence_badge_credential_id'))
    )
    with op.batch_alter_table('evidence_badge', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_badge_user_id'), ['user_id'], unique=False)


def downgrade():
    op.drop_table('evidence_badge')
    op.drop_table('evidence_endorsement')
    op.drop_table('evidence_skill_use')
    op.drop_table('evidence_item')
