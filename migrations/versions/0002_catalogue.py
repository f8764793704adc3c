"""catalogue: providers, resources, skill links, course instances, problem reports, search

Full-text search lives outside the ORM, in a table ``resource_fts`` kept in sync with
``resource.search_text`` by triggers: on SQLite an FTS5 table (porter stemming), on
PostgreSQL a table of stored ``to_tsvector('english', search_text)`` with a GIN index. See
webapp/catalogue/search.py.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 16:15:46.394587

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('provider',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=128), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('country', sa.String(length=8), nullable=False),
    sa.Column('source_url', sa.String(length=500), nullable=False),
    sa.Column('licence', sa.String(length=100), nullable=False),
    sa.Column('retrieved', sa.String(length=32), nullable=False),
    sa.Column('bundled', sa.Boolean(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_provider')),
    sa.UniqueConstraint('key', name=op.f('uq_provider_key'))
    )
    op.create_table('resource',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=128), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('url', sa.String(length=1000), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('outcomes', sa.JSON(), nullable=False),
    sa.Column('keywords', sa.JSON(), nullable=False),
    sa.Column('format', sa.String(length=32), nullable=False),
    sa.Column('hours', sa.Float(), nullable=False),
    sa.Column('cost', sa.Float(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('contract_types', sa.JSON(), nullable=False),
    sa.Column('institutions', sa.JSON(), nullable=False),
    sa.Column('regions', sa.JSON(), nullable=False),
    sa.Column('eligibility_note', sa.Text(), nullable=False),
    sa.Column('open_to_all', sa.Boolean(), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('licence', sa.String(length=100), nullable=False),
    sa.Column('audience', sa.JSON(), nullable=False),
    sa.Column('difficulty', sa.String(length=16), nullable=False),
    sa.Column('last_reviewed', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('source_url', sa.String(length=1000), nullable=False),
    sa.Column('untagged', sa.Boolean(), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.Column('bundled', sa.Boolean(), nullable=False),
    sa.Column('source_checksum', sa.String(length=64), nullable=False),
    sa.Column('link_status', sa.Integer(), nullable=True),
    sa.Column('link_error', sa.String(length=300), nullable=False),
    sa.Column('link_checked_at', sa.DateTime(), nullable=True),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['provider_id'], ['provider.id'], name=op.f('fk_resource_provider_id_provider'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resource')),
    sa.UniqueConstraint('key', name=op.f('uq_resource_key'))
    )
    with op.batch_alter_table('resource', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resource_difficulty'), ['difficulty'], unique=False)
        batch_op.create_index(batch_op.f('ix_resource_format'), ['format'], unique=False)
        batch_op.create_index('ix_resource_hours', ['hours'], unique=False)
        batch_op.create_index(batch_op.f('ix_resource_language'), ['language'], unique=False)
        batch_op.create_index('ix_resource_last_reviewed', ['last_reviewed'], unique=False)
        batch_op.create_index('ix_resource_title', ['title'], unique=False)
        batch_op.create_index(batch_op.f('ix_resource_provider_id'), ['provider_id'], unique=False)
        batch_op.create_index('ix_resource_status_kind', ['status', 'kind'], unique=False)

    op.create_table('course_instance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('resource_id', sa.Integer(), nullable=False),
    sa.Column('start', sa.String(length=40), nullable=False),
    sa.Column('end', sa.String(length=40), nullable=False),
    sa.Column('location', sa.String(length=300), nullable=False),
    sa.Column('mode', sa.String(length=32), nullable=False),
    sa.Column('url', sa.String(length=1000), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['resource_id'], ['resource.id'], name=op.f('fk_course_instance_resource_id_resource'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_course_instance'))
    )
    with op.batch_alter_table('course_instance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_course_instance_resource_id'), ['resource_id'], unique=False)

    op.create_table('resource_problem_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('resource_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['resource_id'], ['resource.id'], name=op.f('fk_resource_problem_report_resource_id_resource'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_resource_problem_report_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resource_problem_report'))
    )
    with op.batch_alter_table('resource_problem_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resource_problem_report_resource_id'), ['resource_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_resource_problem_report_user_id'), ['user_id'], unique=False)

    op.create_table('resource_skill',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('resource_id', sa.Integer(), nullable=False),
    sa.Column('skill_id', sa.Integer(), nullable=False),
    sa.Column('relation', sa.String(length=8), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['resource_id'], ['resource.id'], name=op.f('fk_resource_skill_resource_id_resource'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['skill_id'], ['skill.id'], name=op.f('fk_resource_skill_skill_id_skill'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resource_skill')),
    sa.UniqueConstraint('resource_id', 'skill_id', 'relation', name=op.f('uq_resource_skill_resource_id_skill_id_relation'))
    )
    with op.batch_alter_table('resource_skill', schema=None) as batch_op:
        batch_op.create_index('ix_resource_skill_lookup', ['skill_id', 'relation', 'resource_id'], unique=False)

    _create_search_index()


SQLITE_SEARCH = (
    "CREATE VIRTUAL TABLE resource_fts USING fts5(search_text, tokenize='porter unicode61')",
    "CREATE TRIGGER resource_fts_insert AFTER INSERT ON resource BEGIN "
    "INSERT INTO resource_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER resource_fts_delete AFTER DELETE ON resource BEGIN "
    "DELETE FROM resource_fts WHERE rowid = old.id; END",
    "CREATE TRIGGER resource_fts_update AFTER UPDATE OF search_text ON resource BEGIN "
    "DELETE FROM resource_fts WHERE rowid = old.id; "
    "INSERT INTO resource_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
)


# A stored tsvector per resource (not an expression index): matching and ranking then read
# the vector instead of parsing the text of every candidate row again.
POSTGRES_SEARCH = (
    "CREATE TABLE resource_fts (rowid integer PRIMARY KEY "
    "REFERENCES resource (id) ON DELETE CASCADE, vector tsvector NOT NULL)",
    "CREATE INDEX ix_resource_fts_vector ON resource_fts USING gin (vector)",
    "CREATE FUNCTION resource_fts_sync() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "INSERT INTO resource_fts (rowid, vector) "
    "VALUES (NEW.id, to_tsvector('english'::regconfig, NEW.search_text)) "
    "ON CONFLICT (rowid) DO UPDATE SET vector = EXCLUDED.vector; RETURN NEW; END $$",
    "CREATE TRIGGER resource_fts_sync AFTER INSERT OR UPDATE OF search_text ON resource "
    "FOR EACH ROW EXECUTE FUNCTION resource_fts_sync()",
)


def _create_search_index():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in SQLITE_SEARCH:
            op.execute(statement)
    elif dialect == "postgresql":
        for statement in POSTGRES_SEARCH:
            op.execute(statement)


def _drop_search_index():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for trigger in ("resource_fts_insert", "resource_fts_delete", "resource_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS resource_fts")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS resource_fts_sync ON resource")
        op.execute("DROP FUNCTION IF EXISTS resource_fts_sync()")
        op.execute("DROP TABLE IF EXISTS resource_fts")


def downgrade():
    _drop_search_index()
    with op.batch_alter_table('resource_skill', schema=None) as batch_op:
        batch_op.drop_index('ix_resource_skill_lookup')

    op.drop_table('resource_skill')
    with op.batch_alter_table('resource_problem_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_resource_problem_report_user_id'))
        batch_op.drop_index(batch_op.f('ix_resource_problem_report_resource_id'))

    op.drop_table('resource_problem_report')
    with op.batch_alter_table('course_instance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_course_instance_resource_id'))

    op.drop_table('course_instance')
    with op.batch_alter_table('resource', schema=None) as batch_op:
        batch_op.drop_index('ix_resource_status_kind')
        batch_op.drop_index(batch_op.f('ix_resource_provider_id'))
        batch_op.drop_index('ix_resource_title')
        batch_op.drop_index('ix_resource_last_reviewed')
        batch_op.drop_index(batch_op.f('ix_resource_language'))
        batch_op.drop_index('ix_resource_hours')
        batch_op.drop_index(batch_op.f('ix_resource_format'))
        batch_op.drop_index(batch_op.f('ix_resource_difficulty'))

    op.drop_table('resource')
    op.drop_table('provider')
