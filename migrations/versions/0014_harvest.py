"""harvest: sources, runs and their records, listings, alerts, near-duplicates, scheduled
jobs; resources remember curated fields and failed link checks in a row

Revision ID: 0014
Revises: 0011
Create Date: 2026-12-06 22:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ALTER TABLE (also on SQLite): batch mode would recreate ``resource`` and lose
    # the full-text search triggers of 0002.
    op.add_column('resource', sa.Column('link_failures', sa.Integer(), nullable=False, server_default='0'))
    op.add_column('resource', sa.Column('curated_fields', sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
    op.create_table('harvest_source',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=1000), nullable=False),
    sa.Column('method', sa.String(length=32), nullable=False),
    sa.Column('schedule', sa.String(length=16), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('registered_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('next_run_at', sa.DateTime(), nullable=True),
    sa.Column('last_run_at', sa.DateTime(), nullable=True),
    sa.Column('last_success_at', sa.DateTime(), nullable=True),
    sa.Column('failure_streak', sa.Integer(), nullable=False),
    sa.Column('etag', sa.String(length=300), nullable=False),
    sa.Column('last_modified', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['provider_id'], ['provider.id'], name=op.f('fk_harvest_source_provider_id_provider'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['registered_by_id'], ['user.id'], name=op.f('fk_harvest_source_registered_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['approved_by_id'], ['user.id'], name=op.f('fk_harvest_source_approved_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_harvest_source'))
    )
    with op.batch_alter_table('harvest_source', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_harvest_source_provider_id'), ['provider_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_harvest_source_registered_by_id'), ['registered_by_id'], unique=False)
    op.create_table('harvest_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('trigger', sa.String(length=16), nullable=False),
    sa.Column('seen', sa.Integer(), nullable=False),
    sa.Column('added', sa.Integer(), nullable=False),
    sa.Column('updated', sa.Integer(), nullable=False),
    sa.Column('unchanged', sa.Integer(), nullable=False),
    sa.Column('archived', sa.Integer(), nullable=False),
    sa.Column('rejected', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['source_id'], ['harvest_source.id'], name=op.f('fk_harvest_run_source_id_harvest_source'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_harvest_run'))
    )
    with op.batch_alter_table('harvest_run', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_harvest_run_source_id'), ['source_id'], unique=False)
    op.create_table('harvest_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('position', sa.String(length=300), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('resource_key', sa.String(length=128), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('diff', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['harvest_run.id'], name=op.f('fk_harvest_record_run_id_harvest_run'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_harvest_record'))
    )
    with op.batch_alter_table('harvest_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_harvest_record_run_id'), ['run_id'], unique=False)
    op.create_table('harvest_listing',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('resource_id', sa.Integer(), nullable=False),
    sa.Column('external_key', sa.String(length=1000), nullable=False),
    sa.Column('url', sa.String(length=1000), nullable=False),
    sa.Column('first_seen', sa.DateTime(), nullable=False),
    sa.Column('last_seen', sa.DateTime(), nullable=False),
    sa.Column('missed_runs', sa.Integer(), nullable=False),
    sa.Column('archived_by_harvest', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['source_id'], ['harvest_source.id'], name=op.f('fk_harvest_listing_source_id_harvest_source'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resource_id'], ['resource.id'], name=op.f('fk_harvest_listing_resource_id_resource'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_harvest_listing')),
    sa.UniqueConstraint('source_id', 'external_key', name=op.f('uq_harvest_listing_source_id_external_key'))
    )
    with op.batch_alter_table('harvest_listing', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_harvest_listing_source_id'), ['source_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_harvest_listing_resource_id'), ['resource_id'], unique=False)
    op.create_table('harvest_alert',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['source_id'], ['harvest_source.id'], name=op.f('fk_harvest_alert_source_id_harvest_source'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['run_id'], ['harvest_run.id'], name=op.f('fk_harvest_alert_run_id_harvest_run'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_harvest_alert'))
    )
    with op.batch_alter_table('harvest_alert', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_harvest_alert_source_id'), ['source_id'], unique=False)
    op.create_table('harvest_duplicate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('resource_id', sa.Integer(), nullable=False),
    sa.Column('other_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['resource_id'], ['resource.id'], name=op.f('fk_harvest_duplicate_resource_id_resource'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['other_id'], ['resource.id'], name=op.f('fk_harvest_duplicate_other_id_resource'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_harvest_duplicate_decided_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_harvest_duplicate')),
    sa.UniqueConstraint('resource_id', 'other_id', name=op.f('uq_harvest_duplicate_resource_id_other_id'))
    )
    with op.batch_alter_table('harvest_duplicate', schema=None) as batch_op:
        batch_op.create_index('ix_harvest_duplicate_status', ['status'], unique=False)
    op.create_table('scheduled_job',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('next_run_at', sa.DateTime(), nullable=True),
    sa.Column('last_run_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_scheduled_job'))
    )


def downgrade():
    op.drop_table('scheduled_job')
    with op.batch_alter_table('harvest_duplicate', schema=None) as batch_op:
        batch_op.drop_index('ix_harvest_duplicate_status')
    op.drop_table('harvest_duplicate')
    with op.batch_alter_table('harvest_alert', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_harvest_alert_source_id'))
    op.drop_table('harvest_alert')
    with op.batch_alter_table('harvest_listing', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_harvest_listing_resource_id'))
        batch_op.drop_index(batch_op.f('ix_harvest_listing_source_id'))
    op.drop_table('harvest_listing')
    with op.batch_alter_table('harvest_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_harvest_record_run_id'))
    op.drop_table('harvest_record')
    with op.batch_alter_table('harvest_run', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_harvest_run_source_id'))
    op.drop_table('harvest_run')
    with op.batch_alter_table('harvest_source', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_harvest_source_registered_by_id'))
        batch_op.drop_index(batch_op.f('ix_harvest_source_provider_id'))
    op.drop_table('harvest_source')
    for column in ('curated_fields', 'link_failures'):
        if op.get_bind().dialect.name == 'sqlite':
            # SQLite (3.35+) drops a column in place; batch mode would recreate the table.
            op.execute(f'ALTER TABLE resource DROP COLUMN {column}')
        else:
            op.drop_column('resource', column)
