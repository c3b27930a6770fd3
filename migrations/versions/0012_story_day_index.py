"""an index on stories by traject and day, for the dashboard's check of its kept day counts

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-20 12:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        'ix_stories_traject_id_submitted_on', 'stories', ['traject_id', 'submitted_on', 'id'], unique=False
    )


def downgrade():
    op.drop_index('ix_stories_traject_id_submitted_on', table_name='stories')
